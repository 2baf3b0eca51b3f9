package pdf

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/socle-project/socle"
)

// Mapping blocks' text back to the engine's characters. A block's text is made from its lines'
// words, then mended (line-end hyphens), joined across breaks and normalized (NFKC, spaces),
// so offsets cannot be carried through every step. Instead the finished text is aligned, rune
// by rune, with the characters of the words it was made from, in the same order: the layout
// never reorders text after the words are made, it only drops characters (hyphens, soft
// hyphens, controls) and expands some (ligatures). Spaces are not aligned; a space between two
// characters of one line that the engine separates by its own generated space is given that
// character, so that a line of text is one run.

// srcRune is one rune of the words, as the text holds it, with the character that drew it.
type srcRune struct {
	r    rune // folded: see fold
	page int
	idx  int32
}

// charMapper aligns the blocks' texts, in order, with the words of the paragraphs.
type charMapper struct {
	src []srcRune
	pos int // first rune of src not yet aligned
}

func newCharMapper(paras []*para) *charMapper {
	m := &charMapper{}
	addLine := func(l *line) {
		for _, w := range l.words {
			k := 0
			for _, r := range w.text {
				if k >= len(w.idx) {
					break
				}
				idx := w.idx[k]
				k++
				for _, x := range norm.NFKC.String(string(r)) {
					m.src = append(m.src, srcRune{r: fold(x), page: l.page, idx: idx})
				}
			}
		}
	}
	for _, p := range paras {
		for _, row := range p.table {
			for _, c := range row {
				addLine(c)
			}
		}
		for _, l := range p.lines {
			addLine(l)
		}
		for _, l := range p.moved {
			addLine(l)
		}
	}
	return m
}

func fold(r rune) rune { return unicode.ToLower(r) }

// alignWindow is how far ahead in the words a rune of text is looked for: past the hyphens
// and controls the text dropped, never further, so that a rune the words do not have (a
// space, a character normalization made) is left unaligned rather than matched far away.
const alignWindow = 8

// runs aligns text, the next block's text, and returns its runs.
func (m *charMapper) runs(text string) []socle.CharRun {
	type hit struct {
		at, end int // bytes of text
		page    int
		idx     int32
	}
	var hits []hit
	for at, r := range text {
		if unicode.IsSpace(r) {
			continue
		}
		f := fold(r)
		for j := m.pos; j < len(m.src) && j <= m.pos+alignWindow; j++ {
			if m.src[j].r != f {
				continue
			}
			// A match further than the next rune must be confirmed by the rune after, or a
			// dropped letter would pull the alignment onto a later one.
			if j > m.pos && !m.confirms(text[at+utf8.RuneLen(r):], j+1) {
				continue
			}
			hits = append(hits, hit{at: at, end: at + utf8.RuneLen(r), page: m.src[j].page, idx: m.src[j].idx})
			m.pos = j + 1
			break
		}
	}
	var out []socle.CharRun
	for i, h := range hits {
		if n := len(out); n > 0 {
			last, prev := &out[n-1], hits[i-1]
			next := last.Char + utf8.RuneCountInString(text[last.Start:last.End])
			switch {
			case h.page == last.Page && h.at == last.End && int(h.idx) == next:
				last.End = h.end
				continue
			case h.page == last.Page && h.at == prev.end+1 && text[prev.end] == ' ' && int(h.idx) == next+1 && int(prev.idx)+2 == int(h.idx):
				// One space in the text, one generated space in the engine's.
				last.End = h.end
				continue
			}
		}
		out = append(out, socle.CharRun{Start: h.at, End: h.end, Page: h.page, Char: int(h.idx)})
	}
	return out
}

// confirms reports whether the first non-space rune of rest, if any, is the next rune of the
// words from j on (within the window).
func (m *charMapper) confirms(rest string, j int) bool {
	for _, r := range rest {
		if unicode.IsSpace(r) {
			continue
		}
		f := fold(r)
		for k := j; k < len(m.src) && k <= j+1; k++ {
			if m.src[k].r == f {
				return true
			}
		}
		return false
	}
	return true
}
