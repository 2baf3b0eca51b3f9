package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/socle-project/socle"
)

// Passage bounds, in bytes of UTF-8 (French text runs about 1.04 bytes per character). A passage
// aims at PassageTarget and never exceeds PassageMax, except a table, which stays whole.
const (
	PassageTarget = 1200
	PassageMax    = 2500
)

// Passages splits text into passages of bounded length: on paragraph boundaries (blank lines)
// first, then line breaks, then sentence ends, then spaces, and as a last resort inside a word
// too long to fit. The spans cover the text in order; only the whitespace between two passages
// is left out. Text made only of whitespace has no passages.
func Passages(text string) []socle.Span {
	return splitPassages(text, nil)
}

// splitPassages is Passages with spans of text that must not be cut (tables), sorted and
// disjoint.
func splitPassages(text string, atomic []socle.Span) []socle.Span {
	var units []unit
	pos := 0
	for _, a := range atomic {
		if a.Start < pos || a.End > len(text) || a.Start >= a.End {
			continue
		}
		units = appendParagraphs(units, text, pos, a.Start)
		units = append(units, unit{span: trimSpan(text, a), whole: true})
		pos = a.End
	}
	units = appendParagraphs(units, text, pos, len(text))
	return pack(units)
}

// unit is a piece of text that packing does not cut: a paragraph, a line, a sentence, a run of
// words, or a table (whole).
type unit struct {
	span  socle.Span
	whole bool
}

func (u unit) len() int { return u.span.End - u.span.Start }

// appendParagraphs appends the paragraphs of text[start:end], each cut further if longer than
// PassageMax.
func appendParagraphs(units []unit, text string, start, end int) []unit {
	for _, p := range splitOn(text, start, end, isParagraphBreak) {
		units = appendFitting(units, text, p, 0)
	}
	return units
}

// The levels at which a unit too long for a passage is cut, coarsest first.
const (
	levelLine = iota
	levelSentence
	levelWord
	levelRune
)

// appendFitting appends p, cut at the given level and finer ones until each piece fits.
func appendFitting(units []unit, text string, p socle.Span, level int) []unit {
	if p.End-p.Start <= PassageMax {
		return append(units, unit{span: p})
	}
	var pieces []socle.Span
	switch level {
	case levelLine:
		pieces = splitOn(text, p.Start, p.End, isLineBreak)
	case levelSentence:
		pieces = sentences(text, p)
	case levelWord:
		pieces = wordRuns(text, p)
	default:
		pieces = runeRuns(text, p)
	}
	for _, q := range pieces {
		units = appendFitting(units, text, q, level+1)
	}
	return units
}

// pack groups consecutive units into passages: a unit joins the passage being filled while the
// passage stays within PassageTarget, or within PassageMax while the passage is still under half
// the target (so that short paragraphs do not each make a passage). A short last passage joins
// the one before when they fit together.
func pack(units []unit) []socle.Span {
	var out []socle.Span
	var cur socle.Span
	open := false
	for _, u := range units {
		if u.len() == 0 {
			continue
		}
		if !open {
			cur, open = u.span, true
			continue
		}
		merged := u.span.End - cur.Start
		if merged <= PassageTarget || (cur.End-cur.Start < PassageTarget/2 && merged <= PassageMax) {
			cur.End = u.span.End
			continue
		}
		out = append(out, cur)
		cur = u.span
	}
	if open {
		if n := len(out); n > 0 && cur.End-cur.Start < PassageTarget/4 && cur.End-out[n-1].Start <= PassageMax {
			out[n-1].End = cur.End
		} else {
			out = append(out, cur)
		}
	}
	return out
}

// splitOn cuts text[start:end] at the separators isBreak recognizes and returns the pieces
// between them, trimmed of surrounding whitespace; isBreak(text, i) returns the length of a
// separator starting at i, or 0.
func splitOn(text string, start, end int, isBreak func(s string, i int) int) []socle.Span {
	var out []socle.Span
	from := start
	for i := start; i < end; {
		if n := isBreak(text[:end], i); n > 0 {
			if sp := trimSpan(text, socle.Span{Start: from, End: i}); sp.End > sp.Start {
				out = append(out, sp)
			}
			i += n
			from = i
			continue
		}
		i++
	}
	if sp := trimSpan(text, socle.Span{Start: from, End: end}); sp.End > sp.Start {
		out = append(out, sp)
	}
	return out
}

// isParagraphBreak recognizes a run of whitespace holding at least two line breaks.
func isParagraphBreak(s string, i int) int {
	if s[i] != '\n' {
		return 0
	}
	j, lines := i, 0
	for j < len(s) && (s[j] == '\n' || s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
		if s[j] == '\n' {
			lines++
		}
		j++
	}
	if lines < 2 {
		return 0
	}
	return j - i
}

func isLineBreak(s string, i int) int {
	if s[i] == '\n' {
		return 1
	}
	return 0
}

// trimSpan narrows sp to exclude leading and trailing whitespace.
func trimSpan(text string, sp socle.Span) socle.Span {
	for sp.Start < sp.End {
		r, n := utf8.DecodeRuneInString(text[sp.Start:sp.End])
		if !unicode.IsSpace(r) {
			break
		}
		sp.Start += n
	}
	for sp.End > sp.Start {
		r, n := utf8.DecodeLastRuneInString(text[sp.Start:sp.End])
		if !unicode.IsSpace(r) {
			break
		}
		sp.End -= n
	}
	return sp
}

