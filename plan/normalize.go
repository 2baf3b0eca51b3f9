package plan

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalized is text reduced for comparing quotes: compatibility forms (ligatures), lower case,
// no accents, one kind of apostrophe, quote and dash, every run of spaces one space. offsets[i]
// is the byte offset in the original of the character that produced byte i, so that a match
// found in the normalized text maps back to an exact span of the original.
type normalized struct {
	text    string
	offsets []int // len(text)+1 entries; the last is len(original)
}

func normalize(s string) normalized {
	var b strings.Builder
	b.Grow(len(s))
	offsets := make([]int, 0, len(s)+1)
	space := true // drop leading space
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		for _, c := range foldRune(r) {
			if unicode.IsSpace(c) {
				if space {
					continue
				}
				c, space = ' ', true
			} else {
				space = false
			}
			before := b.Len()
			b.WriteRune(c)
			for range b.Len() - before {
				offsets = append(offsets, i)
			}
		}
		i += n
	}
	text := b.String()
	if strings.HasSuffix(text, " ") {
		text = text[:len(text)-1]
		offsets = offsets[:len(offsets)-1]
	}
	offsets = append(offsets, len(s))
	return normalized{text: text, offsets: offsets}
}

// foldRune returns what one character of the original becomes.
func foldRune(r rune) []rune {
	switch r {
	case '’', 'ʼ', '‘', '´', '`':
		return []rune{'\''}
	case '«', '»', '“', '”', '„':
		return []rune{'"'}
	case '–', '—', '‑', '‐', '−':
		return []rune{'-'}
	case '\u00a0', '\u202f', '\u2009':
		return []rune{' '}
	case '…':
		return []rune("...")
	case 'œ', 'Œ':
		return []rune("oe")
	case 'æ', 'Æ':
		return []rune("ae")
	}
	var out []rune
	for _, c := range norm.NFKD.String(string(r)) {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		out = append(out, unicode.ToLower(c))
	}
	return out
}

// span returns the original span of normalized bytes [i, j).
func (n normalized) span(i, j int) (int, int) {
	start := n.offsets[i]
	end := n.offsets[j]
	if j > 0 && j < len(n.offsets)-1 && n.offsets[j] == n.offsets[j-1] {
		// j falls inside the expansion of one original character: take all of it.
		for k := j; k < len(n.offsets)-1 && n.offsets[k] == n.offsets[j-1]; k++ {
			end = n.offsets[k+1]
		}
	}
	return start, end
}

// findQuote looks for quote in text after normalizing both, and returns the span of text it
// matches. Surrounding quotation marks and ellipses in the quote are ignored, as are a trailing
// period or semicolon, which models add or drop at will.
func findQuote(text, quote string) (start, end int, ok bool) {
	q := normalize(quote).text
	q = strings.Trim(q, ` "'.;:…`)
	q = strings.TrimSuffix(strings.TrimPrefix(q, "..."), "...")
	q = strings.TrimSpace(q)
	if len([]rune(q)) < 12 {
		return 0, 0, false // too short to pin anything down
	}
	t := normalize(text)
	i := strings.Index(t.text, q)
	if i < 0 {
		return 0, 0, false
	}
	start, end = t.span(i, i+len(q))
	// The quote's own closing punctuation was set aside to match; the cited span keeps the
	// text's, so that a quoted sentence ends as it does in the guide.
	for end < len(text) && strings.IndexByte(".;!?…", text[end]) >= 0 {
		end++
	}
	if end < len(text) && strings.HasPrefix(text[end:], "…") {
		end += len("…")
	}
	return start, end, true
}
