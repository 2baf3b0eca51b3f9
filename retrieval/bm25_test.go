package retrieval

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// TestBM25PruningKeepsTheTop checks MaxScore: the best n found while skipping documents
// that cannot make the top are exactly the best n of a search that scores every document.
func TestBM25PruningKeepsTheTop(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	// Zipf-like frequencies: a few words in most passages, most words rare.
	vocab := make([]string, 300)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("mot%03dx", i)
	}
	word := func() string {
		return vocab[min(len(vocab)-1, int(math.Exp(r.Float64()*math.Log(float64(len(vocab))))))-1]
	}
	var passages []Passage
	for i := 0; i < 3000; i++ {
		words := make([]string, 5+r.IntN(60))
		for j := range words {
			words[j] = word()
		}
		org := "o"
		if i%5 == 0 {
			org = "other"
		}
		passages = append(passages, testPassage(org, "g", "v", fmt.Sprint(i), strings.Join(words, " "), "Titre "+word()))
	}
	e := newTestEngine(t, passages...)
	f := Filter{OrgID: "o"}
	filter, _ := filterQuery(f)
	for i := 0; i < 40; i++ {
		words := make([]string, 1+r.IntN(8))
		for j := range words {
			words[j] = word()
		}
		tq := e.Text.parseQuery(strings.Join(words, " "), nil)
		n := 1 + r.IntN(30)
		pruned, err := e.Text.search(ctx, f, tq, n)
		if err != nil {
			t.Fatal(err)
		}
		full := e.Text.bleveQuery(tq)
		full.filter = filter // every document scored: no topN
		res, err := e.Text.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(full, n, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if len(pruned) != len(res.Hits) {
			t.Fatalf("query %v top %d: pruned search found %d, full search %d", words, n, len(pruned), len(res.Hits))
		}
		for j, h := range res.Hits {
			if math.Abs(pruned[j].Score-h.Score) > 1e-9 {
				t.Fatalf("query %v top %d, rank %d: pruned %s %.6f, full %s %.6f", words, n, j+1, pruned[j].Key, pruned[j].Score, h.ID, h.Score)
			}
			if strings.HasPrefix(h.ID, "other") {
				t.Fatalf("the filter let %s through", h.ID)
			}
		}
	}
}

