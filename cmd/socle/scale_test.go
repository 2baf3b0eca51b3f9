package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle/store/postgres"
	"github.com/socle-project/socle/store/postgres/pgtest"
)

// cluster is a PostgreSQL schema with an organization, a lead's API token and two guides,
// for servers started on it.
type cluster struct {
	t     *testing.T
	url   string
	token string
	store *postgres.Store // the test's own look at the database
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	store, u := pgtest.Open(t)
	c := &cluster{t: t, url: u, store: store}
	data, files := t.TempDir(), t.TempDir()
	c.run("org", "create", "--slug", "mds", "--name", "MDS")
	c.run("user", "add", "--org", "mds", "--email", "lead@mds.example", "--role", "lead")
	out := c.run("token", "create", "--org", "mds", "--email", "lead@mds.example", "--name", "tests")
	c.token = regexp.MustCompile(`socle_[A-Za-z0-9_-]+`).FindString(out)
	if c.token == "" {
		t.Fatalf("no token in %q", out)
	}
	// One lead publishes alone here: review is the subject of other tests.
	org, err := store.OrgBySlug(context.Background(), "mds")
	if err != nil {
		t.Fatal(err)
	}
	set, err := store.Settings(context.Background(), org.ID)
	if err != nil {
		t.Fatal(err)
	}
	set.ReviewRequired = false
	if err := store.SetSettings(context.Background(), &set); err != nil {
		t.Fatal(err)
	}
	heb := writeGuide(t, files, "hebergement.md", "# Hébergement\n\n## Urgence\n\nAppeler le 115 pour une mise à l'abri.\n")
	log := writeGuide(t, files, "logement.md", "# Logement\n\n## Chambre\n\nUne mansarde meublée peut dépanner un jeune majeur.\n")
	c.run("ingest", "--data", data, "--org", "mds", "--publish", heb, log)
	return c
}

