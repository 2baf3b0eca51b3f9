package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/embedded"
)

// TestPurge checks that the server's purge deletes plans past their retention and keeps the
// others.
func TestPurge(t *testing.T) {
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	org := socle.Organization{Slug: "o", Name: "O"}
	s.CreateOrg(ctx, &org)
	soon := socle.Plan{OrgID: org.ID, Title: "soon", Steps: []socle.Step{{Action: "x"}}, ExpiresAt: socle.Now().Add(50 * time.Millisecond)}
	later := socle.Plan{OrgID: org.ID, Title: "later", Steps: []socle.Step{{Action: "x"}}, ExpiresAt: socle.Now().Add(time.Hour)}
	if err := s.SavePlan(ctx, &soon); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePlan(ctx, &later); err != nil {
		t.Fatal(err)
	}
	pctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		purge(pctx, s, slog.New(slog.NewTextHandler(io.Discard, nil)), 20*time.Millisecond)
		close(done)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := s.Plan(ctx, org.ID, soon.ID); socle.IsKind(err, socle.ENOTFOUND) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the expired plan was not purged")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if _, err := s.Plan(ctx, org.ID, later.ID); err != nil {
		t.Fatalf("the purge deleted a plan within its retention: %v", err)
	}
}
