package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/postgres"
	"github.com/socle-project/socle/store/postgres/pgtest"
)

// TestDatabaseRestart stops and starts a PostgreSQL cluster of the test's own under an open
// store: while it is down, every call fails with EUNAVAILABLE (and the store says so without
// waiting); once it is back, the same store serves again, and a write refused during the
// outage left nothing behind.
func TestDatabaseRestart(t *testing.T) {
	c := pgtest.NewCluster(t)
	ctx := context.Background()
	s, err := postgres.Open(ctx, c.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	changes := make(chan bool, 8)
	s.OnOutage(func(up bool, _ time.Duration) { changes <- up })
	if err := s.CreateOrg(ctx, &socle.Organization{Slug: "avant", Name: "Avant"}); err != nil {
		t.Fatal(err)
	}

	c.Stop()
	if _, err := s.OrgBySlug(ctx, "avant"); !socle.IsKind(err, socle.EUNAVAILABLE) || !errors.Is(err, socle.ErrDatabaseUnavailable) {
		t.Fatalf("read while PostgreSQL is stopped: got %v (kind %s), want %s", err, socle.KindOf(err), socle.EUNAVAILABLE)
	}
	if err := s.Unavailable(); !socle.IsKind(err, socle.EUNAVAILABLE) {
		t.Fatalf("Unavailable while PostgreSQL is stopped: %v", err)
	}
	if err := s.CreateOrg(ctx, &socle.Organization{Slug: "pendant", Name: "Pendant"}); !socle.IsKind(err, socle.EUNAVAILABLE) {
		t.Fatalf("write while PostgreSQL is stopped: got %v, want %s", err, socle.EUNAVAILABLE)
	}
	if up := <-changes; up {
		t.Fatal("the outage was announced as a return")
	}

	c.Start()
	deadline := time.Now().Add(15 * time.Second)
	for s.Unavailable() != nil {
		if time.Now().After(deadline) {
			t.Fatal("the store did not notice within 15 s that PostgreSQL is back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if up := <-changes; !up {
		t.Fatal("the return was not announced")
	}
	if _, err := s.OrgBySlug(ctx, "avant"); err != nil {
		t.Fatalf("read after the restart, same store: %v", err)
	}
	if err := s.CreateOrg(ctx, &socle.Organization{Slug: "apres", Name: "Après"}); err != nil {
		t.Fatalf("write after the restart, same store: %v", err)
	}
	if _, err := s.OrgBySlug(ctx, "pendant"); !socle.IsKind(err, socle.ENOTFOUND) {
		t.Fatalf("the write refused during the outage: got %v, want it absent", err)
	}
}
