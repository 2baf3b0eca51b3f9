package authoring

import (
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Segment is a run of a changed section's text in a word-level comparison.
type Segment struct {
	Op   string // "equal", "insert" or "delete"
	Text string // the run's words and what lies between them, without the space before
	// Start and End are byte offsets of the run: in the new text for "equal" and "insert", in
	// the old text for "delete".
	Start, End int
	Space      bool // whitespace came before the run in its text
}

// token is a word or a punctuation mark of a text, with its byte offsets.
type token struct {
	text       string
	start, end int
	space      bool // whitespace before it
}

// tokenize cuts text into words (letters, digits and the marks, apostrophes and hyphens inside
// them) and single punctuation marks; whitespace separates tokens and is not one.
func tokenize(text string) []token {
	var out []token
	space := false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			i += n
		case isWordRune(r):
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if isWordRune(r2) || (r2 == '\'' || r2 == '’' || r2 == '-') && j+n2 < len(text) && startsWord(text[j+n2:]) {
					j += n2
					continue
				}
				break
			}
			out = append(out, token{text[i:j], i, j, space})
			space = false
			i = j
		default:
			out = append(out, token{text[i : i+n], i, i + n, space})
			space = false
			i += n
		}
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func startsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

// diffTimeout bounds the word comparison of one section; past it the library returns a
// coarser but still correct difference.
const diffTimeout = 500 * time.Millisecond

// wordDiff compares two texts word by word. Each distinct token becomes one rune, so that the
// library's character diff works on words: a sentence with one word changed shows that word,
// not the letters it shares with the old one.
func wordDiff(oldText, newText string) []Segment {
	a, b := tokenize(oldText), tokenize(newText)
	codes := map[string]rune{}
	encode := func(ts []token) []rune {
		out := make([]rune, len(ts))
		for i, t := range ts {
			c, ok := codes[t.text]
			if !ok {
				c = runeFor(len(codes))
				codes[t.text] = c
			}
			out[i] = c
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))

	var out []Segment
	ia, ib := 0, 0
	run := func(op string, ts []token, text string) {
		if len(ts) == 0 {
			return
		}
		first, last := ts[0], ts[len(ts)-1]
		out = append(out, Segment{Op: op, Text: text[first.start:last.end], Start: first.start, End: last.end, Space: first.space})
	}
	for _, d := range diffs {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			run("equal", b[ib:ib+n], newText)
			ia, ib = ia+n, ib+n
		case diffmatchpatch.DiffDelete:
			run("delete", a[ia:ia+n], oldText)
			ia += n
		case diffmatchpatch.DiffInsert:
			run("insert", b[ib:ib+n], newText)
			ib += n
		}
	}
	return out
}

// runeFor returns the i-th rune used to stand for a token: valid runes only, since the library
// turns runes into strings and back, which would fold the surrogate range into U+FFFD.
func runeFor(i int) rune {
	r := rune(0x100 + i)
	if r >= 0xD800 {
		r += 0x800 // past the surrogates
	}
	return r
}
