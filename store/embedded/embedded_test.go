package embedded_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/store/storetest"
)

func open(t *testing.T) socle.Store {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) { storetest.Run(t, open) }

func TestOpenErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	readonly := t.TempDir()
	os.Chmod(readonly, 0o500)
	tests := []struct {
		name string
		dir  string
		kind socle.ErrorKind
	}{
		{"a file, not a directory", file, socle.EINVALID},
		{"a directory under a file", filepath.Join(file, "data"), socle.EINVALID},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		tests = append(tests, struct {
			name string
			dir  string
			kind socle.ErrorKind
		}{"a read-only directory", readonly, socle.EINVALID})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := embedded.Open(tt.dir)
			if socle.KindOf(err) != tt.kind {
				t.Fatalf("Open(%s): got %v, want kind %s", tt.dir, err, tt.kind)
			}
		})
	}
}

func TestOpenTwice(t *testing.T) {
	dir := t.TempDir()
	s, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// bbolt locks the file per open handle, so a second open in the same process stands in for
	// a second process.
	_, err = embedded.Open(dir)
	if socle.KindOf(err) != socle.EUNAVAILABLE {
		t.Fatalf("second Open: got %v, want EUNAVAILABLE (in use)", err)
	}
}

// TestCrashChild is the writer that TestCrashConsistency kills; it does nothing on its own.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("SOCLE_CRASH_DIR")
	if dir == "" {
		t.Skip("run by TestCrashConsistency")
	}
	s, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Fatal(storetest.CrashWriter(context.Background(), s, os.Stdout))
}

func TestCrashConsistency(t *testing.T) {
	dir := t.TempDir()
	var acked []string
	for round, writes := range []int{30, 200, 90} {
		acked = append(acked, storetest.KillDuringWrites(t, "TestCrashChild", []string{"SOCLE_CRASH_DIR=" + dir}, writes)...)
		s, err := embedded.Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		storetest.CheckConsistent(t, s, acked)
		s.Close()
	}
}

// TestGuidesByKindReadsTheKind checks that Guides, which skips the records without the kind's
// JSON string, still decides by the kind itself: a methodology guide titled and slugged after
// catalogs is not one.
func TestGuidesByKindReadsTheKind(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	org := socle.Organization{Slug: "kinds", Name: "Kinds"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		t.Fatal(err)
	}
	for _, g := range []socle.Guide{
		{OrgID: org.ID, Slug: "catalog", Title: `Le "catalog" des aides`, Kind: socle.KindMethodology},
		{OrgID: org.ID, Slug: "z-services", Title: "Services", Kind: socle.KindCatalog},
		{OrgID: org.ID, Slug: "a-services", Title: "Autres services", Kind: socle.KindCatalog},
	} {
		if err := s.CreateGuide(ctx, &g); err != nil {
			t.Fatal(err)
		}
	}
	cats, err := s.Guides(ctx, org.ID, socle.GuideFilter{Kind: socle.KindCatalog})
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != 2 || cats[0].Slug != "a-services" || cats[1].Slug != "z-services" {
		t.Fatalf("Guides(catalog): got %+v, want a-services then z-services", cats)
	}
}
