package retrieval_test

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/store/postgres/pgtest"
)

// countingEmbedder is the hashing embedder, counting the texts it embeds.
type countingEmbedder struct {
	retrieval.Embedder
	texts atomic.Int64
}

func (c *countingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	c.texts.Add(int64(len(texts)))
	return c.Embedder.Embed(ctx, texts)
}

// TestSharedVectorsEmbeddedOnce runs two servers' indexes on one PostgreSQL database: the
// server that applies a publication second leaves the shared vectors as the first wrote them,
// and both find the passages by vector search.
func TestSharedVectorsEmbeddedOnce(t *testing.T) {
	s, _ := pgtest.Open(t)
	org := socle.Organization{Slug: "mds", Name: "MDS"}
	g := socle.Guide{Slug: "hebergement", Title: "Hébergement", Kind: socle.KindMethodology}
	if err := s.CreateOrg(bg, &org); err != nil {
		t.Fatal(err)
	}
	g.OrgID = org.ID
	if err := s.CreateGuide(bg, &g); err != nil {
		t.Fatal(err)
	}
	var servers []*retrieval.Follower
	var embedders []*countingEmbedder
	for range 2 {
		emb := &countingEmbedder{Embedder: retrieval.NewHashingEmbedder(0)}
		e, h, err := retrieval.Open(bg, t.TempDir(), emb, s.Vectors())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		fw := &retrieval.Follower{Engine: e, Source: s, Feed: s, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if _, err := fw.CatchUp(bg, h.Rebuild); err != nil {
			t.Fatal(err)
		}
		servers, embedders = append(servers, fw), append(embedders, emb)
	}
	text := "L'hébergement d'urgence se demande au 115, jour et nuit."
	v := socle.Version{OrgID: org.ID, GuideID: g.ID, State: socle.StatePublished, Title: "t", SourceName: "editor"}
	c := socle.VersionContent{Sections: []socle.Section{{ID: "s0", Path: []string{"Urgence"}, Level: 2, Text: text, Passages: []socle.Span{{Start: 0, End: len(text)}}}}}
	if err := s.CreateVersion(bg, &v, c); err != nil {
		t.Fatal(err)
	}
	for i, fw := range servers {
		before := embedders[i].texts.Load()
		if _, err := fw.CatchUp(bg, false); err != nil {
			t.Fatal(err)
		}
		embedded := embedders[i].texts.Load() - before
		if want := map[int]int64{0: 1, 1: 0}[i]; embedded != want {
			t.Fatalf("server %d embedded %d passages applying the publication, want %d", i+1, embedded, want)
		}
		res, err := fw.Engine.Search(bg, org.ID, retrieval.Query{Text: "hébergement urgence", Mode: retrieval.ModeVector})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].VersionID != v.ID {
			t.Fatalf("server %d: vector search finds %+v, %v; want the published passage", i+1, res.Hits, err)
		}
	}
}
