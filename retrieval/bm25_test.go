package retrieval

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
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
