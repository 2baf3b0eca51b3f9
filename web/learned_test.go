package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/insights"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/web"
)

type learnedPlan struct {
	Draft string
	Steps []struct {
		Action, Need, Learned string
	}
	StepsOffered []struct {
		Action, Need, Learned string
	} `json:"steps_offered"`
}

// newLearningFixture is a server that records usage and plans with what colleagues kept.
func newLearningFixture(t *testing.T) (*fixture, *insights.Recorder) {
	t.Helper()
	var rec *insights.Recorder
	f := newFixtureWith(t, func(app *web.Server) {
		rec = &insights.Recorder{Store: app.Store, Every: 20 * time.Millisecond}
		rec.Start()
		t.Cleanup(rec.Stop)
		app.Usage = rec
		app.Planner.History = &plan.UsageHistory{Store: app.Store, TTL: -1}
	})
	addGuide(t, f, "guide-logement", housingGuide)
	// A colleague of alpha's, in the same organization: plans follow two members, not one.
	u := socle.User{Email: "colleague@example.org", Name: "colleague", PasswordHash: passwordHash()}
	must(t, f.store.CreateUser(context.Background(), &u))
	must(t, f.store.SetMembership(context.Background(), &socle.Membership{OrgID: f.orgA.ID, UserID: u.ID, Role: socle.RoleCaseworker}))
	return f, rec
}

// makeLearnedPlan makes a plan through the API.
func makeLearnedPlan(t *testing.T, f *fixture, c *http.Client, situation string) learnedPlan {
	t.Helper()
	code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "`+situation+`"}`)
	var p learnedPlan
	must(t, json.Unmarshal([]byte(b), &p))
	if code != 200 || len(p.Steps) < 2 || len(p.StepsOffered) == 0 {
		t.Fatalf("make: %d, too few steps or passages offered to learn from: %s", code, b)
	}
	return p
}

// teach saves plans of the situation as caseworkers who take out the first step and add the
// first passage offered: c's member twice (the first draft also saved again, as a client's
// retry), which changes nothing, then a colleague. It returns that step's and that passage's
// actions.
func teach(t *testing.T, f *fixture, c *http.Client, rec *insights.Recorder, situation string) (removed, taken string) {
	t.Helper()
	save := func(c *http.Client, p learnedPlan) string {
		t.Helper()
		steps := []string{`{"offered": 0}`}
		for i := 1; i < len(p.Steps); i++ {
			steps = append(steps, fmt.Sprintf(`{"from": %d}`, i))
		}
		req := `{"draft": "` + p.Draft + `", "save": true, "steps": [` + strings.Join(steps, ", ") + `]}`
		code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", req)
		if code != 200 {
			t.Fatalf("save: %d %s", code, b)
		}
		return req
	}
	first := makeLearnedPlan(t, f, c, situation)
	again := save(c, first)
	if code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", again); code != 200 {
		t.Fatalf("the same draft saved again: %d %s", code, b)
	}
	save(c, makeLearnedPlan(t, f, c, situation))
	rec.Flush()
	if p := makeLearnedPlan(t, f, c, situation); p.Steps[0].Action != first.Steps[0].Action || p.Steps[0].Learned != "" {
		t.Fatalf("one member's choice, twice, changed the plan: %+v", p.Steps)
	}
	colleague := client(t)
	f.signIn(t, colleague, "colleague@example.org")
	save(colleague, makeLearnedPlan(t, f, colleague, situation))
	rec.Flush()
	return first.Steps[0].Action, first.StepsOffered[0].Action
}

// Caseworkers saving plans teach the planner: the first step, taken out by two members, is offered
// beside the steps, marked, and the first passage offered, added by both, becomes a step, marked,
// on the API and on the page. One member's choice is not enough; a draft saved twice counts once.
func TestPlansLearnFromWhatColleaguesKept(t *testing.T) {
	f, rec := newLearningFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	situation := "Trois mois d'impayés de loyer, le bailleur a fait délivrer un commandement de payer, procédure d'expulsion engagée."
	removed, taken := teach(t, f, c, rec, situation)
	learned := makeLearnedPlan(t, f, c, situation)
	var inSteps, inOffered bool
	for _, s := range learned.Steps {
		if s.Action == removed {
			t.Errorf("a step colleagues took out twice is still a step")
		}
		if s.Action == taken {
			inSteps = s.Learned == "often_added"
		}
	}
	for _, o := range learned.StepsOffered {
		if o.Action == removed {
			inOffered = o.Learned == "often_removed"
		}
	}
	if !inSteps || !inOffered {
		t.Fatalf("the plan did not follow colleagues (passage added among the steps: %v; step removed offered: %v): %+v", inSteps, inOffered, learned)
	}
	// What the store counted: two drafts, the retry not.
	day := socle.Day(socle.Now())
	totals, err := f.store.UsageTotals(context.Background(), f.orgA.ID, day, day.AddDate(0, 0, 1), "passage", "taken")
	must(t, err)
	removedCount, takenCount := 0, 0
	for _, c := range totals {
		if c.Kind == "passage" {
			removedCount += c.M
		} else {
			takenCount += c.N
		}
	}
	if removedCount != 3 || takenCount != 3 {
		t.Errorf("counted %d steps removed and %d passages added, want 3 and 3 (three drafts saved; the retry counts nothing): %+v", removedCount, takenCount, totals)
	}

	// The page says why, in French and in English.
	for lang, want := range map[string][]string{
		"fr": {"Vos collègues ajoutent souvent ce passage", "Vos collègues retirent souvent ce passage"},
		"en": {"Your colleagues often add this passage", "Your colleagues often take this passage out"},
	} {
		req, _ := http.NewRequest("POST", f.srv.URL+"/plan", strings.NewReader(url.Values{"situation": {situation}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", lang)
		resp, err := c.Do(req)
		must(t, err)
		page, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		must(t, err)
		for _, w := range want {
			if !strings.Contains(html.UnescapeString(string(page)), w) {
				t.Errorf("%s page does not say %q", lang, w)
			}
		}
	}
}
