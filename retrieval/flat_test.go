package retrieval_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/retrieval/vectortest"
)

func TestFlatIndexConformance(t *testing.T) {
	vectortest.Run(t, func(t *testing.T) (retrieval.VectorIndex, func(t *testing.T) retrieval.VectorIndex) {
		dir := t.TempDir()
		open := func(t *testing.T) retrieval.VectorIndex {
			idx, st, err := retrieval.OpenFlatIndex(dir)
			if err != nil {
				t.Fatal(err)
			}
			if st.Reset {
				t.Fatalf("OpenFlatIndex reset the index: %s", st.Reason)
			}
			t.Cleanup(func() { idx.Close() })
			return idx
		}
		idx := open(t)
		return idx, func(t *testing.T) retrieval.VectorIndex {
			if err := idx.Close(); err != nil {
				t.Fatal(err)
			}
			return open(t)
		}
	})
}

func TestFlatIndexDropsCorruptFiles(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"flipped byte", func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			b[len(b)/2] ^= 0xff
			os.WriteFile(path, b, 0o644)
		}},
		{"truncated", func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			os.WriteFile(path, b[:len(b)-7], 0o644)
		}},
		{"not a vector file", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("hello"), 0o644)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			idx, _, err := retrieval.OpenFlatIndex(dir)
			if err != nil {
				t.Fatal(err)
			}
			v := []float32{1, 0, 0, 0}
			if err := idx.Put(ctx, "m", 4, []retrieval.VectorEntry{{Key: "k", OrgID: "o", State: "published", Vector: v}}); err != nil {
				t.Fatal(err)
			}
			if err := idx.Close(); err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.vec"))
			if len(files) != 1 {
				t.Fatalf("vector files = %v, want one", files)
			}
			tt.damage(t, files[0])
			idx, st, err := retrieval.OpenFlatIndex(dir)
			if err != nil {
				t.Fatalf("OpenFlatIndex on a damaged file: %v, want a reset", err)
			}
			defer idx.Close()
			if !st.Reset || st.Reason == "" {
				t.Fatalf("status = %+v, want a reset with a reason", st)
			}
			if n, _ := idx.Count(ctx, ""); n != 0 {
				t.Errorf("count after reset = %d, want 0", n)
			}
		})
	}
}

// TestFlatIndexLargeScanMatchesBruteForce covers the parallel scan of a large organization:
// its top K must be exactly the brute-force top K.
func TestFlatIndexLargeScanMatchesBruteForce(t *testing.T) {
	ctx := context.Background()
	idx, _, err := retrieval.OpenFlatIndex(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const n, dim = 40000, 8
	r := rand.New(rand.NewPCG(3, 4))
	entries := make([]retrieval.VectorEntry, n)
	for i := range entries {
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		state := "published"
		if i%7 == 0 {
			state = "draft"
		}
		entries[i] = retrieval.VectorEntry{Key: fmt.Sprint(i), OrgID: "o", GuideID: "g", VersionID: "v", State: state, Vector: v}
	}
	if err := idx.Put(ctx, "m", dim, entries); err != nil {
		t.Fatal(err)
	}
	q := []float32{1, -1, 0.5, 0, 0, 2, 0, 1}
	type kv struct {
		key   string
		score float32
	}
	var all []kv
	for _, e := range entries {
		if e.State != "published" {
			continue
		}
		var s float32
		for j := range q {
			s += q[j] * e.Vector[j]
		}
		all = append(all, kv{e.Key, s})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	hits, err := idx.Search(ctx, retrieval.VectorSearch{Filter: retrieval.Filter{OrgID: "o"}, Model: "m", Vector: q, K: 25})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 25 {
		t.Fatalf("hits = %d, want 25", len(hits))
	}
	for i, h := range hits {
		if h.Key != all[i].key || math.Abs(h.Score-float64(all[i].score)) > 1e-4 {
			t.Fatalf("hit %d = %s (%.5f), want %s (%.5f)", i, h.Key, h.Score, all[i].key, all[i].score)
		}
	}
}

func TestDotMatchesPortable(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 64, 100, 256, 257, 1024} {
		a, b := make([]float32, n), make([]float32, n+3)
		var want float64
		for i := range a {
			a[i], b[i] = float32(r.NormFloat64()), float32(r.NormFloat64())
			want += float64(a[i]) * float64(b[i])
		}
		if got := retrieval.Dot(a, b); math.Abs(float64(got)-want) > 1e-4*(1+math.Abs(want)) {
			t.Errorf("n=%d: dot = %v, want %v", n, got, want)
		}
	}
}
