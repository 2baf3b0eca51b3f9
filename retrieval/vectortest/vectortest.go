// Package vectortest is the conformance suite of retrieval.VectorIndex: the embedded flat
// index and pgvector (store/postgres) both run it, so that either can back a search.
package vectortest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/retrieval"
)

// Open returns an empty index for one subtest. Reopen, when not nil, closes the index and
// opens it again from where it keeps its data, to check that flushed entries survive.
type Open func(t *testing.T) (idx retrieval.VectorIndex, reopen func(t *testing.T) retrieval.VectorIndex)

const (
	model = "test-model"
	dim   = 8
)

// Run runs every conformance test against indexes made by open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open Open)
	}{
		{"SearchRanksByCosine", testSearchRanks},
		{"OrganizationIsolation", testIsolation},
		{"SmallOrganizationGetsK", testSmallOrg},
		{"Filters", testFilters},
		{"PutReplaces", testPutReplaces},
		{"Deletes", testDeletes},
		{"ModelConflict", testModelConflict},
		{"RequiresOrganization", testRequiresOrg},
		{"Persists", testPersists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

// unit returns a unit vector pointing mostly along axis a, tilted by b.
func unit(a int, tilt float64) []float32 {
	v := make([]float32, dim)
	v[a%dim] = 1
	v[(a+1)%dim] = float32(tilt)
	n := float32(math.Sqrt(1 + tilt*tilt))
	for i := range v {
		v[i] /= n
	}
	return v
}

func entry(org, key string, v []float32) retrieval.VectorEntry {
	return retrieval.VectorEntry{Key: key, OrgID: org, GuideID: "g1", Kind: "methodology", VersionID: "v1", State: "published", Vector: v}
}

func search(t *testing.T, idx retrieval.VectorIndex, f retrieval.Filter, q []float32, k int) []retrieval.VectorHit {
	t.Helper()
	hits, err := idx.Search(context.Background(), retrieval.VectorSearch{Filter: f, Model: model, Vector: q, K: k})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	return hits
}

func keys(hits []retrieval.VectorHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Key
	}
	return out
}

func put(t *testing.T, idx retrieval.VectorIndex, entries ...retrieval.VectorEntry) {
	t.Helper()
	if err := idx.Put(context.Background(), model, dim, entries); err != nil {
		t.Fatalf("Put: %v", err)
	}
}

func testSearchRanks(t *testing.T, open Open) {
	idx, _ := open(t)
	put(t, idx, entry("o1", "far", unit(3, 0)), entry("o1", "near", unit(0, 0.1)), entry("o1", "mid", unit(0, 1)))
	hits := search(t, idx, retrieval.Filter{OrgID: "o1"}, unit(0, 0), 2)
	if got := fmt.Sprint(keys(hits)); got != "[near mid]" {
		t.Fatalf("keys = %s, want [near mid]", got)
	}
	if want := 1 / math.Sqrt(1.01); math.Abs(hits[0].Score-want) > 1e-5 {
		t.Errorf("score = %v, want the cosine %v", hits[0].Score, want)
	}
	if hits[0].Score < hits[1].Score {
		t.Errorf("scores not decreasing: %v", hits)
	}
}

// testIsolation puts random vectors for random organizations and checks that no search
// returns another organization's entry, and that each finds all of its own when k allows.
func testIsolation(t *testing.T, open Open) {
	idx, _ := open(t)
	r := rand.New(rand.NewPCG(7, 11))
	owner := map[string]string{}
	count := map[string]int{}
	var entries []retrieval.VectorEntry
	for i := 0; i < 300; i++ {
		org := fmt.Sprintf("org-%d", r.IntN(5))
		key := fmt.Sprintf("%s/k%d", org, i)
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		normalize(v)
		owner[key] = org
		count[org]++
		entries = append(entries, entry(org, key, v))
	}
	put(t, idx, entries...)
	for q := 0; q < 50; q++ {
		org := fmt.Sprintf("org-%d", r.IntN(6)) // org-5 has no entries
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		normalize(v)
		hits := search(t, idx, retrieval.Filter{OrgID: org}, v, 1000)
		for _, h := range hits {
			if owner[h.Key] != org {
				t.Fatalf("search for %s returned %s of %s", org, h.Key, owner[h.Key])
			}
		}
		if len(hits) != count[org] {
			t.Fatalf("search for %s with a large k returned %d entries, want all %d", org, len(hits), count[org])
		}
	}
}

// testSmallOrg puts an organization's few vectors among many of another's: its search must
// still return k entries, all its own, the nearest first. An approximate index that filters
// after its candidate list (pgvector without iterative scan) returns almost none.
func testSmallOrg(t *testing.T, open Open) {
	idx, _ := open(t)
	r := rand.New(rand.NewPCG(21, 5))
	var entries []retrieval.VectorEntry
	vecs := map[string][]float32{}
	for i := 0; i < 3000; i++ {
		org := "big"
		if i%100 == 0 {
			org = "small"
		}
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		normalize(v)
		key := fmt.Sprintf("%s/k%d", org, i)
		vecs[key] = v
		entries = append(entries, entry(org, key, v))
	}
	put(t, idx, entries...)
	for q := 0; q < 10; q++ {
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		normalize(v)
		hits := search(t, idx, retrieval.Filter{OrgID: "small"}, v, 10)
		if len(hits) != 10 {
			t.Fatalf("the small organization got %d of 10 hits", len(hits))
		}
		best, bestScore := "", -2.0
		for key, e := range vecs {
			if key[:5] != "small" {
				continue
			}
			var dot float64
			for i := range v {
				dot += float64(v[i]) * float64(e[i])
			}
			if dot > bestScore {
				best, bestScore = key, dot
			}
		}
		for _, h := range hits {
			if h.Key[:5] != "small" {
				t.Fatalf("search for small returned %s", h.Key)
			}
		}
		if hits[0].Key != best {
			t.Fatalf("nearest hit %s, want %s", hits[0].Key, best)
		}
	}
}

func testFilters(t *testing.T, open Open) {
	idx, _ := open(t)
	mk := func(key, guide, kind, version, state string) retrieval.VectorEntry {
		return retrieval.VectorEntry{Key: key, OrgID: "o", GuideID: guide, Kind: kind, VersionID: version, State: state, Vector: unit(0, 0.1)}
	}
	put(t, idx,
		mk("a", "g1", "methodology", "v1", "published"),
		mk("b", "g2", "catalog", "v2", "published"),
		mk("c", "g1", "methodology", "v3", "draft"),
		mk("d", "g3", "reference", "v4", "archived"),
	)
	tests := []struct {
		name string
		f    retrieval.Filter
		want string
	}{
		{"published only by default", retrieval.Filter{OrgID: "o"}, "[a b]"},
		{"one guide", retrieval.Filter{OrgID: "o", GuideIDs: []string{"g2"}}, "[b]"},
		{"guides", retrieval.Filter{OrgID: "o", GuideIDs: []string{"g1", "g2", "g9"}}, "[a b]"},
		{"kind", retrieval.Filter{OrgID: "o", Kinds: []string{"methodology"}}, "[a]"},
		{"a draft version asked for", retrieval.Filter{OrgID: "o", VersionID: "v3"}, "[c]"},
		{"version and another guide", retrieval.Filter{OrgID: "o", VersionID: "v3", GuideIDs: []string{"g2"}}, "[]"},
		{"unknown guide", retrieval.Filter{OrgID: "o", GuideIDs: []string{"nope"}}, "[]"},
		{"unknown version", retrieval.Filter{OrgID: "o", VersionID: "nope"}, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := keys(search(t, idx, tt.f, unit(0, 0), 10))
			sort.Strings(got)
			if fmt.Sprint(got) != tt.want {
				t.Errorf("keys = %v, want %s", got, tt.want)
			}
		})
	}
}

