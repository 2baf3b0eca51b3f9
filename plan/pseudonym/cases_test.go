package pseudonym

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// The labelled case notes: testdata/cases.txt was used to develop the detector,
// testdata/heldout.txt was written before it and never tuned on. See the files' headers for the
// markup.

type planted struct {
	kind       byte // P E T N I A D X K
	start, end int  // in the plain text
	text       string
}

type note struct {
	id, title string
	text      string
	gold      []planted
	allow     map[string]bool // folded words a planted identifier shares with ordinary text
}

func loadNotes(t testing.TB, name string) []note {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var notes []note
	var cur *note
	var body []string
	flush := func() {
		if cur == nil {
			return
		}
		raw := strings.TrimSpace(strings.Join(body, "\n"))
		cur.text, cur.gold = parseMarkup(t, cur.id, raw)
		notes = append(notes, *cur)
	}
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "=== "):
			flush()
			id, title, _ := strings.Cut(strings.TrimPrefix(line, "=== "), " ")
			cur = &note{id: id, title: title, allow: map[string]bool{}}
			body = nil
		case strings.HasPrefix(line, "% allow:"):
			for _, w := range strings.Split(strings.TrimPrefix(line, "% allow:"), ",") {
				cur.allow[foldString(strings.TrimSpace(w))] = true
			}
		case strings.HasPrefix(line, "#") && cur == nil:
		default:
			if cur != nil {
				body = append(body, line)
			}
		}
	}
	flush()
	return notes
}

func parseMarkup(t testing.TB, id, raw string) (string, []planted) {
	var b strings.Builder
	var gold []planted
	for i := 0; i < len(raw); {
		if raw[i] == '{' && i+2 < len(raw) && raw[i+2] == ':' && strings.IndexByte("PETNIADXK", raw[i+1]) >= 0 {
			end := strings.IndexByte(raw[i:], '}')
			if end < 0 {
				t.Fatalf("%s: unclosed markup at %d", id, i)
			}
			val := raw[i+3 : i+end]
			gold = append(gold, planted{kind: raw[i+1], start: b.Len(), end: b.Len() + len(val), text: val})
			b.WriteString(val)
			i += end + 1
			continue
		}
		b.WriteByte(raw[i])
		i++
	}
	return b.String(), gold
}

// leaks returns the planted identifiers still readable in out, and the protected text lost.
func leaks(n note, out string) (leaked, lost []string) {
	fo := " " + foldWords(out) + " "
	alnum := alnumOnly(out)
	for _, g := range n.gold {
		switch g.kind {
		case 'K':
			if !strings.Contains(out, g.text) {
				lost = append(lost, g.text)
			}
		case 'P':
			for _, w := range strings.Fields(foldWords(g.text)) {
				if len([]rune(w)) < 2 || has(particles, w) || n.allow[w] {
					continue
				}
				if strings.Contains(fo, " "+w+" ") {
					leaked = append(leaked, fmt.Sprintf("%s (in %q)", w, g.text))
				}
			}
		case 'A':
			head, _, _ := strings.Cut(g.text, ",")
			for _, s := range []string{g.text, head} {
				if strings.Contains(fo, " "+foldWords(s)+" ") {
					leaked = append(leaked, g.text)
					break
				}
			}
		case 'T', 'N', 'I', 'X':
			if strings.Contains(alnum, alnumOnly(g.text)) {
				leaked = append(leaked, g.text)
			}
		default:
			if strings.Contains(fo, " "+foldWords(g.text)+" ") {
				leaked = append(leaked, g.text)
			}
		}
	}
	return leaked, lost
}

// foldWords folds s and keeps its letters and digits as words separated by single spaces.
func foldWords(s string) string {
	return strings.Join(strings.FieldsFunc(foldString(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func alnumOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToUpper(r)
		}
		return -1
	}, s)
}

