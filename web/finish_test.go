package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/web"
)

// housingGuide gives a plan on rent arrears several steps.
const housingGuide = `# Guide du logement

## Impayés de loyer

Dès le premier impayé, contacter le bailleur pour proposer un plan d'apurement.

Saisir le Fonds de solidarité logement (FSL) lorsque le plan d'apurement ne suffit pas.

Vérifier les droits aux aides au logement auprès de la CAF en cas d'impayé de loyer.

## Expulsion

En cas de commandement de payer, orienter vers l'ADIL pour un conseil juridique gratuit.

Saisir la CCAPEX lorsque la procédure d'expulsion est engagée.

Informer la personne de la procédure d'expulsion et de ses droits dès le commandement de payer.

Proposer un accompagnement budgétaire lorsque les impayés de loyer se répètent.
`

// addGuide publishes a guide in the fixture's first organization and indexes it.
func addGuide(t *testing.T, f *fixture, slug, text string) {
	t.Helper()
	ctx := context.Background()
	_, err := f.app.Authoring.AddVersion(ctx, authoring.Upload{OrgID: f.orgA.ID, Guide: slug, FileName: slug + ".md", Data: []byte(text), Publish: true})
	must(t, err)
	must(t, f.app.Search.(*retrieval.Engine).Rebuild(ctx, f.store, "", nil))
}

var (
	draftField = regexp.MustCompile(`name="draft" value="([^"]+)"`)
	rowField   = regexp.MustCompile(`name="row" value="(s\d+)"`)
)

// makeDraft makes a plan through the form and returns its page.
func makeDraft(t *testing.T, c *http.Client, base, situation string) (draft string, rows []string, page string) {
	t.Helper()
	resp, err := c.PostForm(base+"/plan", url.Values{"situation": {situation}})
	must(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	must(t, err)
	page = string(data)
	m := draftField.FindStringSubmatch(page)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("POST /plan: %d, no draft in\n%s", resp.StatusCode, page)
	}
	for _, r := range rowField.FindAllStringSubmatch(page, -1) {
		rows = append(rows, r[1])
	}
	return m[1], rows, page
}