func testPutReplaces(t *testing.T, open Open) {
	idx, _ := open(t)
	put(t, idx, entry("o", "a", unit(0, 0)), entry("o", "b", unit(1, 0)))
	put(t, idx, entry("o", "a", unit(2, 0)))
	hits := search(t, idx, retrieval.Filter{OrgID: "o"}, unit(2, 0), 10)
	if len(hits) != 2 || hits[0].Key != "a" || math.Abs(hits[0].Score-1) > 1e-5 {
		t.Fatalf("after replacing a: %v, want a first with cosine 1 and 2 entries", hits)
	}
	n, err := idx.Count(context.Background(), "o")
	if err != nil || n != 2 {
		t.Errorf("Count = %d, %v, want 2", n, err)
	}
}

func testDeletes(t *testing.T, open Open) {
	ctx := context.Background()
	idx, _ := open(t)
	e1 := entry("o", "v1a", unit(0, 0))
	e2 := entry("o", "v2a", unit(0, 0))
	e2.VersionID = "v2"
	e3 := entry("p", "p1", unit(0, 0))
	put(t, idx, e1, e2, e3)
	if err := idx.DeleteVersion(ctx, "o", "v1"); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(keys(search(t, idx, retrieval.Filter{OrgID: "o"}, unit(0, 0), 10))); got != "[v2a]" {
		t.Fatalf("after DeleteVersion v1: %s, want [v2a]", got)
	}
	if err := idx.DeleteVersion(ctx, "p", "v2"); err != nil { // another org's version id: no effect
		t.Fatal(err)
	}
	if n, _ := idx.Count(ctx, "o"); n != 1 {
		t.Fatalf("DeleteVersion for org p removed entries of org o: count %d, want 1", n)
	}
	if err := idx.DeleteOrg(ctx, "o"); err != nil {
		t.Fatal(err)
	}
	if n, _ := idx.Count(ctx, ""); n != 1 {
		t.Fatalf("after DeleteOrg o: total %d, want 1 (org p's)", n)
	}
	if err := idx.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if m, d, _ := idx.Model(ctx); m != "" || d != 0 {
		t.Errorf("after Reset: model %q dim %d, want none", m, d)
	}
}

