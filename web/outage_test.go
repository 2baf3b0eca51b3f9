package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/postgres"
	"github.com/socle-project/socle/store/postgres/pgtest"
	"github.com/socle-project/socle/store/storetest"
)

// TestDatabaseOutage cuts the network between a server and its PostgreSQL (a TCP proxy in
// front of the real database) while a writer commits, and checks that requests fail at once
// with 503 and a message in the reader's language, that what was being written landed whole or
// not at all, and that the same server serves again once the network is back.
func TestDatabaseOutage(t *testing.T) {
	s, proxy, direct := pgtest.OpenThroughProxy(t)
	tm := newTeam(t, s, s.Vectors())
	tm.publishGuide(t)

	// quick is shorter than the store's connect timeout (5 s): a request that waited for a
	// connection during the cut instead of failing at once would fail the test.
	quick := &http.Client{Timeout: time.Second}
	get := func(path, lang string) (int, http.Header, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", tm.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tm.tokens["caseworker"])
		req.Header.Set("Accept-Language", lang)
		resp, err := quick.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v (the server did not answer at once)", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	if code, _, b := get("/api/v1/search?q=loyer", "fr"); code != http.StatusOK {
		t.Fatalf("search before the cut: %d %s", code, b)
	}

	// A writer commits versions, glossary entries and plans, printing each commit.
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	pr, pw := io.Pipe()
	wrote := make(chan error, 1)
	go func() {
		err := storetest.CrashWriter(ctx, s, pw)
		pw.Close()
		wrote <- err
	}()
	lines := bufio.NewScanner(pr)
	var acked []string
	for lines.Scan() && len(acked) < 20 {
		if l := lines.Text(); l != "ready" {
			acked = append(acked, l)
		}
	}
	proxy.Cut()
	for lines.Scan() {
		acked = append(acked, lines.Text())
	}
	if err := <-wrote; !socle.IsKind(err, socle.EUNAVAILABLE) {
		t.Fatalf("writer cut off: got %v (kind %s), want kind %s", err, socle.KindOf(err), socle.EUNAVAILABLE)
	}
	// The writer's failure closes the gate, but the probe it starts may ping through a
	// connection the proxy has not severed yet (Cut closes them one by one) and open it again,
	// as it should when one connection dies and the database answers: the store notices the cut
	// at the next request that meets it, as in production.
	waitFor(t, "the store to notice the cut", func() bool {
		s.OrgBySlug(context.Background(), "pendant-la-coupure")
		return s.Unavailable() != nil
	})
	// Usage recorded during the cut waits for the database instead of being dropped.
	for range 3 {
		tm.usage.Record(socle.UsageEvent{OrgID: tm.org.ID, Kind: socle.UsageSearch, Query: "pendant la coupure", Found: true})
	}
	time.Sleep(200 * time.Millisecond) // a few of the recorder's attempts meet the cut

	for _, c := range []struct{ lang, want string }{
		{"fr", "La base de données ne répond pas"},
		{"en", "The database does not answer"},
	} {
		for range 5 {
			code, h, b := get("/api/v1/search?q=loyer", c.lang)
			var e struct {
				Error struct{ Kind, Message string }
			}
			json.Unmarshal([]byte(b), &e)
			if code != http.StatusServiceUnavailable || e.Error.Kind != "unavailable" || !strings.HasPrefix(e.Error.Message, c.want) || h.Get("Retry-After") == "" {
				t.Fatalf("search during the cut (%s): %d %q Retry-After %q, want 503 unavailable %q…", c.lang, code, b, h.Get("Retry-After"), c.want)
			}
		}
	}
	if code, _, b := get("/login", "fr"); code != http.StatusServiceUnavailable || !strings.Contains(b, "reprendra de lui-même") {
		t.Fatalf("sign-in page during the cut: %d, want 503 with the French message\n%s", code, b)
	}
	if code, _, _ := get("/healthz", "fr"); code != http.StatusOK {
		t.Fatalf("/healthz during the cut: %d, want 200 (the process is alive)", code)
	}
	if code, _, _ := get("/readyz", "fr"); code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz during the cut: %d, want 503", code)
	}

	proxy.Restore()
	waitFor(t, "the same server to serve again", func() bool {
		code, _, _ := get("/api/v1/search?q=loyer", "fr")
		return code == http.StatusOK
	})
	if code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"situation": "Madame a un impayé de loyer depuis deux mois."}`); code != http.StatusOK {
		t.Fatalf("plan after the cut: %d %s", code, b)
	}
	if code, _, _ := get("/readyz", "fr"); code != http.StatusOK {
		t.Fatalf("/readyz after the cut: %d, want 200", code)
	}
	tm.usage.Flush()
	events, err := s.UsageEvents(context.Background(), tm.org.ID, socle.UsageFilter{Kind: socle.UsageSearch})
	must(t, err)
	kept := 0
	for _, e := range events {
		if e.Query == "pendant la coupure" {
			kept++
		}
	}
	if kept != 3 || tm.usage.Dropped() != 0 || tm.usage.Failed() != 0 {
		t.Fatalf("usage recorded during the cut: %d of 3 written after it (%d dropped, %d failed)", kept, tm.usage.Dropped(), tm.usage.Failed())
	}

	// Every acknowledged write is there and whole; the one cut off is whole or absent (the
	// invariants CheckConsistent holds: every version has all the sections it announces).
	check, err := postgres.Open(context.Background(), direct)
	must(t, err)
	defer check.Close()
	storetest.CheckConsistent(t, check, acked)
}

// waitFor polls cond for up to 15 seconds: a bound on a recovery, not a speed target.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 15 s for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
