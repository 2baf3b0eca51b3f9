package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/socle-project/socle/web/browsertest"
)

// TestBrowserInsights opens the insights as a lead: the chart of needs, the table with the needs
// added by hand, a CSV export; a caseworker is refused.
func TestBrowserInsights(t *testing.T) {
	s, vectors := storeModes[0].open(t)
	tm := newTeam(t, s, vectors)
	tm.publishGuide(t)
	for _, situation := range []string{
		"Madame a deux mois d'impayés de loyer, le bailleur menace. Elle a aussi perdu son emploi.",
		"Monsieur vient de perdre son emploi et cherche une formation.",
		"Mme vit seule, ses ressources sont faibles et elle renonce à ses soins faute de mutuelle.",
		"Mme L., son compagnon la frappe et la menace.",
	} {
		// The caseworker adds the need for health to the first: Socle did not read it there.
		facts := `{}`
		if strings.HasPrefix(situation, "Madame") {
			facts = `{"needs": ["sante"]}`
		}
		if code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"situation": "`+situation+`", "facts": `+facts+`}`); code != 200 {
			t.Fatalf("plan: %d %s", code, b)
		}
	}
	// Two plans saved without their first step: the passage is listed as taken out.
	for range 2 {
		code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"situation": "Deux mois d'impayés de loyer, le bailleur menace."}`)
		d := decode[struct{ Draft string }](t, b)
		if code != 200 || d.Draft == "" {
			t.Fatalf("plan: %d %s", code, b)
		}
		if code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"draft": "`+d.Draft+`", "save": true, "steps": []}`); code != 200 {
			t.Fatalf("save: %d %s", code, b)
		}
	}
	for _, q := range []string{"plan d'apurement bailleur", "carte grise moto", "carte grise moto"} {
		tm.call(t, "caseworker", "GET", "/api/v1/search?q="+url.QueryEscape(q), nil)
	}
	tm.usage.Flush()

	ctx := browsertest.Start(t)
	shots := browsertest.NewShots(t)
	base := tm.srv.URL
	signInBrowser(t, ctx, base, tm.emails["lead"])
	do(t, ctx,
		chromedp.Click(`//header//a[@href="/insights"]`),
		chromedp.WaitVisible(chromedp.CSS(`#needs svg.chart`)),
	)
	label := browsertest.Eval[string](t, ctx, `document.querySelector("#needs svg.chart").getAttribute("aria-label")`)
	bars := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#needs svg.chart text.value").length`)
	if label == "" || bars == 0 {
		t.Fatalf("the needs chart: label %q, %d labelled bars", label, bars)
	}
	// The urgent need the guide does not cover is tagged; a need that is not urgent is not.
	if tags := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll("#needs-table tbody tr")].filter(r => r.querySelector(".tag.urgent")).map(r => r.cells[0].textContent).join("|")`); !strings.Contains(tags, "Violences conjugales") || strings.Contains(tags, "Emploi") {
		t.Errorf("urgent needs not covered, tagged: %q", tags)
	}
	if rows := text(t, ctx, "#needs-table tbody"); !strings.Contains(rows, "Emploi") {
		t.Fatalf("needs table: %q", rows)
	}
	// The health row: two plans, one need added by hand (the last column).
	if added := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll("#needs-table tbody tr")].filter(r => r.cells[0].textContent.includes("Santé")).map(r => r.cells[1].textContent + "/" + r.cells[3].textContent).join()`); added != "2/1" {
		t.Fatalf("the need for health, plans / added by hand: %q, want 2/1", added)
	}
	if misses := text(t, ctx, "#searches tbody"); !strings.Contains(misses, "carte grise moto") || !strings.Contains(misses, "2") {
		t.Fatalf("searches without result: %q", misses)
	}
	href := browsertest.Eval[string](t, ctx, `document.querySelector('#needs a[href^="/insights.csv"]').getAttribute("href")`)
	csv := browsertest.Eval[string](t, ctx, `fetch(`+"`"+`${location.origin}`+href+"`"+`).then(r => r.text())`)
	if !strings.HasPrefix(csv, "code,need,plans,not_covered,added_by_hand") || !strings.Contains(csv, "emploi") {
		t.Fatalf("CSV export of the needs: %q", csv)
	}
	if removed := text(t, ctx, "#removed"); !strings.Contains(removed, "contacter le bailleur") || !strings.Contains(removed, "retiré 2 fois sur 2") {
		t.Errorf("passages taken out of plans: %q", removed)
	}
	// The lead keeps the passage in plans with the keyboard, from the list: the decision is
	// listed, with its author, and its form offers to withdraw it.
	do(t, ctx,
		chromedp.Focus(chromedp.CSS(`#removed button[value="keep"]`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#rules p.notice`)),
	)
	if rules := text(t, ctx, "#rules"); !strings.Contains(rules, "Proposé comme étape, sur décision") || !strings.Contains(rules, "lead, le") ||
		!strings.Contains(rules, "contacter le bailleur") || !strings.Contains(rules, "Annuler la décision") {
		t.Errorf("the lead's decisions: %q", rules)
	}
	if removed := text(t, ctx, "#removed"); !strings.Contains(removed, "Proposé comme étape, sur décision") || strings.Contains(removed, "Toujours proposer") {
		t.Errorf("the passage kept is not shown as decided in the list: %q", removed)
	}
	checkAxe(t, ctx, "insights with a decision")
	// The caseworker's plan shows the step the lead kept, marked.
	signInBrowser(t, ctx, base, tm.emails["caseworker"])
	do(t, ctx, newPlanInBrowser(base, "Deux mois d'impayés de loyer, le bailleur menace.")...)
	if steps := text(t, ctx, "#steps"); !strings.Contains(steps, "Votre organisation a choisi de proposer ce passage") {
		t.Errorf("the plan does not mark the step the lead kept: %q", steps)
	}
	shots.Take(ctx, "plan-ruled-fr")
	do(t, ctx, newPlanInEnglish(base, "Deux mois d'impayés de loyer, le bailleur menace.")...)
	if steps := text(t, ctx, "#steps"); !strings.Contains(steps, "Your organization chose to propose this passage") {
		t.Errorf("the English plan does not mark the step the lead kept: %q", steps)
	}
	shots.Take(ctx, "plan-ruled-en")
	do(t, ctx, browsertest.SetCookie(base, "socle_lang", "fr"))
	signInBrowser(t, ctx, base, tm.emails["lead"])
	// A new version rewriting the passage: its review lists the decision it would undo.
	_, b := tm.call(t, "lead", "GET", "/api/v1/insights", nil)
	rep := decode[struct {
		Removed []struct {
			SectionID string `json:"section_id"`
		} `json:"removed_passages"`
	}](t, b)
	if len(rep.Removed) != 1 {
		t.Fatalf("passages taken out: %s", b)
	}
	newText := strings.Replace(guideMD[strings.Index(guideMD, "Dès"):], "Dès le premier impayé", "Dès le deuxième impayé", 1)
	if code, b := tm.call(t, "lead", "PUT", "/api/v1/guides/accueil/versions/1/sections/"+rep.Removed[0].SectionID, fmt.Sprintf(`{"text": %q}`, newText)); code != 201 {
		t.Fatalf("section edit: %d %s", code, b)
	}
	do(t, ctx, chromedp.Navigate(base+"/guides/accueil/v/2/review"), chromedp.WaitVisible(chromedp.CSS(`#impact-rules`)))
	if impact := text(t, ctx, "section.impact"); !strings.Contains(impact, "ne s'appliqueront plus") || !strings.Contains(impact, "Dès le premier impayé") {
		t.Errorf("the review's impact: %q", impact)
	}
	checkAxe(t, ctx, "review with a decision undone")
	shots.Take(ctx, "review-rules-fr")
	shots.Pages(ctx, base, map[string]string{"insights": "/insights", "insights-about": "/insights/about"})
	// The English page, at the decisions, and the withdrawal.
	do(t, ctx, browsertest.SetCookie(base, "socle_lang", "en"), chromedp.Navigate(base+"/insights#rules"), chromedp.WaitVisible(chromedp.CSS(`#rules`)))
	if rules := text(t, ctx, "#rules"); !strings.Contains(rules, "Proposed as a step, by decision") || !strings.Contains(rules, "Withdraw the decision") {
		t.Errorf("the lead's decisions in English: %q", rules)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#rules button[value="none"]`)), chromedp.WaitVisible(chromedp.CSS(`#rules p.notice`)))
	if rules := text(t, ctx, "#rules"); !strings.Contains(rules, "No decision yet") {
		t.Errorf("the decision withdrawn is still listed: %q", rules)
	}
	do(t, ctx, browsertest.SetCookie(base, "socle_lang", "fr"))

	signInBrowser(t, ctx, base, tm.emails["caseworker"])
	do(t, ctx, chromedp.Navigate(base+"/insights"), chromedp.WaitVisible(chromedp.CSS("main")))
	if page := text(t, ctx, "main"); !strings.Contains(page, "does not allow") && !strings.Contains(page, "ne permet pas") {
		t.Fatalf("a caseworker on the insights page: %q", page)
	}
}
