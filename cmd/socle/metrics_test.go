package main

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/socle-project/socle/store/postgres/pgtest"
	"github.com/socle-project/socle/web"
)

// TestMetrics runs socle serve with and without --metrics-addr: off by default, never on the
// application's port, and with it the series of a search and a plan carry route patterns and
// outcomes, never a slug, an identifier, a token or words of the case or the query.
func TestMetrics(t *testing.T) {
	data := t.TempDir()
	runSocle(t, "org", "create", "--data", data, "--slug", "mds-secret-org", "--name", "MDS")
	runSocle(t, "user", "add", "--data", data, "--org", "mds-secret-org", "--email", "lead@mds.example", "--role", "lead")
	token := strings.TrimSpace(runSocle(t, "token", "create", "--data", data, "--org", "mds-secret-org", "--email", "lead@mds.example", "--name", "test"))
	token = token[strings.LastIndex(token, "\n")+1:]
	guide := filepath.Join(t.TempDir(), "guide-confidentiel.md")
	must(t, os.WriteFile(guide, []byte("# Guide\n\n## Logement\n\n### Impayés de loyer\n\nDès le premier impayé, contacter le bailleur pour proposer un plan d'apurement. Saisir le FSL lorsque le plan ne suffit pas.\n"), 0o644))
	runSocle(t, "ingest", "--data", data, "--org", "mds-secret-org", "--publish", "--quiet", guide)

	off := start(t, "serve", "--data", data)
	if code, _ := get(t, "http://"+off.addr+"/metrics"); code != http.StatusNotFound {
		t.Fatalf("/metrics on the application's port without --metrics-addr: %d, want 404", code)
	}
	off.stop(t)
	if strings.Contains(off.stderr.String(), "metrics serving") {
		t.Fatalf("metrics served without --metrics-addr:\n%s", off.stderr)
	}

	maddr := freeAddr(t)
	s := start(t, "serve", "--data", data, "--metrics-addr", maddr)
	defer s.stop(t)
	if code, _ := get(t, "http://"+s.addr+"/metrics"); code != http.StatusNotFound {
		t.Fatalf("/metrics on the application's port: %d, want 404 (metrics listen apart)", code)
	}
	call := func(method, path, body string) {
		t.Helper()
		req, _ := http.NewRequest(method, "http://"+s.addr+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d", method, path, resp.StatusCode)
		}
	}
	call("GET", "/api/v1/search?q="+url.QueryEscape("impayé loyer zorglubienne"), "")
	call("POST", "/api/v1/plans", `{"situation": "Madame Albertine Quintavalle, 0612345678, a un impayé de loyer depuis deux mois."}`)
	call("GET", "/api/v1/guides/guide-confidentiel", "")

	code, text := get(t, "http://"+maddr+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`socle_http_requests_total{code="2xx",route="GET /api/v1/search"} 1`,
		`socle_http_requests_total{code="2xx",route="POST /api/v1/plans"} 1`,
		`socle_http_requests_total{code="2xx",route="GET /api/v1/guides/{slug}"} 1`,
		`socle_http_request_duration_seconds_count{route="POST /api/v1/plans"} 1`,
		`socle_plans_total{outcome="made"} 1`,
		`socle_plan_duration_seconds_count 1`,
		`socle_jobs_waiting 0`,
		`socle_index_lag_changes 0`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// Every label value is a route pattern of the server, an outcome, a status class or a
	// runtime's own label; none holds what the requests carried.
	routes := map[string]bool{}
	for _, r := range (&web.Server{}).Routes() {
		routes[r.Pattern] = true
	}
	labels := regexp.MustCompile(`(\w+)="([^"]*)"`)
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, secret := range []string{"mds-secret-org", "guide-confidentiel", "zorglubienne", "Quintavalle", "0612345678", "impay", token[:12]} {
			if strings.Contains(line, secret) {
				t.Errorf("a series carries %q: %s", secret, line)
			}
		}
		for _, m := range labels.FindAllStringSubmatch(line, -1) {
			if m[1] == "route" && !routes[m[2]] {
				t.Errorf("route label %q is not a route pattern: %s", m[2], line)
			}
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestMetricsPostgres checks the series only the PostgreSQL mode has: the pool's use and the
// database's state.
func TestMetricsPostgres(t *testing.T) {
	_, u := pgtest.Open(t)
	maddr := freeAddr(t)
	s := start(t, "serve", "--database-url", u, "--data", t.TempDir(), "--metrics-addr", maddr)
	defer s.stop(t)
	get(t, "http://"+s.addr+"/readyz")
	code, text := get(t, "http://"+maddr+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{"socle_database_up 1", "socle_database_outages_total 0", "socle_db_pool_max_conns ",
		`socle_db_pool_conns{state="idle"}`, "socle_db_pool_acquires_total ", `socle_http_requests_total{code="2xx",route="GET /readyz"} 1`} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
