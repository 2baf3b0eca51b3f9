package postgres_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/postgres"
	"github.com/socle-project/socle/store/postgres/pgtest"
	"github.com/socle-project/socle/store/storetest"
)

func openSchema(t testing.TB) (*postgres.Store, string) { return pgtest.Open(t) }

func open(t *testing.T) socle.Store {
	s, _ := openSchema(t)
	return s
}

func TestConformance(t *testing.T) { storetest.Run(t, open) }

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		url  string
		kind socle.ErrorKind
		says string
	}{
		{"malformed URL", "postgres://user:secret@host:notaport/db", socle.EINVALID, "malformed"},
		{"not a URL", "just some words", socle.EINVALID, "malformed"},
		{"nothing listening", "postgres://user:secret@127.0.0.1:1/db?connect_timeout=2", socle.EUNAVAILABLE, "cannot reach"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := postgres.Open(context.Background(), tt.url)
			if socle.KindOf(err) != tt.kind || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("Open(%q): got %v, want kind %s saying %q", tt.url, err, tt.kind, tt.says)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("Open's error shows the password: %v", err)
			}
		})
	}
}

// TestImmutableInDatabase checks that the database itself refuses to change a version's
// content, even through plain SQL.
func TestImmutableInDatabase(t *testing.T) {
	s, _ := openSchema(t)
	ctx := context.Background()
	org := socle.Organization{Slug: "immutable", Name: "x"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		t.Fatal(err)
	}
	g := socle.Guide{OrgID: org.ID, Slug: "g", Title: "g", Kind: socle.KindMethodology}
	if err := s.CreateGuide(ctx, &g); err != nil {
		t.Fatal(err)
	}
	v := socle.Version{OrgID: org.ID, GuideID: g.ID}
	c := socle.VersionContent{Source: []byte("x"), Sections: []socle.Section{{ID: "a", Text: "texte"}}}
	if err := s.CreateVersion(ctx, &v, c); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE sections SET body = 'changed'`,
		`UPDATE version_sources SET data = 'changed'`,
		`UPDATE versions SET note = 'changed'`,
		`UPDATE versions SET n = 7`,
		`UPDATE versions SET problems = '[{"Message": "added later"}]'`,
	} {
		if _, err := s.Pool().Exec(ctx, stmt); err == nil || !strings.Contains(err.Error(), "immutable") {
			t.Errorf("%s: got %v, want the immutability trigger's refusal", stmt, err)
		}
	}
	if _, err := s.Pool().Exec(ctx, `UPDATE versions SET state = 'review'`); err != nil {
		t.Errorf("a state change must stay possible: %v", err)
	}
	// A section may not claim an organization other than its version's.
	other := socle.Organization{Slug: "other", Name: "y"}
	if err := s.CreateOrg(ctx, &other); err != nil {
		t.Fatal(err)
	}
	_, err := s.Pool().Exec(ctx, `INSERT INTO sections (version_id, section_id, org_id, guide_id, ordinal, path, level, body, passages,
		page_start, page_end, line_start, line_end) VALUES ($1, 'b', $2, $3, 1, '{}', 0, 'x', '{}', 0, 0, 0, 0)`, v.ID, other.ID, g.ID)
	if err == nil {
		t.Fatal("the database accepted a section whose organization differs from its version's")
	}
}

// TestMigrationsConcurrent starts several stores on one empty schema at once, as several
// `socle serve` processes would: the advisory lock lets one migrate and the others wait.
func TestMigrationsConcurrent(t *testing.T) {
	_, u := openSchema(t) // creates and migrates the schema; reopen it concurrently
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), u)
			if err != nil {
				t.Errorf("concurrent Open: %v", err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
}

// TestCrashChild is the writer that TestCrashConsistency kills; it does nothing on its own.
func TestCrashChild(t *testing.T) {
	u := os.Getenv("SOCLE_CRASH_URL")
	if u == "" {
		t.Skip("run by TestCrashConsistency")
	}
	s, err := postgres.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Fatal(storetest.CrashWriter(context.Background(), s, os.Stdout))
}

func TestCrashConsistency(t *testing.T) {
	_, u := openSchema(t)
	var acked []string
	for round, writes := range []int{30, 150, 60} {
		acked = append(acked, storetest.KillDuringWrites(t, "TestCrashChild", []string{"SOCLE_CRASH_URL=" + u}, writes)...)
		s, err := postgres.Open(context.Background(), u)
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		storetest.CheckConsistent(t, s, acked)
		s.Close()
	}
}