// isAbbreviation reports whether a word (lower case) ending with a period does not end a sentence
// in French administrative text. "etc." is left out on purpose: it usually does end one.
func isAbbreviation(w string) bool {
	switch w {
	case "art", "arts", "al", "alin", "cf", "ex", "pp", "no", "nos", "vol", "chap", "éd", "ed",
		"env", "av", "bd", "bld", "fg", "st", "ste", "dr", "pr", "me", "mm", "mme", "mmes", "mlle",
		"mlles", "mgr", "tél", "tel", "réf", "ref", "cass", "civ", "soc", "crim", "min", "max", "op",
		"cit", "ibid", "id", "vs", "hab", "ch", "suiv", "sq", "dép", "dept", "cie", "ets", "éts",
		"adm", "ord", "circ", "spéc", "préc", "coll", "trad", "resp":
		return true
	}
	return false
}

// sentences cuts a long span at sentence ends: a period, question or exclamation mark or
// ellipsis, possibly followed by closing quotes or brackets, then whitespace, then a capital
// letter, a digit or an opening quote. A period after a known abbreviation ("art.", "cf.",
// "M.") or a single letter (an initial) does not end a sentence.
func sentences(text string, sp socle.Span) []socle.Span {
	var out []socle.Span
	from := sp.Start
	s := text[:sp.End]
	for i := sp.Start; i < sp.End; {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != '.' && r != '?' && r != '!' && r != '…' {
			i += n
			continue
		}
		j := i + n
		for j < sp.End {
			c, m := utf8.DecodeRuneInString(s[j:])
			if !strings.ContainsRune(`.?!…"'»)]’”`, c) {
				break
			}
			j += m
		}
		k := j
		for k < sp.End {
			c, m := utf8.DecodeRuneInString(s[k:])
			if !unicode.IsSpace(c) {
				break
			}
			k += m
		}
		if k == j || k >= sp.End {
			i = j
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[k:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '«' || next == '"' || next == '(' || next == '-' || next == '–') {
			i = j
			continue
		}
		if r == '.' && abbreviationBefore(s, sp.Start, i) {
			i = j
			continue
		}
		out = append(out, trimSpan(text, socle.Span{Start: from, End: j}))
		from = k
		i = k
	}
	if last := trimSpan(text, socle.Span{Start: from, End: sp.End}); last.End > last.Start {
		out = append(out, last)
	}
	return out
}

// abbreviationBefore reports whether the word ending at i (just before a period) is an
// abbreviation or a single letter.
func abbreviationBefore(s string, lo, i int) bool {
	j := i
	for j > lo {
		r, n := utf8.DecodeLastRuneInString(s[lo:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= n
	}
	word := s[j:i]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		return true // an initial: "J. Dupont", "M. Martin"
	}
	return isAbbreviation(strings.ToLower(word))
}

// wordRuns cuts a long span into runs of whole words of at most PassageTarget bytes.
func wordRuns(text string, sp socle.Span) []socle.Span {
	var out []socle.Span
	start := sp.Start
	for sp.End-start > PassageTarget {
		cut := -1
		for i := start + PassageTarget; i > start; i-- {
			if text[i] == ' ' || text[i] == '\t' || text[i] == '\n' {
				cut = i
				break
			}
		}
		if cut < 0 {
			// One word longer than a passage (a long URL, a base64 blob): leave it to runeRuns.
			end := start + PassageTarget
			for end < sp.End && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' {
				end++
			}
			out = append(out, socle.Span{Start: start, End: end})
			start = end
		} else {
			out = append(out, trimSpan(text, socle.Span{Start: start, End: cut}))
			start = cut
		}
		for start < sp.End && (text[start] == ' ' || text[start] == '\t' || text[start] == '\n') {
			start++
		}
	}
	if start < sp.End {
		out = append(out, socle.Span{Start: start, End: sp.End})
	}
	return out
}

// runeRuns cuts a span with no usable boundary into pieces of at most PassageTarget bytes,
// never inside a UTF-8 sequence.
func runeRuns(text string, sp socle.Span) []socle.Span {
	var out []socle.Span
	for start := sp.Start; start < sp.End; {
		end := start + PassageTarget
		if end >= sp.End {
			end = sp.End
		} else {
			for end > start && !utf8.RuneStart(text[end]) {
				end--
			}
			if end == start {
				end = start + PassageTarget
			}
		}
		out = append(out, socle.Span{Start: start, End: end})
		start = end
	}
	return out
}

// Sentences cuts text into sentences: at line breaks (so that list items and paragraphs stand
// alone), then at sentence ends, with the same rules as Passages (abbreviations and initials do
// not end a sentence). The spans are trimmed of whitespace and cover every non-blank part of
// text in order.
func Sentences(text string) []socle.Span {
	var out []socle.Span
	for _, line := range splitOn(text, 0, len(text), isLineBreak) {
		out = append(out, sentences(text, line)...)
	}
	return out
}
