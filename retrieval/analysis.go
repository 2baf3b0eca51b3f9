package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/elision"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"golang.org/x/text/unicode/norm"
)

// AnalyzerVersion names the French analysis below. Change it whenever a change makes a word
// index differently: an index built under another version is rebuilt rather than queried with
// terms it does not hold.
const AnalyzerVersion = "fr-fold-light-3" // 3: documents' titles indexed with their headings

// frenchElided are the words French writes elided before a vowel (l'enfant, qu'il,
// jusqu'au…). Lowercased, so the filter must run after lowercasing.
var frenchElided = []string{
	"l", "m", "t", "qu", "n", "s", "j", "d", "c",
	"jusqu", "quoiqu", "lorsqu", "puisqu", "presqu", "quelqu",
}

// frenchExtraStop completes the Snowball list with function words that carry no topic in
// questions and doctrine alike (the Snowball list keeps them because it targets stemming
// research, not ranking).
var frenchExtraStop = []string{
	"a", "y", "ou", "où", "si", "ne", "comme", "donc", "or", "ni", "car",
	"dont", "lors", "tout", "tous", "toute", "toutes", "afin",
}

// Analyzer is Socle's French text analysis: Unicode word segmentation, lowercasing, elision
// (l'enfant → enfant), accent and ligature folding, stop words, then light stemming, so that
// "Méthodologies", "méthodologie" and "methodologie" index as one term.
//
// Folding is a token filter of ours rather than bleve's character filter because a
// character filter changes byte offsets, and offsets must point into the original text for
// highlighting and citation spans. The analyzer is built in Go and handed to bleve per field,
// so no global bleve registry entry is needed.
type Analyzer struct {
	tokenizer analysis.Tokenizer
	filters   []analysis.TokenFilter
}

// NewAnalyzer returns the French analyzer. It holds no mutable state and is safe for
// concurrent use.
func NewAnalyzer() *Analyzer {
	articles := analysis.NewTokenMap()
	for _, w := range frenchElided {
		articles.AddToken(w)
	}
	stopWords := analysis.NewTokenMap()
	snowball := analysis.NewTokenMap()
	_ = snowball.LoadBytes(fr.FrenchStopWords) // a constant list in bleve; it cannot fail
	for w := range snowball {
		stopWords.AddToken(fold(w))
	}
	for _, w := range frenchExtraStop {
		stopWords.AddToken(fold(w))
	}
	return &Analyzer{
		tokenizer: unicodetok.NewUnicodeTokenizer(),
		filters: []analysis.TokenFilter{
			lowercase.NewLowerCaseFilter(),
			elision.NewElisionFilter(articles),
			foldFilter{},
			stop.NewStopTokensFilter(stopWords),
			fr.NewFrenchLightStemmerFilter(),
		},
	}
}

// Analyze implements bleve's analysis.Analyzer: tokens carry byte offsets into input.
func (a *Analyzer) Analyze(input []byte) analysis.TokenStream {
	tokens := a.tokenizer.Tokenize(input)
	for _, f := range a.filters {
		tokens = f.Filter(tokens)
	}
	return tokens
}

// Term is an analyzed word with its place in the text.
type Term struct {
	Text     string
	Position int // 1-based, counting removed stop words, so phrases keep their gaps
	Start    int // byte offsets in the analyzed text
	End      int
}

// Terms analyzes text and returns its terms in order.
func (a *Analyzer) Terms(text string) []Term {
	tokens := a.Analyze([]byte(text))
	out := make([]Term, 0, len(tokens))
	for _, t := range tokens {
		if len(t.Term) == 0 {
			continue
		}
		out = append(out, Term{Text: string(t.Term), Position: t.Position, Start: t.Start, End: t.End})
	}
	return out
}

// foldFilter removes diacritics and splits ligatures, in place of the token's term only.
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if needsFold(t.Term) {
			t.Term = []byte(fold(string(t.Term)))
		}
	}
	return input
}

func needsFold(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// fold returns s without combining marks, with œ, æ and ß spelled out and typographic
// apostrophes made plain. Latin-1 and Latin Extended-A letters, nearly all of French, go
// through a table; anything else through Unicode decomposition.
func fold(s string) string {
	if !needsFold([]byte(s)) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
			continue
		}
		if r >= 0xC0 && r < 0xC0+rune(len(latinFold)) {
			if f := latinFold[r-0xC0]; f != "" {
				b.WriteString(f)
				continue
			}
		}
		switch r {
		case '’', 'ʼ', '‘':
			b.WriteByte('\'')
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		d := norm.NFD.String(string(r))
		if d == string(r) {
			b.WriteRune(r)
			continue
		}
		for _, x := range d {
			if !unicode.Is(unicode.Mn, x) {
				b.WriteRune(x)
			}
		}
	}
	return b.String()
}

// latinFold maps U+00C0…U+017F to their unaccented spelling (generated from Unicode
// decompositions, ligatures spelled out); "" where the letter folds to itself. Read only.
var latinFold = [0x180 - 0xC0]string{
	"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I", // U+00C0
	"", "N", "O", "O", "O", "O", "O", "", "", "U", "U", "U", "U", "Y", "", "ss", // U+00D0
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", // U+00E0
	"", "n", "o", "o", "o", "o", "o", "", "", "u", "u", "u", "u", "y", "", "y", // U+00F0
	"A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d", // U+0100
	"", "", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g", // U+0110
	"G", "g", "G", "g", "H", "h", "", "", "I", "i", "I", "i", "I", "i", "I", "i", // U+0120
	"I", "", "", "", "J", "j", "K", "k", "", "L", "l", "L", "l", "L", "l", "", // U+0130
	"", "", "", "N", "n", "N", "n", "N", "n", "", "", "", "O", "o", "O", "o", // U+0140
	"O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s", // U+0150
	"S", "s", "T", "t", "T", "t", "", "", "U", "u", "U", "u", "U", "u", "U", "u", // U+0160
	"U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "", // U+0170
}
