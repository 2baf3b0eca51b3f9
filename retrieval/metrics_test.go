package retrieval

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMetricsHandComputed(t *testing.T) {
	ranked := []string{"d1", "d2", "d3", "d4", "d5"}
	tests := []struct {
		name                 string
		rel                  map[string]int
		ndcg10, r10, r1, mrr float64
	}{
		{
			// DCG = 1/log2(3) (d2 at rank 2); ideal = 1.
			name: "one relevant at rank 2", rel: map[string]int{"d2": 1},
			ndcg10: 1 / math.Log2(3), r10: 1, r1: 0, mrr: 0.5,
		},
		{
			// Graded: d3 (2) at rank 3, d1 (1) at rank 1, d9 (3) not retrieved.
			// DCG = 1/log2(2) + 2/log2(4) = 1 + 1 = 2.
			// Ideal order 3, 2, 1: 3/1 + 2/log2(3) + 1/log2(4) = 3 + 1.26186 + 0.5.
			name: "graded with one missed", rel: map[string]int{"d1": 1, "d3": 2, "d9": 3},
			ndcg10: 2 / (3 + 2/math.Log2(3) + 0.5), r10: 2.0 / 3, r1: 1.0 / 3, mrr: 1,
		},
		{
			name: "nothing relevant retrieved", rel: map[string]int{"x": 1},
			ndcg10: 0, r10: 0, r1: 0, mrr: 0,
		},
		{
			name: "zero grades are not relevant", rel: map[string]int{"d1": 0, "d4": 1},
			ndcg10: 1 / math.Log2(5), r10: 1, r1: 0, mrr: 0.25,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NDCG(ranked, tt.rel, 10); !near(got, tt.ndcg10) {
				t.Errorf("nDCG@10 = %v, want %v", got, tt.ndcg10)
			}
			if got := Recall(ranked, tt.rel, 10); !near(got, tt.r10) {
				t.Errorf("Recall@10 = %v, want %v", got, tt.r10)
			}
			if got := Recall(ranked, tt.rel, 1); !near(got, tt.r1) {
				t.Errorf("Recall@1 = %v, want %v", got, tt.r1)
			}
			if got := MRR(ranked, tt.rel, 10); !near(got, tt.mrr) {
				t.Errorf("MRR@10 = %v, want %v", got, tt.mrr)
			}
		})
	}
	// Depth cuts: a relevant entry at rank 3 counts at depth 3, not at depth 2.
	rel := map[string]int{"d3": 1}
	if MRR(ranked, rel, 2) != 0 || MRR(ranked, rel, 3) != 1.0/3 || NDCG(ranked, rel, 2) != 0 {
		t.Error("metrics look beyond their depth")
	}
}

func TestPercentile(t *testing.T) {
	v := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for p, want := range map[float64]float64{50: 5, 95: 10, 90: 9, 10: 1, 0: 1} {
		if got := percentile(v, p); got != want {
			t.Errorf("percentile(%v) = %v, want %v", p, got, want)
		}
	}
	if percentile(nil, 50) != 0 {
		t.Error("percentile of nothing is not 0")
	}
}