// TestBM25Scores checks the BM25F formula on a hand-computed case.
func TestBM25Scores(t *testing.T) {
	ctx := context.Background()
	// Two passages; "logement" is in the first only, twice, in a body of 4 terms.
	e := newTestEngine(t,
		testPassage("o", "g", "v", "a", "logement logement urgence accueil"),
		testPassage("o", "g", "v", "b", "emploi formation"),
	)
	e.Text.Params = BM25Params{K1: 1.2, BodyB: 0.75}
	hits, err := e.Text.search(ctx, Filter{OrgID: "o"}, e.Text.parseQuery("logements", nil), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 {
		t.Fatalf("hits = %v, want a only", hits)
	}
	// N=2, df=1: idf = ln(1 + 1.5/1.5) = ln 2. avgdl = (4+2)/2 = 3, dl = 4.
	// tf' = 2 / (1 - 0.75 + 0.75·4/3) = 2/1.25 = 1.6; score = ln2 · 1.6·2.2 / (1.2+1.6).
	want := math.Ln2 * 1.6 * 2.2 / 2.8
	if math.Abs(hits[0].Score-want) > 1e-6 {
		t.Errorf("score = %.6f, want %.6f", hits[0].Score, want)
	}
}

// TestPhraseFreqCountsFullMatches checks the count of a phrase's full matches in a document
// against a plain reading of the positions: start positions p of the phrase's first word such
// that each of its words j is at p+j ("" being a stop word's gap, which matches anything).
// Phrases repeat words and skip stop words; positions come in any order.
func TestPhraseFreqCountsFullMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	reference := func(words []string, pos map[int][]uint64) int {
		first := -1
		for j, w := range words {
			if w == "" {
				continue
			}
			if pos[j] == nil {
				return 0
			}
			if first < 0 {
				first = j
			}
		}
		if first < 0 {
			return 0
		}
		starts := map[uint64]bool{}
		for _, p := range pos[first] {
			ok := true
			for j, w := range words {
				if w == "" {
					continue
				}
				found := false
				for _, q := range pos[j] {
					found = found || q == p+uint64(j-first)
				}
				ok = ok && found
			}
			if ok {
				starts[p] = true
			}
		}
		return len(starts)
	}
	for i := 0; i < 2000; i++ {
		vocab := []string{"a", "b", "c"}
		words := make([]string, 2+r.IntN(4))
		for j := range words {
			if j > 0 && j < len(words)-1 && r.IntN(4) == 0 {
				continue // a stop word's gap
			}
			words[j] = vocab[r.IntN(len(vocab))]
		}
		// Positions of each vocabulary word in a short document, shuffled.
		doc := make([]string, 3+r.IntN(30))
		for k := range doc {
			doc[k] = vocab[r.IntN(len(vocab))]
		}
		at := map[string][]uint64{}
		for k, w := range doc {
			at[w] = append(at[w], uint64(k))
		}
		for _, ps := range at {
			r.Shuffle(len(ps), func(a, b int) { ps[a], ps[b] = ps[b], ps[a] })
		}
		s := &bm25Searcher{clauses: []bm25Clause{{terms: words, weight: 1}}, key: 1}
		pos := map[int][]uint64{}
		for j, w := range words {
			if w == "" || at[w] == nil {
				continue // no posting for it in this document: no cursor on it
			}
			pos[j] = at[w]
			d := &index.TermFieldDoc{ID: []byte{0, 0, 0, 0, 0, 0, 0, 1}, Freq: uint64(len(at[w]))}
			for _, p := range at[w] {
				d.Vectors = append(d.Vectors, &index.TermFieldVector{Field: fieldBody, Pos: p})
			}
			s.here = append(s.here, &cursor{doc: d, key: 1, clause: 0, field: 0, word: j})
		}
		got, want := s.phraseFreq(0, 0), reference(words, pos)
		if int(got) != want {
			t.Fatalf("phrase %q in %q: counted %v matches, want %d", words, doc, got, want)
		}
	}
}

// TestSearchTiesGoByKey checks that passages of equal score come in the order of their keys,
// whatever the order they were indexed in: two servers that built their indexes apart, or one
// index before and after a rebuild, must rank a query the same.
func TestSearchTiesGoByKey(t *testing.T) {
	ctx := context.Background()
	same := "demande auprès de votre caisse des services du département du CCAS de votre domicile"
	var first []string
	for _, order := range [][]string{{"a", "b", "c", "d"}, {"d", "c", "b", "a"}, {"b", "d", "a", "c"}} {
		var ps []Passage
		for _, s := range order {
			ps = append(ps, testPassage("o", "g"+s, "v"+s, s, same))
		}
		e := newTestEngine(t, ps...)
		hits, err := e.Text.search(ctx, Filter{OrgID: "o"}, e.Text.parseQuery("demande au CCAS", nil), 10)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, h := range hits {
			keys = append(keys, h.Key)
		}
		if len(keys) != 4 {
			t.Fatalf("indexed in order %v: %d hits, want 4", order, len(keys))
		}
		if first == nil {
			first = keys
			if !sort.StringsAreSorted(keys) {
				t.Fatalf("tied hits in order %v, want them by key", keys)
			}
		} else if !slices.Equal(keys, first) {
			t.Errorf("indexed in order %v: hits %v, want %v", order, keys, first)
		}
		// Cut inside the tied passages: the same ones are kept, whatever the order.
		cut, err := e.Text.search(ctx, Filter{OrgID: "o"}, e.Text.parseQuery("demande au CCAS", nil), 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(cut) != 2 || cut[0].Key != first[0] || cut[1].Key != first[1] {
			t.Errorf("indexed in order %v, cut at 2: hits %v, want %v", order, cut, first[:2])
		}
	}
}
