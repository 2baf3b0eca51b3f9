package ingest

import (
	"crypto/sha256"
	"encoding/base32"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold reduces a heading or a name to the words that identify it: NFKC, lower case, accents and
// ligatures removed, punctuation dropped, words joined by one space. Two headings that differ
// only in case, accents or punctuation fold to the same string, so fixing "Demarche" into
// "Démarche :" keeps a section's id.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	if !isASCII(s) {
		s = norm.NFKD.String(s)
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			switch r {
			case 'œ', 'Œ':
				b.WriteString("oe")
			case 'æ', 'Æ':
				b.WriteString("ae")
			case 'ß':
				b.WriteString("ss")
			default:
				b.WriteRune(unicode.ToLower(r))
			}
		default:
			space = true
		}
	}
	return b.String()
}

// slugMax bounds the readable part of an id so that ids stay short in URLs.
const slugMax = 48

// slug makes a URL-safe readable id part: ASCII letters and digits of the folded text, words
// joined by hyphens, cut on a word boundary.
func slug(s string) string {
	f := fold(s)
	var b strings.Builder
	for _, r := range f {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r < 128:
			b.WriteRune(r)
		}
		// Letters outside ASCII that survive folding (Greek, Arabic…) are dropped: the hash
		// part of the id keeps it unique.
	}
	out := strings.Trim(strings.ReplaceAll(b.String(), "--", "-"), "-")
	for strings.Contains(out, "--") {
		out = strings.ReplaceAll(out, "--", "-")
	}
	if len(out) > slugMax {
		out = out[:slugMax]
		if i := strings.LastIndexByte(out, '-'); i > slugMax/2 {
			out = out[:i]
		}
		out = strings.Trim(out, "-")
	}
	return out
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// shortHash returns 8 URL-safe characters (40 bits) of the SHA-256 of s.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return idEncoding.EncodeToString(sum[:5])
}

// outlineNumber matches the outline number a heading may start with: "1.", "2.1", "3) ",
// "4 - ", "II. ", "B) ". A bare number followed by words ("3 mois pour agir") is not one, nor
// "M." (Monsieur).
var outlineNumber = regexp.MustCompile(`^(?:\d+(?:\.\d+)*\.?\s*[)\-–—:]|\d+(?:\.\d+)+\.?|\d+\.|[IVXLC]+\s*[.)\-–—:]|[A-LN-Z]\s*[.)])\s+`)

// stripNumbering removes the outline number a heading starts with, so that inserting a section,
// which renumbers the ones after it, does not change their ids. A heading that is only a number
// keeps it.
func stripNumbering(h string) string {
	s := strings.TrimSpace(h)
	if len(s) < 3 {
		return s
	}
	// Most headings start with a word: skip the regular expression for them.
	c, d := s[0], s[1]
	roman := strings.IndexByte("IVXLC", c) >= 0 && strings.IndexByte("IVXLC. )-:\t", d) >= 0
	letter := c >= 'A' && c <= 'Z' && strings.IndexByte(". )\t", d) >= 0
	if !(c >= '0' && c <= '9') && !roman && !letter {
		return s
	}
	if m := outlineNumber.FindStringIndex(s); m != nil && m[1] < len(s) {
		return s[m[1]:]
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