func TestFuseRRF(t *testing.T) {
	// a: ranks 1 and 3 → 1/(1+1) + 0.5/(1+3) = 0.625
	// b: rank 2 only    → 1/(1+2)             = 0.3333
	// c: ranks 3 and 1 → 1/(1+3) + 0.5/(1+1) = 0.5
	// d: rank 2 only    → 0.5/(1+2)           = 0.1667
	got := FuseRRF(1, Ranking{Weight: 1, Keys: []string{"a", "b", "c"}}, Ranking{Weight: 0.5, Keys: []string{"c", "d", "a"}})
	want := []Fused{
		{Key: "a", Score: 0.625, Ranks: []int{1, 3}},
		{Key: "c", Score: 0.5, Ranks: []int{3, 1}},
		{Key: "b", Score: 1.0 / 3, Ranks: []int{2, 0}},
		{Key: "d", Score: 0.5 / 3, Ranks: []int{0, 2}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d keys, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Key != w.Key || !near(g.Score, w.Score) || g.Ranks[0] != w.Ranks[0] || g.Ranks[1] != w.Ranks[1] {
			t.Errorf("fused[%d] = %+v, want %+v", i, g, w)
		}
	}
	// Ties keep first appearance; a key listed twice keeps its better rank.
	got = FuseRRF(60, Ranking{Weight: 1, Keys: []string{"x", "y", "x"}}, Ranking{Weight: 1, Keys: []string{"y", "x"}})
	if got[0].Key != "x" || got[0].Ranks[0] != 1 || got[1].Key != "y" {
		t.Errorf("ties or duplicates: %+v", got)
	}
	if len(FuseRRF(60)) != 0 {
		t.Error("fusing nothing gave something")
	}
}

func TestLoadBEIR(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	corpus := write("corpus.jsonl", `{"_id":"d1","title":"T","text":"un"}
{"_id":"d2","title":"","text":"deux"}

`)
	queries := write("queries.jsonl", `{"_id":"q1","text":"un ?"}
{"_id":"q2","text":"sans jugement"}
{"_id":"q3","text":"jugé non pertinent"}
`)
	qrels := write("qrels.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t1\nq3\td2\t0\n")
	b, err := LoadBEIR(corpus, queries, qrels)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Corpus) != 2 || b.Corpus[0].Title != "T" || b.Corpus[1].Text != "deux" {
		t.Errorf("corpus = %+v", b.Corpus)
	}
	if len(b.Queries) != 1 || b.Queries[0].ID != "q1" {
		t.Errorf("queries = %+v, want q1 only (the others have no relevant entry)", b.Queries)
	}
	if b.Qrels["q1"]["d1"] != 2 || b.Qrels["q1"]["d2"] != 1 {
		t.Errorf("qrels = %v", b.Qrels)
	}

	bad := []struct {
		name, corpus, queries, qrels, want string
		kind                               socle.ErrorKind
	}{
		{"missing file", filepath.Join(dir, "nope.jsonl"), queries, qrels, "open", socle.EINVALID},
		{"bad json", write("c2.jsonl", "{not json}\n"), queries, qrels, "line 1", socle.EINVALID},
		{"no id", write("c3.jsonl", `{"text":"x"}`+"\n"), queries, qrels, `"_id"`, socle.EINVALID},
		{"two columns", corpus, queries, write("q2.tsv", "q1\td1\n"), "3 tab-separated", socle.EINVALID},
		{"bad score", corpus, queries, write("q3.tsv", "query-id\tcorpus-id\tscore\nq1\td1\thigh\n"), "not an integer", socle.EINVALID},
		{"ids do not match", corpus, queries, write("q4.tsv", "a\tb\tc\nzz\td1\t1\n"), "match", socle.EINVALID},
		{"empty corpus", write("c4.jsonl", ""), queries, qrels, "empty", socle.EINVALID},
		{"line too long", write("c5.jsonl", `{"_id":"x","text":"`+strings.Repeat("a", maxBEIRLine)+`"}`), queries, qrels, "over", socle.ETOOLARGE},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadBEIR(tt.corpus, tt.queries, tt.qrels)
			if socle.KindOf(err) != tt.kind || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v (%s), want kind %s mentioning %q", err, socle.KindOf(err), tt.kind, tt.want)
			}
		})
	}
}

func TestPassagesOfSections(t *testing.T) {
	g := socle.Guide{ID: "g", OrgID: "o", Kind: socle.KindMethodology}
	v := socle.Version{ID: "v", OrgID: "o", GuideID: "g", N: 3, State: socle.StatePublished}
	text := "Page un.\n\nPage deux commence ici. Suite."
	sections := []socle.Section{
		{ID: "a", Ordinal: 0, Path: []string{"Titre"}, Text: text, Passages: []socle.Span{{Start: 0, End: 8}, {Start: 10, End: len(text)}},
			PageStart: 4, PageEnd: 5, PageBreaks: []int{10}},
		{ID: "b", Ordinal: 1, Path: []string{"Titre", "Vide"}, Text: ""},
		{ID: "c", Ordinal: 2, Text: "Sans passages déclarés."},
	}
	ps, err := Passages(g, v, sections)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 {
		t.Fatalf("passages = %d, want 3 (two of a, none of the empty b, c whole)", len(ps))
	}
	if p := ps[1]; p.Text != "Page deux commence ici. Suite." || p.PageStart != 5 || p.PageEnd != 5 || p.Index != 1 || p.VersionN != 3 || p.Kind != socle.KindMethodology {
		t.Errorf("second passage = %+v", p)
	}
	if p := ps[0]; p.PageStart != 4 || p.PageEnd != 4 {
		t.Errorf("first passage pages = %d..%d, want 4..4", p.PageStart, p.PageEnd)
	}
	if p := ps[2]; p.Text != "Sans passages déclarés." || p.Span.End != len(sections[2].Text) {
		t.Errorf("section without passages = %+v", p)
	}
	sections[0].Passages = []socle.Span{{Start: 0, End: 999}}
	if _, err := Passages(g, v, sections); socle.KindOf(err) != socle.EINVALID {
		t.Errorf("a passage beyond its text: %v, want EINVALID", err)
	}
}
