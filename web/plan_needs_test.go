package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// partnerLostJob is a note whose lexicon reads a need of work in its context, a former
// partner's lost job, which the needs model doubts.
const partnerLostJob = "Mme C., 31 ans, aide-soignante à temps plein, séparée du père de ses deux enfants (5 et 8 ans). " +
	"La pension alimentaire fixée par le juge n'est plus versée depuis décembre : il dit qu'il a perdu son travail."

// TestPlanAPINeeds checks the plan JSON's needs: those read from the text with their labels, a
// need struck out with facts.without_needs, one added with facts.needs and listed, by name, as not
// covered by the guides; and the situation search's needs.
func TestPlanAPINeeds(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	type need struct {
		Code, Label, Reason string
		LabelEN             string `json:"label_en"`
		Stated              bool
	}
	var rep struct {
		Needs           []string
		NeedsDetected   []need            `json:"needs_detected"`
		NotCoveredNeeds []need            `json:"not_covered_needs"`
		Facts           struct{ Age int } `json:"facts_read"`
		Steps           []struct{ Need string }
		NotCovered      []struct{ Action, Need, Reason string } `json:"not_covered"`
	}
	code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Mme K., 74 ans, son mari est décédé. Trois mois d'impayés de loyer.", "facts": {"needs": ["emploi"], "without_needs": ["deces"]}}`)
	must(t, json.Unmarshal([]byte(b), &rep))
	if code != http.StatusOK || rep.Facts.Age != 74 {
		t.Fatalf("POST /api/v1/plans: %d %s", code, b)
	}
	codes := map[string]need{}
	for _, n := range rep.NeedsDetected {
		codes[n.Code] = n
	}
	if _, ok := codes["logement"]; !ok || codes["logement"].Label != "Logement" || codes["logement"].LabelEN != "Housing" {
		t.Errorf("needs_detected %+v, want logement with its labels", rep.NeedsDetected)
	}
	if _, ok := codes["deces"]; ok {
		t.Errorf("needs_detected holds the need struck out: %+v", rep.NeedsDetected)
	}
	if !codes["emploi"].Stated {
		t.Errorf("needs_detected %+v, want emploi stated", rep.NeedsDetected)
	}
	listed := false
	for _, n := range rep.NotCoveredNeeds {
		if n.Code == "emploi" && n.Label == "Emploi et formation" && n.Reason != "" {
			listed = true
		}
	}
	if !listed {
		t.Errorf("not_covered_needs %+v, want emploi (the guide says nothing of work)", rep.NotCoveredNeeds)
	}
	// A need read that the needs model puts low is marked to check; the likely one is not.
	var check struct {
		NeedsDetected []struct {
			Code   string
			Unsure bool
		} `json:"needs_detected"`
	}
	_, b = postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Mme Céline Y., 39 ans, arrivée d'Épinal en août avec ses deux enfants (8 et 13 ans) après sa séparation ; loyer impayé depuis deux mois."}`)
	must(t, json.Unmarshal([]byte(b), &check))
	unsure := map[string]bool{}
	for _, n := range check.NeedsDetected {
		unsure[n.Code] = n.Unsure
	}
	if len(unsure) != 2 || !unsure["famille"] || unsure["logement"] {
		t.Errorf("needs_detected %s: want famille unsure, logement not", b)
	}
	// A need no word of the lexicon reveals, that the needs model is sure of, is read and marked so.
	type sureNeed struct {
		Code        string
		Sure        bool
		Probability float64
		Evidence    []string
	}
	var sure struct {
		NeedsDetected []sureNeed `json:"needs_detected"`
	}
	_, b = postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Mme 86 ans, vit seule au 2e sans ascenseur, sa voisine lui fait ses courses et son ménage, son fils habite loin."}`)
	must(t, json.Unmarshal([]byte(b), &sure))
	i := slices.IndexFunc(sure.NeedsDetected, func(n sureNeed) bool { return n.Code == "autonomie" })
	if i < 0 || !sure.NeedsDetected[i].Sure || sure.NeedsDetected[i].Probability < 0.97 || len(sure.NeedsDetected[i].Evidence) == 0 {
		t.Errorf("needs_detected %s: want autonomie read by the needs model, marked sure, with its probability and words", b)
	}
	// An urgent need the guide says nothing of is marked so, in the needs read and those not covered.
	var urgent struct {
		NeedsDetected []struct {
			Code   string
			Urgent bool
		} `json:"needs_detected"`
		NotCoveredNeeds []struct {
			Code   string
			Urgent bool
		} `json:"not_covered_needs"`
	}
	code, b = postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Mme L., 29 ans, son compagnon la frappe quand il a bu. Trois mois d'impayés de loyer."}`)
	must(t, json.Unmarshal([]byte(b), &urgent))
	marks := map[string]bool{}
	for _, n := range urgent.NeedsDetected {
		marks["detected "+n.Code] = n.Urgent
	}
	for _, n := range urgent.NotCoveredNeeds {
		marks["uncovered "+n.Code] = n.Urgent
	}
	if code != http.StatusOK || !marks["detected violences"] || !marks["uncovered violences"] || marks["detected logement"] || !strings.Contains(b, `"urgent":true`) {
		t.Errorf("urgent need not marked: %d %s", code, b)
	}
	// A need the lexicon does not read, suggested with its words and probability; sent back in
	// facts.needs, it is planned.
	type suggested struct {
		Code        string
		Evidence    []string
		Probability float64
		Doubted     bool
	}
	var sug struct {
		NeedsDetected  []need      `json:"needs_detected"`
		NeedsSuggested []suggested `json:"needs_suggested"`
	}
	elderly := "Mme 85 ans, au 3e sans ascenseur, sa voisine lui monte ses courses, son fils habite à Nantes."
	code, b = postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "`+elderly+`"}`)
	must(t, json.Unmarshal([]byte(b), &sug))
	if code != http.StatusOK || len(sug.NeedsSuggested) == 0 || sug.NeedsSuggested[0].Code != "autonomie" ||
		len(sug.NeedsSuggested[0].Evidence) == 0 || sug.NeedsSuggested[0].Probability <= 0.5 || sug.NeedsSuggested[0].Probability >= 1 {
		t.Fatalf("needs_suggested: %d %s", code, b)
	}
	code, b = postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "`+elderly+`", "facts": {"needs": ["autonomie"]}}`)
	sug.NeedsDetected, sug.NeedsSuggested = nil, nil
	must(t, json.Unmarshal([]byte(b), &sug))
	if code != http.StatusOK || len(sug.NeedsDetected) == 0 || sug.NeedsDetected[0].Code != "autonomie" || !sug.NeedsDetected[0].Stated || len(sug.NeedsSuggested) > 0 && sug.NeedsSuggested[0].Code == "autonomie" {
		t.Fatalf("the suggestion taken: %d %s", code, b)
	}
	// A need read in the note's context (a former partner's lost job) that the needs model
	// doubts: offered among the suggestions, marked doubted, not planned.
	sug.NeedsDetected, sug.NeedsSuggested = nil, nil
	code, b = postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "`+partnerLostJob+`"}`)
	must(t, json.Unmarshal([]byte(b), &sug))
	doubted := slices.IndexFunc(sug.NeedsSuggested, func(n suggested) bool {
		return n.Code == "emploi" && n.Doubted && slices.Contains(n.Evidence, "perdu son travail")
	})
	if code != http.StatusOK || doubted < 0 || slices.ContainsFunc(sug.NeedsDetected, func(n need) bool { return n.Code == "emploi" }) {
		t.Fatalf("a need doubted: %d %s", code, b)
	}
	if code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "x", "facts": {"without_needs": "deces"}}`); code != http.StatusBadRequest {
		t.Errorf("without_needs as a string: %d %s", code, b)
	}

	code, b = body(t, c, "GET", f.srv.URL+"/api/v1/search?mode=situation&q="+url.QueryEscape("Trois mois de loyer impayés et une coupure d'électricité"), nil)
	var res struct {
		Mode      string
		Situation struct{ Needs []need }
		Hits      []struct{ Need string }
	}
	must(t, json.Unmarshal([]byte(b), &res))
	if code != http.StatusOK || res.Mode != "situation" || len(res.Situation.Needs) < 2 || len(res.Hits) == 0 || res.Hits[0].Need == "" {
		t.Fatalf("situation search: %d %s", code, b)
	}
	var sugRes struct {
		Situation struct{ Needs, Suggested []need }
	}
	code, b = body(t, c, "GET", f.srv.URL+"/api/v1/search?mode=situation&q="+url.QueryEscape(elderly), nil)
	must(t, json.Unmarshal([]byte(b), &sugRes))
	if code != http.StatusOK || len(sugRes.Situation.Needs) != 0 || len(sugRes.Situation.Suggested) == 0 || sugRes.Situation.Suggested[0].Code != "autonomie" {
		t.Fatalf("situation search, a need suggested: %d %s", code, b)
	}
	if code, b := body(t, c, "GET", f.srv.URL+"/api/v1/search?mode=situations&q=x", nil); code != http.StatusBadRequest || !strings.Contains(b, "situation") {
		t.Errorf("unknown mode: %d %s", code, b)
	}
}