// run runs a socle command on the cluster's database and returns its output.
func (c *cluster) run(args ...string) string {
	c.t.Helper()
	// The URL goes after the command's words, before its files.
	i := 0
	for i < len(args) && !strings.HasPrefix(args[i], "-") {
		i++
	}
	full := append(append(append([]string{}, args[:i]...), "--database-url", c.url), args[i:]...)
	out, errs, code := socleRun(c.t, full...)
	if code != 0 {
		c.t.Fatalf("socle %s: %d\n%s\n%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// serve starts a server on the cluster with its local index under data.
func (c *cluster) serve(data string) *started {
	c.t.Helper()
	return start(c.t, "serve", "--database-url", c.url, "--data", data, "--index-poll", "200ms")
}

// api calls the server's JSON API as the lead.
func (c *cluster) api(s *started, method, path string, body any, out any) int {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, "http://"+s.addr+path, r)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	if resp.StatusCode >= 300 && out != nil {
		c.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return resp.StatusCode
}

// publish writes a new version of a guide through the server and publishes it; it returns
// the version's number.
func (c *cluster) publish(s *started, guide string, base int, text string) int {
	c.t.Helper()
	var v struct{ N int }
	c.api(s, "POST", "/api/v1/guides/"+guide+"/text", map[string]any{"text": text, "format": "markdown", "base": base}, &v)
	c.api(s, "POST", fmt.Sprintf("/api/v1/guides/%s/versions/%d/state", guide, v.N), map[string]string{"state": "published"}, &struct{}{})
	return v.N
}

// finds says whether a search on the server finds the word in the guide's version n (any
// version when n is 0).
func (c *cluster) finds(s *started, word string, n int) bool {
	c.t.Helper()
	var res struct {
		Hits []struct {
			Guide   string
			Version int
			Text    string
		}
	}
	c.api(s, "GET", "/api/v1/search?mode=bm25&q="+url.QueryEscape(word), nil, &res)
	for _, h := range res.Hits {
		if strings.Contains(strings.ToLower(h.Text), strings.ToLower(word)) && (n == 0 || h.Version == n) {
			return true
		}
	}
	return false
}

// lag is the server's index_lag as /readyz says it, -1 when it says none.
func (c *cluster) lag(s *started) int64 {
	c.t.Helper()
	_, body := get(c.t, "http://"+s.addr+"/readyz")
	var ready struct {
		IndexLag *int64 `json:"index_lag"`
	}
	if json.Unmarshal([]byte(body), &ready) != nil || ready.IndexLag == nil {
		return -1
	}
	return *ready.IndexLag
}

// eventually polls cond until it holds or the deadline passes, and returns how long it took.
func eventually(t *testing.T, what string, deadline time.Duration, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > deadline {
			t.Fatalf("%s: not within %s", what, deadline)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

// TestTwoServersOneDatabase runs two real servers on one PostgreSQL database: what one
// publishes the other finds; the other, stopped meanwhile, catches up from the change feed on
// restart, which pruning kept for it; and with its local index deleted or corrupt it rebuilds
// and serves.
func TestTwoServersOneDatabase(t *testing.T) {
	c := newCluster(t)
	ctx := context.Background()
	dataA, dataB := t.TempDir(), t.TempDir()
	a, b := c.serve(dataA), c.serve(dataB)
	for _, s := range []*started{a, b} {
		if !c.finds(s, "115", 1) || !c.finds(s, "mansarde", 1) {
			t.Fatal("a server does not find the guides published before it started")
		}
	}

	// Published through the first server, found on the second.
	v2 := c.publish(a, "hebergement", 1, "# Hébergement\n\n## Urgence\n\nLe zorglub accueille les familles la nuit.\n")
	took := eventually(t, "the second server finds a version published on the first", 30*time.Second, func() bool { return c.finds(b, "zorglub", v2) })
	t.Logf("published on the first server, found on the second %s after the publication answered", took.Round(time.Millisecond))
	// The new version goes in before the old one comes out (never nothing found meanwhile).
	eventually(t, "the second server drops the version the publication archived", 30*time.Second, func() bool { return !c.finds(b, "115", 0) })

	// A server that gets no notifications (behind a pooler in transaction mode) finds it by
	// polling.
	polling := start(t, "serve", "--database-url", c.url, "--data", t.TempDir(), "--index-poll", "200ms", "--index-listen=false")
	v3 := c.publish(a, "hebergement", v2, "# Hébergement\n\n## Urgence\n\nLe xylophage accueille les familles la nuit.\n")
	took = eventually(t, "a server without notifications finds a version published on the first", 30*time.Second, func() bool { return c.finds(polling, "xylophage", v3) })
	t.Logf("published on the first server, found by polling on a third %s after the publication answered", took.Round(time.Millisecond))
	polling.stop(t)
	eventually(t, "the second server applies it too", 30*time.Second, func() bool { return c.lag(b) == 0 && c.finds(b, "xylophage", v3) })

	// The second server stops; three versions are published and one archived meanwhile.
	b.stop(t)
	idA, errA := os.ReadFile(filepath.Join(dataA, "replica-id"))
	idB, err := os.ReadFile(filepath.Join(dataB, "replica-id"))
	if err != nil || errA != nil {
		t.Fatal(err, errA)
	}
	reps, err := c.store.Replicas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The second server's position, and the lowest of the stopped servers' (the first one's
	// moves on).
	var atB, needed int64 = -1, -1
	for _, r := range reps {
		if r.ID == strings.TrimSpace(string(idB)) {
			atB = r.Applied
		}
		if r.ID != strings.TrimSpace(string(idA)) && (needed < 0 || r.Applied < needed) {
			needed = r.Applied
		}
	}
	if fb, _ := c.store.FeedBounds(ctx); len(reps) != 3 || atB != fb.Last {
		t.Fatalf("positions recorded: %+v; want three servers', the stopped one at the feed's end %d", reps, fb.Last)
	}
	n := v3
	for i, word := range []string{"ornithorynque", "pangolin", "quetzal"} {
		n = c.publish(a, "hebergement", n, fmt.Sprintf("# Hébergement\n\n## Urgence %d\n\nLe %s accueille les familles.\n", i, word))
	}
	c.api(a, "POST", "/api/v1/guides/logement/versions/1/state", map[string]string{"state": "archived"}, &struct{}{})
	// The first server prunes every heartbeat (a second here): what every server applied
	// goes, what the stopped ones lack stays.
	eventually(t, "pruning of the changes every server applied", 30*time.Second, func() bool {
		fb, err := c.store.FeedBounds(ctx)
		return err == nil && fb.First == needed+1 && fb.First <= atB+1
	})

	b = c.serve(dataB)
	if !c.finds(b, "quetzal", n) || c.finds(b, "pangolin", 0) || c.finds(b, "xylophage", 0) || c.finds(b, "mansarde", 0) {
		t.Fatal("the restarted server does not hold exactly the published versions")
	}
	if code, body := get(t, "http://"+b.addr+"/readyz"); code != http.StatusOK || c.lag(b) != 0 {
		t.Fatalf("/readyz of the restarted server: %d %s, want ready with index_lag 0", code, body)
	}
	b.stop(t)
	if log := b.stderr.String(); !strings.Contains(log, "caught up with the change feed") || strings.Contains(log, "rebuilding") {
		t.Fatalf("the restarted server did not catch up from the feed without a rebuild:\n%s", log)
	}

	// A local index deleted, then one corrupt: the server rebuilds it from the database.
	damage := map[string]func(dir string) error{
		"deleted": os.RemoveAll,
		"corrupt": func(dir string) error {
			files, _ := filepath.Glob(filepath.Join(dir, "store", "*"))
			if len(files) == 0 {
				return fmt.Errorf("no index files in %s", dir)
			}
			for _, f := range files {
				if err := os.WriteFile(f, []byte("not an index"), 0o644); err != nil {
					return err
				}
			}
			return nil
		},
	}
	for _, name := range []string{"deleted", "corrupt"} {
		if err := damage[name](filepath.Join(dataB, "index", "text")); err != nil {
			t.Fatal(err)
		}
		b = c.serve(dataB)
		if !c.finds(b, "quetzal", n) || c.finds(b, "mansarde", 0) {
			t.Fatalf("index %s: the server does not serve the published versions after starting", name)
		}
		b.stop(t)
		if !strings.Contains(b.stderr.String(), "rebuilding the search indexes") {
			t.Fatalf("index %s: no rebuild in the log:\n%s", name, b.stderr.String())
		}
	}
	a.stop(t)
}