func testModelConflict(t *testing.T, open Open) {
	ctx := context.Background()
	idx, _ := open(t)
	put(t, idx, entry("o", "a", unit(0, 0)))
	if m, d, err := idx.Model(ctx); err != nil || m != model || d != dim {
		t.Fatalf("Model = %q, %d, %v; want %q, %d", m, d, err, model, dim)
	}
	err := idx.Put(ctx, "other-model", dim, []retrieval.VectorEntry{entry("o", "b", unit(1, 0))})
	if socle.KindOf(err) != socle.ECONFLICT {
		t.Errorf("Put with another model: %v, want ECONFLICT", err)
	}
	_, err = idx.Search(ctx, retrieval.VectorSearch{Filter: retrieval.Filter{OrgID: "o"}, Model: "other-model", Vector: unit(0, 0), K: 1})
	if socle.KindOf(err) != socle.ECONFLICT {
		t.Errorf("Search with another model: %v, want ECONFLICT", err)
	}
	_, err = idx.Search(ctx, retrieval.VectorSearch{Filter: retrieval.Filter{OrgID: "o"}, Model: model, Vector: make([]float32, dim+1), K: 1})
	if socle.KindOf(err) != socle.ECONFLICT {
		t.Errorf("Search with another dimension: %v, want ECONFLICT", err)
	}
	err = idx.Put(ctx, model, dim, []retrieval.VectorEntry{entry("o", "c", make([]float32, dim-1))})
	if socle.KindOf(err) != socle.EINVALID {
		t.Errorf("Put of a short vector: %v, want EINVALID", err)
	}
	if err := idx.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if err := idx.Put(ctx, "other-model", dim, []retrieval.VectorEntry{entry("o", "b", unit(1, 0))}); err != nil {
		t.Errorf("Put with another model after Reset: %v", err)
	}
}

func testRequiresOrg(t *testing.T, open Open) {
	idx, _ := open(t)
	put(t, idx, entry("o", "a", unit(0, 0)))
	_, err := idx.Search(context.Background(), retrieval.VectorSearch{Model: model, Vector: unit(0, 0), K: 5})
	if socle.KindOf(err) != socle.EINVALID {
		t.Errorf("Search without an organization: %v, want EINVALID", err)
	}
}

func testPersists(t *testing.T, open Open) {
	ctx := context.Background()
	idx, reopen := open(t)
	if reopen == nil {
		t.Skip("the index keeps nothing between opens")
	}
	put(t, idx, entry("o", "a", unit(0, 0)), entry("o", "b", unit(1, 0)), entry("p", "c", unit(0, 0)))
	if err := idx.DeleteVersion(ctx, "p", "v1"); err != nil {
		t.Fatal(err)
	}
	if err := idx.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	idx = reopen(t)
	if got := fmt.Sprint(keys(search(t, idx, retrieval.Filter{OrgID: "o"}, unit(0, 0), 10))); got != "[a b]" {
		t.Errorf("after reopening: %s, want [a b]", got)
	}
	if n, _ := idx.Count(ctx, "p"); n != 0 {
		t.Errorf("after reopening: org p has %d entries, want 0", n)
	}
	if m, d, _ := idx.Model(ctx); m != model || d != dim {
		t.Errorf("after reopening: model %q/%d", m, d)
	}
}

func normalize(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
}