// budgetGuideMD speaks of over-indebtedness without saying what to do about it.
const budgetGuideMD = `# Guide budget

## Budget et dettes

### Surendettement

Le surendettement touche de plus en plus de ménages du territoire : la Banque de France y a reçu 1 200 dossiers l'an dernier.
`

// TestPlanUncoveredNeedPointsToItsSections: a need the guides speak of without an instruction
// is listed with the sections to read, in the JSON (not_covered_needs[].read) and on the page
// (links to the passages), not only with "your guides speak of it".
func TestPlanUncoveredNeedPointsToItsSections(t *testing.T) {
	f := newFixture(t)
	addGuide(t, f, "guide-budget", budgetGuideMD)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	const situation = "M. T., 45 ans, licencié, cherche une formation, dettes de crédit, n'arrive plus à payer son électricité."
	var rep struct {
		NotCoveredNeeds []struct {
			Code, Reason string
			Read         []struct {
				Guide     string
				Version   int
				SectionID string `json:"section_id"`
				Path      []string
				Span      struct{ Start, End int }
			}
		} `json:"not_covered_needs"`
	}
	code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "`+situation+`"}`)
	must(t, json.Unmarshal([]byte(b), &rep))
	if code != http.StatusOK {
		t.Fatalf("POST /api/v1/plans: %d %s", code, b)
	}
	var href string
	for _, n := range rep.NotCoveredNeeds {
		switch {
		case n.Reason == "vos guides en parlent sans dire quoi faire" && len(n.Read) > 0:
			r := n.Read[0]
			if r.Guide == "" || r.Version == 0 || r.SectionID == "" || len(r.Path) == 0 || r.Span.End <= r.Span.Start {
				t.Errorf("%s: section to read %+v, want guide, version, section, path and span", n.Code, r)
			}
			href = fmt.Sprintf("/guides/%s/v/%d/s/%s?start=%d&amp;end=%d#cited", r.Guide, r.Version, r.SectionID, r.Span.Start, r.Span.End)
		case len(n.Read) > 0:
			t.Errorf("%s (%s) points to sections: %+v", n.Code, n.Reason, n.Read)
		}
	}
	if href == "" {
		t.Fatalf("not_covered_needs %s: want a need the guides speak of, with its sections to read", b)
	}
	_, _, page := makeDraft(t, c, f.srv.URL, situation)
	if !strings.Contains(page, `href="`+href+`"`) || !strings.Contains(page, "à lire") {
		t.Errorf("the plan page does not link %s under the needs not covered", href)
	}
}
