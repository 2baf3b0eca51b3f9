package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/socle-project/socle/web/browsertest"
)

// TestBrowserLeadDecidesFromAPlan: a lead trying a plan sets a step's passage aside for its need
// with the keyboard, without leaving the plan (the step says the decision is saved); the next
// plan offers that passage beside the steps, marked, and says why it has no step left. A
// caseworker's plan has no such buttons. axe-core finds no serious or critical violation.
func TestBrowserLeadDecidesFromAPlan(t *testing.T) {
	s, vectors := storeModes[0].open(t)
	tm := newTeam(t, s, vectors)
	tm.publishGuide(t)
	situation := "Deux mois d'impayés de loyer, le bailleur menace."
	ctx := browsertest.Start(t)
	shots := browsertest.NewShots(t)
	base := tm.srv.URL

	signInBrowser(t, ctx, base, tm.emails["caseworker"])
	do(t, ctx, newPlanInBrowser(base, situation)...)
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll('.rule-actions, form.rule-form').length`); n != 0 {
		t.Fatalf("a caseworker's plan shows %d decision controls", n)
	}

	signInBrowser(t, ctx, base, tm.emails["lead"])
	do(t, ctx, newPlanInBrowser(base, situation)...)
	first := strings.TrimSpace(text(t, ctx, "#steps > li:first-child p.action"))
	if first == "" || !strings.Contains(text(t, ctx, "#steps > li:first-child .rule-actions"), "Votre décision de référent") {
		t.Fatalf("the lead's plan has no decision controls on its first step")
	}
	checkAxe(t, ctx, "a lead's plan with decision controls")
	do(t, ctx,
		chromedp.Focus(chromedp.CSS(`#steps > li:first-child .rule-actions button[value="set_aside"]`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#steps > li:first-child .rule-status:not(:empty)`)),
	)
	if st := text(t, ctx, "#steps > li:first-child .rule-status"); !strings.Contains(st, "Décision enregistrée") {
		t.Errorf("the step's status after the decision: %q", st)
	}
	if !strings.Contains(browsertest.Eval[string](t, ctx, `location.pathname`), "/plan") {
		t.Errorf("the decision left the plan's page")
	}
	shots.Take(ctx, "plan-lead-rule-fr")

	do(t, ctx, newPlanInBrowser(base, situation)...)
	offered := browsertest.Eval[string](t, ctx, `document.getElementById('offered-list').textContent`)
	if strings.Contains(text(t, ctx, "#steps"), first) || !strings.Contains(offered, first) ||
		!strings.Contains(offered, "Votre organisation a choisi de ne pas proposer ce passage") {
		t.Errorf("the next plan still proposes the passage set aside, or does not offer it, marked: %q", offered)
	}
	if page := text(t, ctx, "main"); !strings.Contains(page, "Pas d'étape : votre organisation a choisi de ne pas proposer") {
		t.Errorf("the plan left without a step does not say why: %q", page)
	}
	do(t, ctx, newPlanInEnglish(base, situation)...)
	if offered := browsertest.Eval[string](t, ctx, `document.getElementById('offered-list').textContent`); !strings.Contains(offered, "Your organization chose not to propose this passage") ||
		!strings.Contains(offered, "Your decision as a lead") {
		t.Errorf("the English plan's passages offered: %q", offered)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#offered > summary`)), chromedp.WaitVisible(chromedp.CSS(`#offered-list .rule-actions`)))
	checkAxe(t, ctx, "a lead's plan with a passage set aside")
	shots.Take(ctx, "plan-lead-rule-en")
}