// TestLabelledNotesLeakNothing checks every planted identifier (case- and accent-insensitively,
// word by word for names) and every piece of text that must stay. The tuning notes must pass
// whole; of the held-out notes, at most 5% of the planted identifiers may survive (they are
// logged: a nickname, a first name that is also a rare word).
func TestLabelledNotesLeakNothing(t *testing.T) {
	p := newTestPseudonymizer(t)
	for _, c := range []struct {
		file      string
		tolerance float64
	}{{"cases.txt", 0}, {"heldout.txt", 0.05}, {"heldout2.txt", 0.05}, {"lowercase.txt", 0.15}} {
		t.Run(c.file, func(t *testing.T) {
			planted, survived := 0, 0
			for _, n := range loadNotes(t, c.file) {
				var m Mapping
				res, err := p.Pseudonymize(n.text, &m)
				if err != nil {
					t.Fatal(err)
				}
				for _, g := range n.gold {
					if g.kind != 'K' {
						planted++
					}
				}
				leaked, lost := leaks(n, res.Text)
				survived += len(leaked)
				if len(leaked) > 0 {
					msg := fmt.Sprintf("%s: identifiers survived: %q\noutput: %s", n.id, leaked, res.Text)
					if c.tolerance == 0 {
						t.Error(msg)
					} else {
						t.Log(msg)
					}
				}
				if len(lost) > 0 {
					t.Errorf("%s: text that must stay was replaced: %q\noutput: %s", n.id, lost, res.Text)
				}
				if got := m.Restore(res.Text); len(res.Entities) > 0 && restoreRe.MatchString(got) {
					t.Errorf("%s: Restore left placeholders: %s", n.id, got)
				}
			}
			share := ratio(survived, planted)
			t.Logf("%s: %d planted identifiers, %d survived", c.file, planted, survived)
			if c.tolerance > 0 && share > c.tolerance {
				t.Errorf("%.1f%% of the planted identifiers survived, want at most %.0f%%", 100*share, 100*c.tolerance)
			}
		})
	}
}

// nameScores counts name detection per word token: a word inside a planted name is a positive;
// a word inside a person entity is a prediction.
type nameScores struct{ tp, fp, fn, spans, spansFound int }

func (s nameScores) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s nameScores) recall() float64    { return ratio(s.tp, s.tp+s.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func scoreNames(t testing.TB, p *Pseudonymizer, notes []note) (nameScores, []string) {
	var s nameScores
	var errs []string
	for _, n := range notes {
		var m Mapping
		res, err := p.Pseudonymize(n.text, &m)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range tokenize(n.text, nil) {
			if tok.kind != tWord {
				continue
			}
			gold, pred := false, false
			for _, g := range n.gold {
				if g.kind == 'P' && tok.start >= g.start && tok.end <= g.end {
					gold = true
				}
			}
			for _, e := range res.Entities {
				if e.Kind == Person && tok.start >= e.Start && tok.end <= e.End {
					pred = true
				}
			}
			switch {
			case gold && pred:
				s.tp++
			case pred:
				s.fp++
				errs = append(errs, fmt.Sprintf("%s FP %q", n.id, tok.text))
			case gold:
				s.fn++
				errs = append(errs, fmt.Sprintf("%s FN %q", n.id, tok.text))
			}
		}
		for _, g := range n.gold {
			if g.kind != 'P' {
				continue
			}
			s.spans++
			for _, e := range res.Entities {
				if e.Start <= g.start && e.End >= g.end {
					s.spansFound++
					break
				}
			}
		}
	}
	sort.Strings(errs)
	return s, errs
}

func TestNameDetectionQuality(t *testing.T) {
	p := newTestPseudonymizer(t)
	for _, c := range []struct {
		file                    string
		minPrecision, minRecall float64
	}{
		// Floors under the figures measured when the detector was last changed; a drop below
		// them is a regression. (First and only runs before any fix: heldout.txt 1.000 and
		// 1.000; heldout2.txt 0.984 and 0.873.)
		{"cases.txt", 0.98, 0.98},
		{"heldout.txt", 0.95, 0.95},
		{"heldout2.txt", 0.95, 0.95},
		// Names in lower case, held out (issue 15): 0.769 and 0.526 before the lower-case
		// rules, 1.000 and 0.947 after, measured once (docs/security.md).
		{"lowercase.txt", 0.90, 0.80},
	} {
		t.Run(c.file, func(t *testing.T) {
			s, errs := scoreNames(t, p, loadNotes(t, c.file))
			t.Logf("%s: name words: precision %.3f recall %.3f (tp %d, fp %d, fn %d); names fully replaced %d/%d",
				c.file, s.precision(), s.recall(), s.tp, s.fp, s.fn, s.spansFound, s.spans)
			for _, e := range errs {
				t.Log(e)
			}
			if s.precision() < c.minPrecision || s.recall() < c.minRecall {
				t.Errorf("precision %.3f, recall %.3f: want at least %.2f and %.2f", s.precision(), s.recall(), c.minPrecision, c.minRecall)
			}
		})
	}
}

func newTestPseudonymizer(t testing.TB) *Pseudonymizer {
	t.Helper()
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
