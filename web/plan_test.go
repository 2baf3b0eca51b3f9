package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func postJSON(t *testing.T, c *http.Client, u, body string) (int, string) {
	t.Helper()
	resp, err := c.Post(u, "application/json", strings.NewReader(body))
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestSearchAPI(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	code, b := body(t, c, "GET", f.srv.URL+"/api/v1/search?q="+url.QueryEscape("impayés de loyer FSL"), nil)
	var res struct {
		Mode string
		Hits []struct {
			Guide     string
			Version   int
			SectionID string `json:"section_id"`
			Path      []string
			Text      string
		}
	}
	must(t, json.Unmarshal([]byte(b), &res))
	if code != http.StatusOK || res.Mode != "hybrid" || len(res.Hits) == 0 || res.Hits[0].Guide != "guide-alpha" || !strings.Contains(res.Hits[0].Text, "FSL") {
		t.Fatalf("search: %d %s", code, b)
	}
	for _, h := range res.Hits {
		if h.Guide != "guide-alpha" {
			t.Fatalf("alpha's search returned %s's passage", h.Guide)
		}
	}
	for _, q := range []string{"", "q=x&mode=telepathy", "q=x&limit=5000", "q=x&version=1", "q=x&guide=guide-beta"} {
		if code, b := body(t, c, "GET", f.srv.URL+"/api/v1/search?"+q, nil); code != http.StatusBadRequest && code != http.StatusNotFound {
			t.Fatalf("search %q: %d %s, want 400 or 404", q, code, b)
		}
	}
	if code, page := body(t, c, "GET", f.srv.URL+"/search?q=bailleur", nil); code != http.StatusOK || !strings.Contains(page, "<mark>") {
		t.Fatalf("search page: %d", code)
	}
}

func TestPlanAPI(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Trois mois d'impayés de loyer, le bailleur menace.", "facts": {"age": 40}, "save": true, "retention_days": 10}`)
	var rep struct {
		ID, Title, Generator string
		ExpiresAt            string `json:"expires_at"`
		Steps                []struct {
			Action    string
			Citations []struct {
				Guide, Quote string
				Version      int
				Span         struct{ Start, End int }
			}
		}
		NotCovered []any `json:"not_covered"`
	}
	must(t, json.Unmarshal([]byte(b), &rep))
	if code != http.StatusOK || rep.ID == "" || rep.Generator != "extractive" || len(rep.Steps) == 0 || rep.ExpiresAt == "" || rep.NotCovered == nil {
		t.Fatalf("POST /api/v1/plans: %d %s", code, b)
	}
	if q := rep.Steps[0].Citations[0]; q.Guide != "guide-alpha" || q.Version != 1 || q.Quote == "" {
		t.Fatalf("citation: %+v", q)
	}
	code, b = body(t, c, "GET", f.srv.URL+"/api/v1/plans/"+rep.ID, nil)
	if code != http.StatusOK || !strings.Contains(b, rep.Steps[0].Citations[0].Quote) {
		t.Fatalf("GET saved plan: %d %s", code, b)
	}
	if code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans/"+rep.ID+"/feedback", `{"step": 0, "verdict": "useful"}`); code != http.StatusNoContent {
		t.Fatalf("feedback: %d %s", code, b)
	}
	if code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans/"+rep.ID+"/feedback", `{"step": 99, "verdict": "useful"}`); code != http.StatusBadRequest {
		t.Fatalf("feedback on a missing step: %d %s", code, b)
	}
	code, md := body(t, c, "GET", f.srv.URL+"/api/v1/plans/"+rep.ID+"/markdown", nil)
	if code != http.StatusOK || !strings.Contains(md, "> "+rep.Steps[0].Citations[0].Quote) || !strings.Contains(md, "/guides/guide-alpha/v/1/s/") {
		t.Fatalf("markdown export: %d\n%s", code, md)
	}
	// Another organization cannot read it.
	other := client(t)
	f.signIn(t, other, "beta@example.org")
	if code, _ := body(t, other, "GET", f.srv.URL+"/api/v1/plans/"+rep.ID, nil); code != http.StatusNotFound {
		t.Fatalf("beta reading alpha's plan: %d", code)
	}
	for _, bad := range []string{`{"situation": ""}`, `{"situation": "x", "retention_days": 9999, "save": true}`, `{"situation": "x", "nom": "Dupont"}`, `not json`} {
		if code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", bad); code != http.StatusBadRequest {
			t.Fatalf("POST %s: %d %s, want 400", bad, code, b)
		}
	}
	req, _ := http.NewRequest("DELETE", f.srv.URL+"/api/v1/plans/"+rep.ID, nil)
	resp, err := c.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE: %d", resp.StatusCode)
	}
	if code, _ := body(t, c, "GET", f.srv.URL+"/api/v1/plans/"+rep.ID, nil); code != http.StatusNotFound {
		t.Fatalf("GET after DELETE: %d", code)
	}
}

func TestDigestAPI(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	code, b := postJSON(t, c, f.srv.URL+"/api/v1/digests", `{"notes": [{"date": "2026-02-02", "text": "Madame, 34 ans, locataire. Trois mois d'impayés de loyer."}, {"date": "2026-03-01", "text": "Coupure d'électricité annoncée."}]}`)
	var d struct {
		Facts, Needs, History []struct {
			Text string
			Note int
		}
		Situation string
	}
	must(t, json.Unmarshal([]byte(b), &d))
	if code != http.StatusOK || len(d.History) != 2 || len(d.Needs) == 0 || d.Situation == "" {
		t.Fatalf("digest: %d %s", code, b)
	}
	if code, b := postJSON(t, c, f.srv.URL+"/api/v1/digests", `{"notes": [{"date": "hier", "text": "x"}]}`); code != http.StatusBadRequest {
		t.Fatalf("bad date: %d %s", code, b)
	}
}
