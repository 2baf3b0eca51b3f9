package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizeText makes extracted text citable: NFKC (ligatures ﬁ → fi, non-breaking and narrow
// spaces → space, full-width forms → ASCII), control, zero-width and private-use characters
// dropped, runs of spaces collapsed. Typographic apostrophes and quotes (’ « ») are left as
// they are: NFKC does not touch them, and the analyzers downstream know French elision.
func normalizeText(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n':
			b.WriteRune(r)
			space = false
			continue
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case r == '\u00ad', r == '\ufeff', r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060':
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Co, r), r == utf8.RuneError:
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Line-end hyphens. A hyphen that ends a line and is followed by a lowercase letter on the next
// line is either a break inside a word ("accompa-" "gnement") or the hyphen of a compound that
// happens to fall at the line end ("socio-" "professionnel"). The rule, in order:
//
//  1. A soft hyphen (U+00AD) is always a break: join without it.
//  2. If the next line starts with a capital or a digit, or the fragment before the hyphen is
//     not made of letters, keep the hyphen ("Seine-" "Saint-Denis", "2019-" "2020").
//  3. If the document itself spells the word elsewhere, follow it: the hyphenated form seen
//     on one line keeps the hyphen, the joined form seen drops it.
//  4. If the fragment before is itself a compound ("c'est-à-" "dire"), a known compound prefix
//     ("socio", "médico", "psycho", "anti", "non"…) or the fragment after a known second part
//     ("être", "dire", "là", "ci", "même", "il"…), keep the hyphen.
//  5. Otherwise drop it: line-end hyphens in justified text are mostly word breaks.
//
// Joining never inserts a space: either way the two parts make one word.

// hyphenator decides line-end hyphens with the document's own vocabulary.
type hyphenator struct {
	vocab map[string]bool // lowercased words seen in the document, hyphenated compounds included
}

// newHyphenator learns the vocabulary of text.
func newHyphenator(texts ...string) *hyphenator {
	h := &hyphenator{vocab: map[string]bool{}}
	for _, t := range texts {
		h.learn(t)
	}
	return h
}

func (h *hyphenator) learn(text string) {
	for _, f := range strings.Fields(text) {
		w := strings.ToLower(strings.TrimFunc(f, isNotWordRune))
		if w != "" {
			h.vocab[w] = true
		}
	}
}

func isNotWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }

var compoundPrefixes = map[string]bool{
	"socio": true, "médico": true, "medico": true, "psycho": true, "judéo": true, "franco": true,
	"anglo": true, "gréco": true, "italo": true, "germano": true, "hispano": true, "afro": true,
	"euro": true, "technico": true, "politico": true, "économico": true, "physico": true,
	"juridico": true, "sino": true, "russo": true, "ex": true, "non": true, "anti": true,
	"quasi": true, "demi": true, "semi": true, "mi": true, "sous": true, "sans": true,
	"vice": true, "après": true, "avant": true, "arrière": true, "grand": true, "grands": true,
	"grande": true, "grandes": true, "petit": true, "petite": true, "petits": true, "petites": true,
	"belle": true, "beau": true, "mère": true, "père": true, "porte": true, "garde": true,
	"auto": true, "co": true, "post": true, "pré": true, "self": true, "e": true,
}

var compoundTails = map[string]bool{
	"être": true, "dire": true, "là": true, "ci": true, "même": true, "mêmes": true, "il": true,
	"ils": true, "elle": true, "elles": true, "on": true, "je": true, "tu": true, "nous": true,
	"vous": true, "moi": true, "toi": true, "lui": true, "leur": true, "leurs": true, "y": true,
	"en": true, "t": true, "à": true, "clé": true, "clés": true, "type": true, "types": true,
	"ce": true,
}

// join returns line and next made one when line ends with a line-end hyphen (see the rules
// above). ok is false when line does not end with such a hyphen; the caller then joins the
// lines with a space.
func (h *hyphenator) join(line, next string) (joined string, ok bool) {
	last, size := utf8.DecodeLastRuneInString(line)
	if size == 0 || next == "" || !isHyphen(last) {
		return "", false
	}
	body := line[:len(line)-size]
	before, _ := utf8.DecodeLastRuneInString(body)
	first, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsLetter(before) {
		return "", false
	}
	if last == '\u00ad' {
		return body + next, true
	}
	if !unicode.IsLower(first) {
		if unicode.IsUpper(first) || unicode.IsDigit(first) {
			return line + next, true // rule 2: keep the hyphen, still one word
		}
		return "", false
	}
	// The fragments around the hyphen.
	start := strings.LastIndexFunc(body, unicode.IsSpace) + 1
	pre := body[start:]
	end := strings.IndexFunc(next, unicode.IsSpace)
	if end < 0 {
		end = len(next)
	}
	post := strings.TrimRightFunc(next[:end], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' })
	preKey := strings.ToLower(strings.TrimLeftFunc(pre, isNotWordRune))
	postKey := strings.ToLower(post)
	keep := func() (string, bool) { return body + "-" + next, true }
	drop := func() (string, bool) { return body + next, true }

	if h != nil && h.vocab != nil { // rule 3
		hyph, whole := h.vocab[preKey+"-"+postKey], h.vocab[preKey+postKey]
		switch {
		case hyph && !whole:
			return keep()
		case whole && !hyph:
			return drop()
		}
	}
	// Rule 4: the last part of the fragment, after any apostrophe or earlier hyphen.
	lastPart := preKey
	if i := strings.LastIndexAny(lastPart, "'’"); i >= 0 {
		_, n := utf8.DecodeRuneInString(lastPart[i:])
		lastPart = lastPart[i+n:]
	}
	if strings.ContainsRune(preKey, '-') || compoundPrefixes[lastPart] || compoundTails[postKey] ||
		(strings.Contains(postKey, "-") && compoundTails[postKey[strings.LastIndex(postKey, "-")+1:]]) {
		return keep()
	}
	return drop()
}

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u00ad' }