// secondServer starts another server on the fixture's store, as behind a load balancer.
func secondServer(t *testing.T, f *fixture) *httptest.Server {
	t.Helper()
	h, err := (&web.Server{Store: f.app.Store, Access: f.app.Access, Authoring: f.app.Authoring, Search: f.app.Search,
		Planner: f.app.Planner, Log: f.app.Log}).Handler()
	must(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// TestFinishPlan: the caseworker removes a step, puts another first, adds their own step with
// a name in it, sets due days and who does each, and saves on another server than the one
// that made the plan; the saved plan is exactly that, in the page, the API and the exports, and
// the name typed is pseudonymized.
func TestFinishPlan(t *testing.T) {
	f := newFixture(t)
	addGuide(t, f, "guide-logement", housingGuide)
	other := secondServer(t, f)

	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	draft, rows, _ := makeDraft(t, c, f.srv.URL, "Trois mois d'impayés de loyer, le bailleur a fait délivrer un commandement de payer, procédure d'expulsion engagée.")
	if len(rows) < 2 {
		t.Fatalf("the plan made has %d steps, want at least 2 to reorder", len(rows))
	}
	apiRows := rows
	// The sealed draft travels in the form: far below the form's limit (256 KiB).
	if len(draft) > 64<<10 {
		t.Errorf("the sealed draft is %d bytes", len(draft))
	}
	t.Logf("sealed draft of a %d-step plan: %d bytes", len(rows), len(draft))
	form := url.Values{"draft": {draft}, "finish": {"1"}, "retention_days": {"7"},
		// the second step first (a partner named: the partner does it), the caseworker's own
		// step, the first step; the rest removed
		"row":            {rows[1], "o1", rows[0]},
		"due." + rows[1]: {"2026-12-15"}, "partner." + rows[1]: {"CCAS de Grenoble, Mme Clothilde Varenne"},
		"text.o1": {"Rappeler Mme Sophie Garnier au 06 12 34 56 78 après le rendez-vous"}, "who.o1": {"caseworker"}, "due.o1": {"2026-12-20"},
		"who." + rows[0]: {"person"},
	}
	resp, err := c.PostForm(other.URL+"/plans", form)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save on the other server: %d", resp.StatusCode)
	}
	id := strings.TrimPrefix(resp.Header.Get("Location"), "/plans/")

	var rep struct {
		Steps []struct {
			Action, Due, Who, Partner string
			Own                       bool
			Citations                 []any
		}
	}
	code, b := body(t, c, "GET", f.srv.URL+"/api/v1/plans/"+id, nil)
	must(t, json.Unmarshal([]byte(b), &rep))
	if code != 200 || len(rep.Steps) != 3 {
		t.Fatalf("saved plan: %d %s", code, b)
	}
	s0, own, s2 := rep.Steps[0], rep.Steps[1], rep.Steps[2]
	if s0.Due != "2026-12-15" || s0.Who != "partner" || !strings.HasPrefix(s0.Partner, "CCAS") || s0.Own || len(s0.Citations) == 0 {
		t.Errorf("first step (the plan's second): %+v", s0)
	}
	if !own.Own || own.Who != "caseworker" || own.Due != "2026-12-20" || len(own.Citations) != 0 || !strings.Contains(own.Action, "Rappeler") {
		t.Errorf("own step: %+v", own)
	}
	if s2.Who != "person" || s2.Due != "" || s2.Own {
		t.Errorf("third step (the plan's first): %+v", s2)
	}
	if found := leaked([]byte(b)); len(found) > 0 {
		t.Errorf("the saved plan holds %v: %s", found, b)
	}
	_, pageHTML := body(t, c, "GET", f.srv.URL+"/plans/"+id, nil)
	for _, want := range []string{"15/12/2026", "20/12/2026", "Un partenaire", "Le travailleur social", "hors doctrine"} {
		if !strings.Contains(pageHTML, want) {
			t.Errorf("the reopened plan does not show %q", want)
		}
	}
	if i, j := strings.Index(pageHTML, "Rappeler"), strings.Index(pageHTML, html.EscapeString(s2.Action)); i < 0 || j < 0 || i > j {
		t.Errorf("the reopened plan does not show the own step before the last one")
	}
	for _, export := range []string{"/api/v1/plans/" + id + "/text", "/api/v1/plans/" + id + "/markdown", "/plans/" + id + "/print"} {
		code, out := body(t, c, "GET", f.srv.URL+export, nil)
		if code != 200 || !strings.Contains(out, "15/12/2026") || !strings.Contains(out, "Rappeler") {
			t.Errorf("%s: %d\n%s", export, code, out)
		}
		if found := leaked([]byte(out)); len(found) > 0 {
			t.Errorf("%s holds %v", export, found)
		}
	}
	if _, print := body(t, c, "GET", f.srv.URL+"/plans/"+id+"/print", nil); strings.Contains(print, "<nav") {
		t.Errorf("the printable plan has the navigation")
	}

	// Bad finishing is refused with a message, even of a draft saved already (saving it
	// again, well finished, gives the plan saved first: TestDraftSavedOnce).
	for name, bad := range map[string]url.Values{
		"unknown step": {"draft": {draft}, "finish": {"1"}, "row": {"s99"}},
		"twice":        {"draft": {draft}, "finish": {"1"}, "row": {apiRows[0], apiRows[0]}},
		"bad date":     {"draft": {draft}, "finish": {"1"}, "row": {apiRows[0]}, "due." + apiRows[0]: {"demain"}},
		"bad who":      {"draft": {draft}, "finish": {"1"}, "row": {apiRows[0]}, "who." + apiRows[0]: {"voisin"}},
		"empty own":    {"draft": {draft}, "finish": {"1"}, "row": {"o1"}},
	} {
		resp, err := c.PostForm(f.srv.URL+"/plans", bad)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", name, resp.StatusCode)
		}
	}

	// The same through the API: make, then send the draft back finished.
	code, b = postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Trois mois d'impayés de loyer."}`)
	var made struct {
		Draft string
		Steps []any
	}
	must(t, json.Unmarshal([]byte(b), &made))
	if code != 200 || made.Draft == "" || len(made.Steps) == 0 {
		t.Fatalf("make: %d %s", code, b)
	}
	code, b = postJSON(t, c, other.URL+"/api/v1/plans", `{"draft": "`+made.Draft+`", "save": true, "steps": [{"action": "Appeler la CAF", "who": "caseworker", "due": "2027-01-05"}, {"from": 0}]}`)
	rep.Steps = nil
	must(t, json.Unmarshal([]byte(b), &rep))
	if code != 200 || len(rep.Steps) != 2 || !rep.Steps[0].Own || rep.Steps[0].Due != "2027-01-05" || rep.Steps[1].Own || len(rep.Steps[1].Citations) == 0 {
		t.Fatalf("save the draft through the API: %d %s", code, b)
	}
	if code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Impayés.", "steps": [{"from": 0}]}`); code != 400 {
		t.Errorf("steps without save: %d %s", code, b)
	}
}

