package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// TestLeadsDecideOnPassagesTakenOut checks, in both store modes, the lead's rules on passages:
// from the insights' list of passages taken out, the form keeps one in plans; the caseworker's
// next plan proposes it as a step, marked; the API sets it aside, lists and withdraws it; bad
// input is refused with a message; a caseworker may not decide; another organization sees and
// touches nothing; the decision is audited.
func TestLeadsDecideOnPassagesTakenOut(t *testing.T) {
	for _, mode := range storeModes {
		t.Run(mode.name, func(t *testing.T) {
			s, vectors := mode.open(t)
			tm := newTeam(t, s, vectors)
			tm.publishGuide(t)
			situation := "Madame a deux mois d'impayés de loyer, le bailleur menace. Elle a aussi perdu son emploi."
			type draftReply struct {
				Draft   string
				Steps   []ruleStep
				Offered []ruleStep `json:"steps_offered"`
			}
			mk := func() draftReply {
				t.Helper()
				code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"situation": "`+situation+`"}`)
				if code != http.StatusOK {
					t.Fatalf("plan: %d %s", code, b)
				}
				return decode[draftReply](t, b)
			}
			var first draftReply
			for i := range 2 {
				d := mk()
				if i == 0 {
					first = d
				}
				if len(d.Steps) == 0 {
					t.Fatalf("no step to take out")
				}
				if code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"draft": "`+d.Draft+`", "save": true, "steps": []}`); code != http.StatusOK {
					t.Fatalf("save %d: %d %s", i, code, b)
				}
			}
			tm.usage.Flush()
			type removedRow struct {
				Need, Guide, Quote, Digest, Rule string
				Version, Start, End              int
				SectionID                        string `json:"section_id"`
			}
			removed := func() removedRow {
				t.Helper()
				code, b := tm.call(t, "lead", "GET", "/api/v1/insights", nil)
				rep := decode[struct {
					Removed []removedRow `json:"removed_passages"`
				}](t, b)
				if code != http.StatusOK || len(rep.Removed) != 1 || len(rep.Removed[0].Digest) != 24 {
					t.Fatalf("passages taken out: %d %s", code, b)
				}
				return rep.Removed[0]
			}
			x := removed()
			quote, action := first.Steps[0].Citations[0].Quote, first.Steps[0].Action
			if x.Quote != quote || x.Rule != "" {
				t.Fatalf("the passage taken out is %+v, want %q without a rule", x, quote)
			}

			// The lead keeps it in plans, on the insights page.
			c := client(t)
			resp, err := c.PostForm(tm.srv.URL+"/login", url.Values{"email": {tm.emails["lead"]}, "password": {password}, "next": {"/"}})
			must(t, err)
			resp.Body.Close()
			code, page := body(t, c, "GET", tm.srv.URL+"/insights", nil)
			page = html.UnescapeString(page)
			if code != http.StatusOK || !strings.Contains(page, `action="/insights/passage-rules"`) || !strings.Contains(page, "Toujours proposer comme étape") ||
				!strings.Contains(page, "Aucune décision pour l'instant") {
				t.Fatalf("insights page: %d, without the rule form or the empty list of decisions", code)
			}
			form := url.Values{"need": {x.Need}, "guide": {x.Guide}, "digest": {x.Digest}, "version": {"1"}, "section": {x.SectionID}, "rule": {"keep"},
				"period": {"from=2026-01-01&to=2099-01-01"}}
			resp, err = c.PostForm(tm.srv.URL+"/insights/passage-rules", form)
			must(t, err)
			resp.Body.Close()
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/insights?from=2026-01-01&ruled=1&to=2099-01-01#rules") {
				t.Fatalf("rule form: %d, sent to %q", resp.StatusCode, loc)
			}
			code, page = body(t, c, "GET", tm.srv.URL+"/insights?ruled=1", nil)
			page = html.UnescapeString(page)
			if code != http.StatusOK || !strings.Contains(page, "Décision enregistrée") || !strings.Contains(page, "Proposé comme étape, sur décision") ||
				!strings.Contains(page, "— lead, le") || strings.Contains(page, "Aucune décision pour l'instant") {
				t.Errorf("insights page after the decision: %d, without the decision, its author or its notice", code)
			}
			if x := removed(); x.Rule != "keep" {
				t.Errorf("the insights' passage taken out has rule %q, want keep", x.Rule)
			}
			// The server forgets its cached record at once: the next plan marks the step.
			p := mk()
			if i := indexOfStep(p.Steps, action); i < 0 || p.Steps[i].Rule != "keep" {
				t.Errorf("the plan after the lead kept the passage: %+v", p.Steps)
			}

			// The API sets it aside instead.
			ruleURL := "/api/v1/passage-rules/" + x.Need + "/" + x.Guide + "/" + x.Digest
			if code, b := tm.call(t, "lead", "PUT", ruleURL, `{"rule": "set_aside", "version": 1, "section_id": "`+x.SectionID+`"}`); code != http.StatusOK ||
				!strings.Contains(b, `"rule":"set_aside"`) {
				t.Fatalf("PUT rule: %d %s", code, b)
			}
			p = mk()
			if i := indexOfStep(p.Offered, action); indexOfStep(p.Steps, action) >= 0 || i < 0 || p.Offered[i].Rule != "set_aside" {
				t.Errorf("the plan after the lead set the passage aside: steps %+v", p.Steps)
			}
			code, b := tm.call(t, "lead", "GET", "/api/v1/passage-rules", nil)
			list := decode[struct {
				Rules []struct{ Need, Guide, Digest, Rule, Quote string }
			}](t, b)
			if code != http.StatusOK || len(list.Rules) != 1 || list.Rules[0].Rule != "set_aside" || list.Rules[0].Guide != "accueil" || list.Rules[0].Digest != x.Digest {
				t.Errorf("GET rules: %d %s", code, b)
			}

			for _, bad := range []struct{ path, body, want string }{
				{ruleURL, `{"rule": "maybe"}`, "keep, set_aside"},
				{ruleURL, `{}`, "give a rule"},
				{"/api/v1/passage-rules/" + x.Need + "/" + x.Guide + "/nothex", `{"rule": "keep"}`, "24 hexadecimal"},
				{"/api/v1/passage-rules/martiens/" + x.Guide + "/" + x.Digest, `{"rule": "keep"}`, "not one of the needs"},
				{"/api/v1/passage-rules/" + x.Need + "/nulle-part/" + x.Digest, `{"rule": "keep"}`, "not found"},
			} {
				if code, b := tm.call(t, "lead", "PUT", bad.path, bad.body); code < 400 || code >= 500 || !strings.Contains(b, bad.want) {
					t.Errorf("PUT %s %s: %d %s, want a 4xx saying %q", bad.path, bad.body, code, b, bad.want)
				}
			}
			if code, _ := tm.call(t, "caseworker", "PUT", ruleURL, `{"rule": "keep"}`); code != http.StatusForbidden {
				t.Errorf("a caseworker set a rule: %d", code)
			}
			// Another organization: its own guide "accueil" has other words, and its list is empty.
			if code, b := tm.call(t, "outsider", "GET", "/api/v1/passage-rules", nil); code != http.StatusOK || !strings.Contains(b, `"rules":[]`) {
				t.Errorf("another organization's rules: %d %s", code, b)
			}
			if code, _ := tm.call(t, "outsider", "DELETE", ruleURL, nil); code != http.StatusNotFound {
				t.Errorf("another organization withdrew the rule: %d", code)
			}

			if code, b := tm.call(t, "lead", "DELETE", ruleURL, nil); code != http.StatusNoContent {
				t.Fatalf("DELETE rule: %d %s", code, b)
			}
			if code, _ := tm.call(t, "lead", "DELETE", ruleURL, nil); code != http.StatusNotFound {
				t.Errorf("DELETE a rule withdrawn: %d, want 404", code)
			}
			if p := mk(); indexOfStep(p.Steps, action) < 0 {
				t.Errorf("the rule withdrawn, one member's removals set the step aside: %+v", p.Steps)
			}
			// A new version that rewrites the passage: its review shows the decision it undoes.
			if code, b := tm.call(t, "lead", "PUT", ruleURL, fmt.Sprintf(`{"rule": "keep", "version": %d, "section_id": %q, "start": %d, "end": %d}`,
				x.Version, x.SectionID, x.Start, x.End)); code != http.StatusOK {
				t.Fatalf("PUT rule with its place: %d %s", code, b)
			}
			newText := strings.Replace(guideMD[strings.Index(guideMD, "Dès"):], "Dès le premier impayé", "Dès le deuxième impayé", 1)
			if code, b := tm.call(t, "lead", "PUT", "/api/v1/guides/accueil/versions/1/sections/"+x.SectionID, fmt.Sprintf(`{"text": %q}`, newText)); code != http.StatusCreated {
				t.Fatalf("section edit: %d %s", code, b)
			}
			code, b = tm.call(t, "lead", "GET", "/api/v1/guides/accueil/versions/2/impact", nil)
			impact := decode[struct {
				Rules []struct{ Need, Digest, Rule, Quote string } `json:"passage_rules"`
			}](t, b)
			if code != http.StatusOK || len(impact.Rules) != 1 || impact.Rules[0].Quote != quote || impact.Rules[0].Rule != "keep" {
				t.Fatalf("impact of the version rewriting the passage: %d %s", code, b)
			}
			code, page = body(t, c, "GET", tm.srv.URL+"/guides/accueil/v/2/review", nil)
			if page = html.UnescapeString(page); code != http.StatusOK || !strings.Contains(page, "Vos décisions sur ces passages ne s'appliqueront plus") || !strings.Contains(page, quote) {
				t.Errorf("the review page does not show the decision the version undoes: %d", code)
			}
			events, err := s.Audit(context.Background(), tm.org.ID, socle.AuditFilter{})
			must(t, err)
			kinds := map[string]int{}
			for _, e := range events {
				kinds[e.Action]++
			}
			if kinds["passage.rule"] != 3 || kinds["passage.rule.delete"] != 1 {
				t.Errorf("audit: %d rules set, %d withdrawn; want 3 and 1", kinds["passage.rule"], kinds["passage.rule.delete"])
			}
		})
	}
}

// ruleStep is a plan's step as the API answers it, with the lead's rule.
type ruleStep struct {
	Action, Need, Rule string
	Citations          []struct{ Quote string }
}

func indexOfStep(steps []ruleStep, action string) int {
	for i, s := range steps {
		if s.Action == action {
			return i
		}
	}
	return -1
}
