package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/socle-project/socle"
)

// TestDraftSavedOnce: a draft is saved once. Through the form, saving it again (a double click,
// the browser's retry, Back then Save with other choices), from the same server or another one,
// or from two servers at the same moment, leads to the plan saved the first time; through the
// API, a client's retry gets the same plan id with the same status. Another draft, even of the
// same situation, makes another plan.
func TestDraftSavedOnce(t *testing.T) {
	f := newFixture(t)
	addGuide(t, f, "guide-logement", housingGuide)
	other := secondServer(t, f) // the same store, as behind a load balancer
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	ctx := context.Background()
	count := func() int {
		t.Helper()
		ps, err := f.store.Plans(ctx, f.orgA.ID, socle.PlanFilter{})
		must(t, err)
		return len(ps)
	}
	save := func(base string, form url.Values) string {
		t.Helper()
		resp, err := c.PostForm(base+"/plans", form)
		must(t, err)
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/plans/") {
			t.Fatalf("save: %d, Location %q", resp.StatusCode, loc)
		}
		return strings.TrimPrefix(loc, "/plans/")
	}

	const situation = "Trois mois d'impayés de loyer, le bailleur a fait délivrer un commandement de payer."
	draft, rows, _ := makeDraft(t, c, f.srv.URL, situation)
	if len(rows) < 2 {
		t.Fatalf("the plan made has %d steps, want 2", len(rows))
	}
	form := url.Values{"draft": {draft}, "finish": {"1"}, "row": {rows[0], rows[1]}}
	id := save(f.srv.URL, form)
	if strings.Contains(id, "?") {
		t.Fatalf("the first save says the plan was kept: %s", id)
	}
	if again := save(f.srv.URL, form); again != id {
		t.Errorf("the same draft saved twice (a double click): plans %s then %s", id, again)
	}
	// Back, other choices, Save again, on another server: still the plan saved first, and the
	// page says the changes were not applied.
	changed := url.Values{"draft": {draft}, "finish": {"1"}, "row": {rows[1]}, "retention_days": {"90"}}
	if again := save(other.URL, changed); again != id+"?kept=1" {
		t.Errorf("the same draft saved again with other steps on another server: %s, want %s?kept=1", again, id)
	}
	if _, page := body(t, c, "GET", f.srv.URL+"/plans/"+id+"?kept=1", nil); !strings.Contains(page, `id="plan-kept"`) {
		t.Errorf("the plan page does not say the plan saved first was kept")
	}
	if _, page := body(t, c, "GET", f.srv.URL+"/plans/"+id, nil); strings.Contains(page, `id="plan-kept"`) {
		t.Errorf("the plan page says a plan was kept without being asked")
	}
	if n := count(); n != 1 {
		t.Fatalf("%d plans stored for one draft saved three times", n)
	}
	if pl, err := f.store.Plan(ctx, f.orgA.ID, id); err != nil || len(pl.Steps) != 2 || pl.DraftID == "" ||
		strings.Contains(pl.DraftID, draft[:16]) {
		t.Fatalf("the plan saved first: %d steps, draft id %q, %v", len(pl.Steps), pl.DraftID, err)
	}
	if code, page := body(t, c, "GET", f.srv.URL+"/plans/"+id, nil); code != 200 {
		t.Fatalf("GET the saved plan: %d %s", code, page)
	}

	// Another draft of the same situation is another plan.
	draft2, rows2, _ := makeDraft(t, c, f.srv.URL, situation)
	form2 := url.Values{"draft": {draft2}, "finish": {"1"}, "row": {rows2[0], "o1"}, "who." + rows2[0]: {"partner"},
		"partner." + rows2[0]: {"CCAS de Grenoble, Mme Clothilde Varenne"}, "text.o1": {"Rappeler Mme Sophie Garnier au 06 12 34 56 78"}}
	id2 := save(f.srv.URL, form2)
	if id2 == id || count() != 2 {
		t.Fatalf("a second draft of the same situation: plan %s (first %s), %d plans", id2, id, count())
	}
	// Names typed are pseudonymized the same way each time: a retry is not a change.
	if again := save(other.URL, form2); again != id2 {
		t.Errorf("a retry of a save with names typed: %s, want %s", again, id2)
	}

	// Two servers saving one draft at the same moment store one plan.
	draft3, _, _ := makeDraft(t, c, f.srv.URL, situation)
	var wg sync.WaitGroup
	ids := make([]string, 6)
	for i := range ids {
		base := f.srv.URL
		if i%2 == 1 {
			base = other.URL
		}
		wg.Go(func() {
			resp, err := c.PostForm(base+"/plans", url.Values{"draft": {draft3}})
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			ids[i] = resp.Header.Get("Location")
		})
	}
	wg.Wait()
	for i, loc := range ids {
		if loc == "" || loc != ids[0] {
			t.Fatalf("concurrent saves of one draft: save %d went to %q, save 0 to %q", i, loc, ids[0])
		}
	}
	if n := count(); n != 3 {
		t.Fatalf("%d plans after concurrent saves of one draft, want 3", n)
	}

	// The API: a retry gets the same plan, with the same status.
	saveAPI := func(base, draft, steps string) (int, string) {
		t.Helper()
		code, b := postJSON(t, c, base+"/api/v1/plans", `{"draft": "`+draft+`", "save": true, "steps": `+steps+`}`)
		var rep struct{ ID string }
		must(t, json.Unmarshal([]byte(b), &rep))
		if rep.ID == "" {
			t.Fatalf("save through the API: %d %s", code, b)
		}
		return code, rep.ID
	}
	made := func() string {
		t.Helper()
		code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "`+situation+`"}`)
		var m struct{ Draft string }
		must(t, json.Unmarshal([]byte(b), &m))
		if code != 200 || m.Draft == "" {
			t.Fatalf("make: %d %s", code, b)
		}
		return m.Draft
	}
	apiDraft := made()
	code1, a1 := saveAPI(f.srv.URL, apiDraft, `[{"from": 0}]`)
	code2, a2 := saveAPI(other.URL, apiDraft, `[{"from": 0}]`)
	code3, a3 := saveAPI(f.srv.URL, apiDraft, `[{"action": "Autre chose", "who": "caseworker"}]`)
	if code1 != 200 || code2 != code1 || code3 != code1 || a2 != a1 || a3 != a1 {
		t.Errorf("one draft saved three times through the API: %d %s, %d %s, %d %s", code1, a1, code2, a2, code3, a3)
	}
	if code, b := body(t, c, "GET", f.srv.URL+"/api/v1/plans/"+a1, nil); code != 200 || strings.Contains(b, "Autre chose") {
		t.Errorf("the plan saved first changed: %d %s", code, b)
	}
	if _, b4 := saveAPI(f.srv.URL, made(), `[{"from": 0}]`); b4 == a1 {
		t.Errorf("another draft through the API gave the first draft's plan %s", a1)
	}
	if n := count(); n != 5 {
		t.Errorf("%d plans, want 5", n)
	}

	// A deleted plan is not brought back: the draft, still valid, saves a new one.
	req, _ := http.NewRequest("DELETE", f.srv.URL+"/api/v1/plans/"+a1, nil)
	resp, err := c.Do(req)
	must(t, err)
	resp.Body.Close()
	if _, a5 := saveAPI(f.srv.URL, apiDraft, `[{"from": 0}]`); a5 == a1 {
		t.Errorf("the draft of a deleted plan gave the deleted plan back")
	}

	// Another member of another organization cannot use the draft to reach the plan.
	cb := client(t)
	f.signIn(t, cb, "beta@example.org")
	if code, b := postJSON(t, cb, f.srv.URL+"/api/v1/plans", `{"draft": "`+apiDraft+`", "save": true}`); code != 404 || strings.Contains(b, a1) {
		t.Errorf("another organization's member saved the draft: %d %s", code, b)
	}
}
