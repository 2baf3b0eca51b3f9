package retrieval

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// PlainBM25 is the reference ranker of the shared corpus's MANIFEST: textbook Okapi BM25
// (k1 1.2, b 0.75) over whole entries (title and text), words lowercased and accents
// stripped, a small French stop list, no stemming. Evaluations report it beside Socle's modes
// so that every set has the same yardstick; Socle never searches with it.
type PlainBM25 struct {
	docs   []string // entry ids
	tf     []map[string]int
	length []int
	df     map[string]int
	avg    float64
}

// plainStop is the "small French stopword list" of the reference.
var plainStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y est sont etre ete`) {
		m[w] = true
	}
	return m
}()

// plainTokens lowercases, strips accents and cuts at anything not a letter or a digit.
func plainTokens(s string) []string {
	f := fold(strings.ToLower(s))
	words := strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := words[:0]
	for _, w := range words {
		if !plainStop[w] {
			out = append(out, w)
		}
	}
	return out
}

// NewPlainBM25 indexes corpus entries.
func NewPlainBM25(corpus []CorpusEntry) *PlainBM25 {
	p := &PlainBM25{df: map[string]int{}}
	total := 0
	for _, c := range corpus {
		tf := map[string]int{}
		ts := plainTokens(c.Title + " " + c.Text)
		for _, t := range ts {
			tf[t]++
		}
		for t := range tf {
			p.df[t]++
		}
		p.docs = append(p.docs, c.ID)
		p.tf = append(p.tf, tf)
		p.length = append(p.length, len(ts))
		total += len(ts)
	}
	if len(corpus) > 0 {
		p.avg = float64(total) / float64(len(corpus))
	}
	return p
}

// Rank returns the ids of the best k entries for a query, best first.
func (p *PlainBM25) Rank(query string, k int) []string {
	const k1, b = 1.2, 0.75
	q := map[string]int{}
	for _, t := range plainTokens(query) {
		q[t]++
	}
	n := float64(len(p.docs))
	type scored struct {
		i int
		s float64
	}
	var hits []scored
	for i, tf := range p.tf {
		s := 0.0
		for t, qn := range q {
			f := float64(tf[t])
			if f == 0 {
				continue
			}
			df := float64(p.df[t])
			idf := math.Log(1 + (n-df+0.5)/(df+0.5))
			s += float64(qn) * idf * f * (k1 + 1) / (f + k1*(1-b+b*float64(p.length[i])/p.avg))
		}
		if s > 0 {
			hits = append(hits, scored{i, s})
		}
	}
	sort.SliceStable(hits, func(a, c int) bool { return hits[a].s > hits[c].s })
	out := make([]string, 0, min(k, len(hits)))
	for _, h := range hits[:min(k, len(hits))] {
		out = append(out, p.docs[h.i])
	}
	return out
}
