package postgres

import (
	"time"

	"github.com/socle-project/socle"
)

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// flattenSpans stores spans as one integer array: start, end, start, end…
func flattenSpans(spans []socle.Span) []int32 {
	out := make([]int32, 0, 2*len(spans))
	for _, s := range spans {
		out = append(out, int32(s.Start), int32(s.End))
	}
	return out
}

func unflattenSpans(flat []int) []socle.Span {
	if len(flat) == 0 {
		return nil
	}
	out := make([]socle.Span, len(flat)/2)
	for i := range out {
		out[i] = socle.Span{Start: flat[2*i], End: flat[2*i+1]}
	}
	return out
}

// flattenRuns stores char runs as one integer array: start, end, page, char, start…; nil
// (SQL NULL) for none.
func flattenRuns(runs []socle.CharRun) []int32 {
	if len(runs) == 0 {
		return nil
	}
	out := make([]int32, 0, 4*len(runs))
	for _, r := range runs {
		out = append(out, int32(r.Start), int32(r.End), int32(r.Page), int32(r.Char))
	}
	return out
}

func unflattenRuns(flat []int) []socle.CharRun {
	if len(flat) < 4 {
		return nil
	}
	out := make([]socle.CharRun, len(flat)/4)
	for i := range out {
		out[i] = socle.CharRun{Start: flat[4*i], End: flat[4*i+1], Page: flat[4*i+2], Char: flat[4*i+3]}
	}
	return out
}

func nonNilProblems(p []socle.ReadProblem) []socle.ReadProblem {
	if p == nil {
		return []socle.ReadProblem{}
	}
	return p
}
