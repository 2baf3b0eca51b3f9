package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/insights"
)

type insightsReply struct {
	Plans, Searches int
	Needs           []struct {
		Code       string
		Plans      int
		NotCovered int `json:"not_covered"`
		Added      int `json:"added_by_hand"`
	}
	Sections []struct {
		Guide            string
		SectionID        string `json:"section_id"`
		Citations, Opens int
		NegativeFeedback int `json:"negative_feedback"`
	}
	NeverCited []struct {
		SectionID string `json:"section_id"`
	} `json:"never_cited"`
	NoResult []struct {
		Query string
		Count int
	} `json:"searches_without_result"`
	Disputed []struct {
		SectionID string `json:"section_id"`
		Comments  []string
	}
}

type planReply struct {
	ID          string
	NeedsDetail []struct{ Code string } `json:"needs_detected"`
	Needs       []string
	NotCovered  []struct{ Code string } `json:"not_covered_needs"`
	Steps       []struct {
		Citations []struct {
			Guide     string
			SectionID string `json:"section_id"`
		}
	}
}

// TestInsights checks, in both store modes, that plans, searches, opened sections and
// verdicts made on the content give exactly the counts the insights show, that another
// organization's use never appears, and that retention purges what it should.
func TestInsights(t *testing.T) {
	for _, mode := range storeModes {
		t.Run(mode.name, func(t *testing.T) {
			s, vectors := mode.open(t)
			tm := newTeam(t, s, vectors)
			ids := tm.publishGuide(t)

			// Two plans, one saved; the counts expected are what the plans themselves said.
			wantNeeds := map[string][2]int{} // code → plans, not covered
			cited := map[string]int{}
			var saved planReply
			for i, situation := range []string{
				"Madame a deux mois d'impayés de loyer, le bailleur menace. Elle a aussi perdu son emploi.",
				"Monsieur a des ressources faibles et n'a pas de complémentaire santé pour ses soins.",
			} {
				// The second plan's caseworker adds a need the text does not show.
				facts := map[bool]string{true: `{}`, false: `{"needs": ["emploi"]}`}[i == 0]
				code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"situation": "`+situation+`", "facts": `+facts+`, "save": `+map[bool]string{true: "true", false: "false"}[i == 0]+`}`)
				if code != http.StatusOK {
					t.Fatalf("plan %d: %d %s", i, code, b)
				}
				p := decode[planReply](t, b)
				if i == 0 {
					saved = p
				}
				uncovered := map[string]bool{}
				for _, u := range p.NotCovered {
					uncovered[u.Code] = true
				}
				for _, n := range p.Needs {
					c := wantNeeds[n]
					c[0]++
					if uncovered[n] {
						c[1]++
					}
					wantNeeds[n] = c
				}
				seen := map[string]bool{}
				for _, st := range p.Steps {
					for _, c := range st.Citations {
						if !seen[c.SectionID] {
							seen[c.SectionID] = true
							cited[c.SectionID]++
						}
					}
				}
			}
			if len(saved.Steps) == 0 || len(saved.Steps[0].Citations) == 0 {
				t.Fatalf("the saved plan cites nothing: %+v", saved)
			}
			// Searches: one answered, one not; with a name in it, kept pseudonymized.
			tm.call(t, "caseworker", "GET", "/api/v1/search?q="+url.QueryEscape("plan d'apurement avec le bailleur"), nil)
			tm.call(t, "caseworker", "GET", "/api/v1/search?q="+url.QueryEscape("xylophone pour Mme Clothilde Varenne"), nil)
			// A section opened, and a verdict on the saved plan's first step.
			c := client(t)
			resp, err := c.PostForm(tm.srv.URL+"/login", url.Values{"email": {tm.emails["caseworker"]}, "password": {password}, "next": {"/"}})
			must(t, err)
			resp.Body.Close()
			if code, _ := body(t, c, "GET", tm.srv.URL+"/guides/accueil/v/1/s/"+ids[len(ids)-1], nil); code != http.StatusOK {
				t.Fatalf("open a section: %d", code)
			}
			if code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans/"+saved.ID+"/feedback", `{"step": 0, "verdict": "unsupported", "comment": "La citation ne parle pas du délai."}`); code != http.StatusNoContent {
				t.Fatalf("feedback: %d %s", code, b)
			}
			// Another organization's use.
			tm.call(t, "outsider", "GET", "/api/v1/search?q=loyer", nil)
			tm.usage.Flush()

			code, b := tm.call(t, "lead", "GET", "/api/v1/insights", nil)
			if code != http.StatusOK {
				t.Fatalf("insights: %d %s", code, b)
			}
			got := decode[insightsReply](t, b)
			if got.Plans != 2 || got.Searches != 2 {
				t.Fatalf("insights: %d plans, %d searches; want 2 and 2 (the other organization's search not counted)", got.Plans, got.Searches)
			}
			gotNeeds := map[string][2]int{}
			added := map[string]int{}
			for _, n := range got.Needs {
				gotNeeds[n.Code] = [2]int{n.Plans, n.NotCovered}
				if n.Added > 0 {
					added[n.Code] = n.Added
				}
			}
			if !equalMaps(added, map[string]int{"emploi": 1}) {
				t.Fatalf("needs added by hand: got %v, want emploi once (the second plan's)", added)
			}
			if !equalMaps(gotNeeds, wantNeeds) {
				t.Fatalf("needs: got %v, want %v (from the plans' own reports)", gotNeeds, wantNeeds)
			}
			gotCited := map[string]int{}
			opened, negative := map[string]int{}, map[string]int{}
			for _, s := range got.Sections {
				if s.Citations > 0 {
					gotCited[s.SectionID] = s.Citations
				}
				if s.Opens > 0 {
					opened[s.SectionID] = s.Opens
				}
				if s.NegativeFeedback > 0 {
					negative[s.SectionID] = s.NegativeFeedback
				}
			}
			if !equalMaps(gotCited, cited) {
				t.Fatalf("cited sections: got %v, want %v", gotCited, cited)
			}
			if len(opened) != 1 || opened[ids[len(ids)-1]] != 1 {
				t.Fatalf("opened sections: %v, want %s once", opened, ids[len(ids)-1])
			}
			step0 := saved.Steps[0].Citations[0].SectionID
			if len(negative) != 1 || negative[step0] != 1 || len(got.Disputed) != 1 || got.Disputed[0].Comments[0] != "La citation ne parle pas du délai." {
				t.Fatalf("negative verdicts: %v, disputed %+v, want one on %s with its comment", negative, got.Disputed, step0)
			}
			// Dead sections: every published section not cited.
			var never []string
			for _, n := range got.NeverCited {
				never = append(never, n.SectionID)
			}
			var wantNever []string
			for _, id := range ids {
				if cited[id] == 0 {
					wantNever = append(wantNever, id)
				}
			}
			sort.Strings(never)
			sort.Strings(wantNever)
			if strings.Join(never, ",") != strings.Join(wantNever, ",") {
				t.Fatalf("never cited: %v, want %v", never, wantNever)
			}
			if len(got.NoResult) != 1 || got.NoResult[0].Count != 1 || strings.Contains(got.NoResult[0].Query, "Varenne") || !strings.Contains(got.NoResult[0].Query, "xylophone") {
				t.Fatalf("searches without result: %+v, want the xylophone one, pseudonymized", got.NoResult)
			}
			if code, _ := tm.call(t, "caseworker", "GET", "/api/v1/insights", nil); code != http.StatusForbidden {
				t.Fatalf("a caseworker reads the insights: %d, want 403", code)
			}
			code, b = tm.call(t, "outsider", "GET", "/api/v1/insights", nil)
			if other := decode[insightsReply](t, b); code != http.StatusOK || other.Plans != 0 || other.Searches != 1 {
				t.Fatalf("the other organization's insights: %d %s", code, b)
			}
			if code, _ := tm.call(t, "lead", "GET", "/api/v1/insights?from=tomorrow", nil); code != http.StatusBadRequest {
				t.Fatalf("a bad date: %d, want 400", code)
			}

			// Retention: an event older than the organization keeps is purged, not today's.
			// The administrator sets it; a lead may not, and a retention out of bounds is refused.
			ctx := context.Background()
			if code, _ := tm.call(t, "lead", "PUT", "/api/v1/settings", `{"usage_retention_days": 2}`); code != http.StatusForbidden {
				t.Fatalf("a lead sets the retention: %d, want 403", code)
			}
			for _, bad := range []string{`{"usage_retention_days": 0}`, `{"usage_retention_days": 4000}`, `{}`} {
				if code, b := tm.call(t, "admin", "PUT", "/api/v1/settings", bad); code != http.StatusBadRequest {
					t.Fatalf("settings %s: %d %s, want 400", bad, code, b)
				}
			}
			if code, b := tm.call(t, "admin", "PUT", "/api/v1/settings", `{"usage_retention_days": 2}`); code != http.StatusOK ||
				!strings.Contains(b, `"usage_retention_days":2`) || !strings.Contains(b, `"review_required":true`) {
				t.Fatalf("set the retention: %d %s", code, b)
			}
			// Whether plans follow what caseworkers kept: on by default, the administrator's choice.
			if code, b := tm.call(t, "lead", "GET", "/api/v1/settings", nil); code != http.StatusOK || !strings.Contains(b, `"learn_from_plans":true`) {
				t.Fatalf("settings: %d %s, want plans learning by default", code, b)
			}
			if code, _ := tm.call(t, "lead", "PUT", "/api/v1/settings", `{"learn_from_plans": false}`); code != http.StatusForbidden {
				t.Fatalf("a lead turns learning off: %d, want 403", code)
			}
			if code, b := tm.call(t, "admin", "PUT", "/api/v1/settings", `{"learn_from_plans": false}`); code != http.StatusOK ||
				!strings.Contains(b, `"learn_from_plans":false`) || !strings.Contains(b, `"usage_retention_days":2`) {
				t.Fatalf("turn learning off: %d %s", code, b)
			}
			if set, err := s.Settings(ctx, tm.org.ID); err != nil || set.LearnFromPlans {
				t.Fatalf("stored settings after turning learning off: %+v, %v", set, err)
			}
			must(t, s.RecordUsage(ctx, []socle.UsageEvent{{OrgID: tm.org.ID, Kind: socle.UsageSearch, Query: "ancienne", At: socle.Now().AddDate(0, 0, -5)}}))
			n, err := (&insights.Service{Store: s}).Purge(ctx, socle.Now())
			if err != nil || n != 1 {
				t.Fatalf("purge: %d, %v; want the one old event", n, err)
			}
			_, b = tm.call(t, "lead", "GET", "/api/v1/insights?from="+socle.Now().AddDate(0, 0, -10).Format(time.DateOnly), nil)
			if after := decode[insightsReply](t, b); after.Searches != 2 || after.Plans != 2 {
				t.Fatalf("after the purge: %d searches, %d plans; want today's 2 and 2", after.Searches, after.Plans)
			}
		})
	}
}

func equalMaps[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestInsightsListPassagesTakenOut checks, in both store modes, that a passage caseworkers took
// out of two saved plans is listed, with its words, need and counts, on the API, the page and the
// CSV; one taken out once is not; another organization sees none.
func TestInsightsListPassagesTakenOut(t *testing.T) {
	for _, mode := range storeModes {
		t.Run(mode.name, func(t *testing.T) {
			s, vectors := mode.open(t)
			tm := newTeam(t, s, vectors)
			tm.publishGuide(t)
			situation := "Madame a deux mois d'impayés de loyer, le bailleur menace. Elle a aussi perdu son emploi."
			type draftReply struct {
				Draft string
				Steps []struct {
					Need      string
					Citations []struct{ Quote string }
				}
				Offered []struct{ Action string } `json:"steps_offered"`
			}
			var first draftReply
			// The first step taken out of both plans; the first passage offered added to the second
			// (added, never taken out: not listed).
			for i, steps := range []string{`[]`, `[{"offered": 0}]`} {
				code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"situation": "`+situation+`"}`)
				d := decode[draftReply](t, b)
				if code != http.StatusOK || len(d.Steps) == 0 || len(d.Offered) == 0 {
					t.Fatalf("plan %d: %d, no step to take out or passage to add: %s", i, code, b)
				}
				if i == 0 {
					first = d
				}
				if code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"draft": "`+d.Draft+`", "save": true, "steps": `+steps+`}`); code != http.StatusOK {
					t.Fatalf("save %d: %d %s", i, code, b)
				}
			}
			tm.usage.Flush()
			code, b := tm.call(t, "lead", "GET", "/api/v1/insights", nil)
			rep := decode[struct {
				Removed []struct {
					Need, Guide, Quote       string
					Proposed, Removed, Added int
				} `json:"removed_passages"`
			}](t, b)
			quote := first.Steps[0].Citations[0].Quote
			if code != http.StatusOK || len(rep.Removed) != 1 || rep.Removed[0].Quote != quote || rep.Removed[0].Removed != 2 ||
				rep.Removed[0].Proposed != 2 || rep.Removed[0].Need != first.Steps[0].Need || rep.Removed[0].Guide != "accueil" {
				t.Fatalf("passages taken out: %d %s; want %q taken out twice of two", code, b, quote)
			}
			c := client(t)
			resp, err := c.PostForm(tm.srv.URL+"/login", url.Values{"email": {tm.emails["lead"]}, "password": {password}, "next": {"/"}})
			must(t, err)
			resp.Body.Close()
			if code, page := body(t, c, "GET", tm.srv.URL+"/insights", nil); code != http.StatusOK || !strings.Contains(html.UnescapeString(page), quote) ||
				!strings.Contains(page, "Passages que les professionnels retirent des plans") {
				t.Errorf("insights page: %d, without the passage taken out", code)
			}
			if code, csv := body(t, c, "GET", tm.srv.URL+"/insights.csv?table=removed", nil); code != http.StatusOK || !strings.Contains(csv, quote) {
				t.Errorf("CSV of passages taken out: %d %s", code, csv)
			}
			if code, b := tm.call(t, "outsider", "GET", "/api/v1/insights", nil); code != http.StatusOK || !strings.Contains(b, `"removed_passages":[]`) {
				t.Errorf("another organization's insights: %d %s", code, b)
			}
		})
	}
}

// TestLearningSettingPage turns plans' learning off and on with the administrator's form on the
// page about what is recorded; a lead reads the choice without a form.
func TestLearningSettingPage(t *testing.T) {
	s, vectors := storeModes[0].open(t)
	tm := newTeam(t, s, vectors)
	signIn := func(who string) *http.Client {
		c := client(t)
		resp, err := c.PostForm(tm.srv.URL+"/login", url.Values{"email": {tm.emails[who]}, "password": {password}, "next": {"/"}})
		must(t, err)
		resp.Body.Close()
		return c
	}
	admin, lead := signIn("admin"), signIn("lead")
	if code, page := body(t, admin, "GET", tm.srv.URL+"/insights/about", nil); code != http.StatusOK ||
		!strings.Contains(page, `action="/insights/learning"`) || !strings.Contains(page, `name="learn" value="on" checked`) {
		t.Fatalf("administrator's page: %d, without the learning form ticked", code)
	}
	resp, err := admin.PostForm(tm.srv.URL+"/insights/learning", url.Values{}) // unticked
	must(t, err)
	resp.Body.Close()
	if set, _ := s.Settings(context.Background(), tm.org.ID); resp.StatusCode != http.StatusSeeOther || set.LearnFromPlans {
		t.Fatalf("unticked and saved: %d, learning %v", resp.StatusCode, set.LearnFromPlans)
	}
	if code, page := body(t, lead, "GET", tm.srv.URL+"/insights/about", nil); code != http.StatusOK || strings.Contains(page, `action="/insights/learning"`) ||
		!strings.Contains(html.UnescapeString(page), "Les plans ne suivent pas ce que vos professionnels gardent") {
		t.Errorf("lead's page: %d, should say learning is off, without a form", code)
	}
	resp, err = lead.PostForm(tm.srv.URL+"/insights/learning", url.Values{"learn": {"on"}})
	must(t, err)
	resp.Body.Close()
	if set, _ := s.Settings(context.Background(), tm.org.ID); resp.StatusCode != http.StatusForbidden || set.LearnFromPlans {
		t.Errorf("a lead turns learning on: %d, learning %v", resp.StatusCode, set.LearnFromPlans)
	}
	resp, err = admin.PostForm(tm.srv.URL+"/insights/learning", url.Values{"learn": {"on"}})
	must(t, err)
	resp.Body.Close()
	if set, _ := s.Settings(context.Background(), tm.org.ID); !set.LearnFromPlans {
		t.Errorf("ticked and saved: learning still off")
	}
}
