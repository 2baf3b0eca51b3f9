package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/store/embedded"
)

// TestDemoDefaults: the demo listens on the loopback interface unless told otherwise, and does
// not put its public accounts into a store that holds other organizations unless asked.
func TestDemoDefaults(t *testing.T) {
	var cfg serveConfig
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	registerDemo(fs, &cfg)
	if err := parse(fs, nil, io.Discard, "demo", ""); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cfg.Addr, "127.0.0.1:") {
		t.Fatalf("demo listens on %q by default, want the loopback interface", cfg.Addr)
	}

	ctx := context.Background()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other := socle.Organization{Slug: "mds-valmont", Name: "A real organization"}
	if err := s.CreateOrg(ctx, &other); err != nil {
		t.Fatal(err)
	}
	svc := &authoring.Service{Store: s}
	log := slog.New(slog.DiscardHandler)
	_, err = seedDemo(ctx, s, svc, log, false)
	if err == nil || !strings.Contains(err.Error(), "--demo-in-shared-store") {
		t.Fatalf("seeding a store with another organization: got %v, want a refusal naming the flag", err)
	}
	if _, err := s.OrgBySlug(ctx, demoOrgSlug); !socle.IsKind(err, socle.ENOTFOUND) {
		t.Fatalf("the refused seeding created the demo organization: %v", err)
	}
	if _, err := s.UserByEmail(ctx, demoAccounts[0].Email); !socle.IsKind(err, socle.ENOTFOUND) {
		t.Fatalf("the refused seeding created a demo account: %v", err)
	}
	if _, err := seedDemo(ctx, s, svc, log, true); err != nil {
		t.Fatalf("seeding when asked: %v", err)
	}
	// Once seeded, the demo starts again on its own data without the flag.
	s2, _ := embedded.Open(t.TempDir())
	defer s2.Close()
	if _, err := seedDemo(ctx, s2, &authoring.Service{Store: s2}, log, false); err != nil {
		t.Fatal(err)
	}
	if _, err := seedDemo(ctx, s2, &authoring.Service{Store: s2}, log, false); err != nil {
		t.Fatalf("seeding the demo's own store again: %v", err)
	}
}
