package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/retrieval/vectortest"
	"github.com/socle-project/socle/store/postgres"
)

// TestVectorConformance runs on pgvector the vector index suite the embedded index passes too,
// small organizations among large ones included (HNSW with iterative scan).
func TestVectorConformance(t *testing.T) {
	vectortest.Run(t, func(t *testing.T) (retrieval.VectorIndex, func(t *testing.T) retrieval.VectorIndex) {
		s, u := openSchema(t)
		reopen := func(t *testing.T) retrieval.VectorIndex {
			s2, err := postgres.Open(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s2.Close() })
			v := s2.Vectors()
			v.ForceHNSW = true
			return v
		}
		v := s.Vectors()
		v.ForceHNSW = true
		return v, reopen
	})
}

// TestVectorSearchUsesHNSW checks that the conformance suite exercises the HNSW path.
func TestVectorSearchUsesHNSW(t *testing.T) {
	s, _ := openSchema(t)
	v := s.Vectors()
	v.ForceHNSW = true
	ctx := context.Background()
	vec := []float32{1, 0, 0, 0}
	if err := v.Put(ctx, "m", 4, []retrieval.VectorEntry{{Key: "k", OrgID: "o", State: "published", Vector: vec}}); err != nil {
		t.Fatal(err)
	}
	plan, err := v.Plan(ctx, retrieval.VectorSearch{Filter: retrieval.Filter{OrgID: "o"}, Model: "m", Vector: vec, K: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "passage_vectors_hnsw") {
		t.Fatalf("the search does not read the HNSW index:\n%s", plan)
	}
}
