// Package pgtest gives tests a PostgreSQL store of their own: a fresh schema in the test database
// (SOCLE_TEST_DATABASE_URL), dropped when the test ends.
package pgtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle/store/postgres"
)

// testURL returns the database the tests may use, or skips (fails under
// SOCLE_REQUIRE_POSTGRES=1, as in CI) when none answers.
func testURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("SOCLE_TEST_DATABASE_URL")
	if u == "" {
		u = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	conn, err := pgx.Connect(context.Background(), u)
	if err != nil {
		msg := fmt.Sprintf("PostgreSQL suite not run: cannot connect to %s (%v). Run `make test`, or set SOCLE_TEST_DATABASE_URL to a database with pgvector available.", redacted(u), err)
		if os.Getenv("SOCLE_REQUIRE_POSTGRES") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	conn.Close(context.Background())
	return u
}

func redacted(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	return p.Redacted()
}

var extensionOnce sync.Once

// openSchema opens a store in a new schema of its own, so that tests run in parallel against one
// database and leave nothing behind.
// Open opens a store in a new schema of its own in the test database, so that tests run in
// parallel against one database and leave nothing behind. It skips when no database answers,
// and fails instead under SOCLE_REQUIRE_POSTGRES=1, as in CI. It returns the store and the URL
// that opens the same schema again.
func Open(t testing.TB) (*postgres.Store, string) {
	t.Helper()
	base := testURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	extensionOnce.Do(func() {
		// The extension lives in public so that every test schema sees the vector type.
		if _, err := conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS vector SCHEMA public`); err != nil {
			t.Fatalf("pgvector: %v", err)
		}
	})
	schema := fmt.Sprintf("socle_t_%08x", rand.Uint32())
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			c.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			c.Close(context.Background())
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	u := base + sep + "search_path=" + schema + ",public"
	s, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, u
}