// offeredField finds the passages a plan page offers beside its steps ("x0", "x1"…).
var offeredField = regexp.MustCompile(`name="row" value="(x\d+)"`)

// TestFinishWithOfferedPassages: the plan page offers other passages of the guides beside the
// steps; ticked, one is saved as a step of the doctrine with its citation, where the form puts
// it, on another server than the one that made the plan. The API offers the same passages
// (steps_offered) and takes one back ({"offered": n}); an offered passage that the draft does not
// hold is refused.
func TestFinishWithOfferedPassages(t *testing.T) {
	f := newFixture(t)
	addGuide(t, f, "guide-logement", housingGuide)
	other := secondServer(t, f)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	situation := "Trois mois d'impayés de loyer, le bailleur a fait délivrer un commandement de payer, procédure d'expulsion engagée."

	code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "`+situation+`"}`)
	var made struct {
		Draft        string
		Steps        []struct{ Action string }
		StepsOffered []struct {
			Action    string
			Need      string
			Citations []struct{ Quote string }
		} `json:"steps_offered"`
	}
	must(t, json.Unmarshal([]byte(b), &made))
	if code != 200 || len(made.StepsOffered) == 0 {
		t.Fatalf("make: %d, no passage offered beside the steps: %s", code, b)
	}
	for _, o := range made.StepsOffered {
		if len(o.Citations) != 1 || o.Citations[0].Quote == "" || o.Need == "" {
			t.Errorf("offered passage without its citation or need: %+v", o)
		}
		for _, s := range made.Steps {
			if s.Action == o.Action {
				t.Errorf("offered %q is already a step", o.Action)
			}
		}
	}
	code, b = postJSON(t, c, other.URL+"/api/v1/plans", `{"draft": "`+made.Draft+`", "save": true, "steps": [{"offered": 0, "who": "caseworker"}, {"from": 0}]}`)
	var saved struct {
		Steps []struct {
			Action, Who string
			Own         bool
			Citations   []struct{ Quote string }
		}
	}
	must(t, json.Unmarshal([]byte(b), &saved))
	if code != 200 || len(saved.Steps) != 2 || saved.Steps[0].Action != made.StepsOffered[0].Action || saved.Steps[0].Own ||
		saved.Steps[0].Who != "caseworker" || len(saved.Steps[0].Citations) != 1 || saved.Steps[0].Citations[0].Quote != made.StepsOffered[0].Citations[0].Quote {
		t.Fatalf("save with an offered passage: %d %s", code, b)
	}
	code, b = postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "`+situation+`", "save": true, "steps": [{"offered": 99}]}`)
	if code != 400 || !strings.Contains(b, "offered 99") {
		t.Errorf("an offered passage the plan did not offer: %d %s", code, b)
	}

	// The page: the offered passages are a row each, not ticked; ticked, one is saved after the
	// step the form puts before it.
	draft, rows, page := makeDraft(t, c, f.srv.URL, situation)
	offered := offeredField.FindAllStringSubmatch(page, -1)
	if len(offered) == 0 || len(rows) == 0 {
		t.Fatalf("the plan page offers no passage beside its %d steps", len(rows))
	}
	if strings.Contains(page, `value="`+offered[0][1]+`" checked`) {
		t.Errorf("an offered passage is ticked before the caseworker ticks it")
	}
	x := offered[len(offered)-1][1]
	resp, err := c.PostForm(other.URL+"/plans", url.Values{"draft": {draft}, "finish": {"1"}, "row": {rows[0], x}, "due." + x: {"2026-12-18"}})
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save with an offered passage ticked: %d", resp.StatusCode)
	}
	id := strings.TrimPrefix(resp.Header.Get("Location"), "/plans/")
	saved.Steps = nil
	code, b = body(t, c, "GET", f.srv.URL+"/api/v1/plans/"+id, nil)
	must(t, json.Unmarshal([]byte(b), &saved))
	if code != 200 || len(saved.Steps) != 2 || saved.Steps[1].Own || len(saved.Steps[1].Citations) != 1 {
		t.Fatalf("saved plan: %d %s", code, b)
	}
	for name, bad := range map[string]url.Values{
		"unknown offered": {"draft": {draft}, "finish": {"1"}, "row": {"x99"}},
		"offered twice":   {"draft": {draft}, "finish": {"1"}, "row": {x, x}},
	} {
		resp, err := c.PostForm(f.srv.URL+"/plans", bad)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", name, resp.StatusCode)
		}
	}
}
