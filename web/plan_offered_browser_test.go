package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/socle-project/socle/web/browsertest"
)

// offeredAction is the action of the passage offered at sel, without its need's label.
const offeredAction = `(sel) => document.querySelector(sel + ' p.action').lastChild.textContent.trim()`

// newPlanInBrowser makes a plan of the situation on the page for a new plan, and waits for its
// steps to finish.
func newPlanInBrowser(base, situation string, then ...chromedp.Action[chromedp.Void]) []chromedp.Action[chromedp.Void] {
	return append([]chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/plan"),
		chromedp.WaitVisible(`textarea[name="situation"]`),
		chromedp.SendKeys(`textarea[name="situation"]`, situation),
		chromedp.Click(`form.wide button[type="submit"]`),
		chromedp.WaitVisible(`#finish`),
	}, then...)
}

// newPlanInEnglish is newPlanInBrowser with the interface switched to English first.
func newPlanInEnglish(base, situation string, then ...chromedp.Action[chromedp.Void]) []chromedp.Action[chromedp.Void] {
	return append([]chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/plan"),
		chromedp.WaitVisible(`textarea[name="situation"]`),
		chromedp.Click(`//button[@lang="en"]`),
		chromedp.WaitVisible(`//h1[contains(., "New action plan")]`),
		chromedp.SendKeys(`textarea[name="situation"]`, situation),
		chromedp.Click(`form.wide button[type="submit"]`),
		chromedp.WaitVisible(`#finish`),
	}, then...)
}

// TestBrowserOfferedPassages opens the passages a plan offers beside its steps, ticks one with
// the keyboard (it moves to the end of the steps, the status line says so, the focus goes to its
// due date), moves it up, removes it (it goes back among the passages offered, in its place),
// ticks it again with a due date and saves: the saved plan has it, cited, as a step. In French
// and English; axe-core finds no serious or critical violation.
func TestBrowserOfferedPassages(t *testing.T) {
	f := newFixture(t)
	addGuide(t, f, "guide-logement", housingGuide)
	ctx := browser(t)
	situation := "Trois mois d'impayés de loyer, le bailleur a fait délivrer un commandement de payer, procédure d'expulsion engagée."
	signInBrowser(t, ctx, f.srv.URL, "alpha@example.org")
	do(t, ctx, newPlanInBrowser(f.srv.URL, situation)...)
	offered := browsertest.Eval[int](t, ctx, `document.querySelectorAll('#offered-list > li').length`)
	steps := len(stepActions(t, ctx))
	if offered == 0 || steps == 0 {
		t.Fatalf("the plan has %d steps and offers %d passages beside them", steps, offered)
	}
	if browsertest.Eval[bool](t, ctx, `document.getElementById('offered').open`) {
		t.Errorf("the passages offered are open before the caseworker opens them")
	}
	if summary := text(t, ctx, "#offered > summary"); !strings.Contains(summary, "Autres passages de vos guides") {
		t.Errorf("summary of the passages offered: %q", summary)
	}
	// Opened and ticked with the keyboard.
	do(t, ctx, chromedp.Focus(`#offered > summary`), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`#offered-list > li:first-child .offer-take input`))
	checkAxe(t, ctx, "plan with passages offered")
	browsertest.Screenshot(t, ctx, "plan-offered-fr")
	first := browsertest.Eval[string](t, ctx, `(`+offeredAction+`)('#offered-list > li:first-child')`)
	do(t, ctx, chromedp.Focus(`#offered-list > li:first-child .offer-take input`), chromedp.KeyEvent(" "),
		chromedp.WaitVisible(`ol.steps > li.offered-step input[type="date"]`))
	if got := browsertest.Eval[string](t, ctx, `(`+offeredAction+`)('ol.steps > li:last-child')`); got != first {
		t.Fatalf("last step after ticking the first passage offered: %q, want %q", got, first)
	}
	if status := text(t, ctx, "#finish-status"); !strings.Contains(status, "Passage ajouté en fin de plan") {
		t.Errorf("status line after ticking a passage: %q", status)
	}
	if n := browsertest.Eval[string](t, ctx, `document.getElementById('offered-count').textContent`); n != fmt.Sprint(offered-1) {
		t.Errorf("the summary counts %s passages offered, want %d", n, offered-1)
	}
	if !browsertest.Eval[bool](t, ctx, `document.activeElement.matches('ol.steps > li.offered-step input[type="date"]')`) {
		t.Errorf("the focus is not on the added passage's due date")
	}
	// Moved up, then removed: back among the passages offered, first as before, not ticked.
	do(t, ctx, chromedp.Click(`ol.steps > li.offered-step button[data-move="up"]`))
	if got := browsertest.Eval[string](t, ctx, `(`+offeredAction+`)('ol.steps > li:nth-last-child(2)')`); got != first {
		t.Errorf("the passage added, moved up: %q is second to last", got)
	}
	do(t, ctx, chromedp.Click(`ol.steps > li.offered-step button[data-remove]`))
	if n := len(stepActions(t, ctx)); n != steps {
		t.Errorf("%d steps after removing the passage added, want %d", n, steps)
	}
	if got := browsertest.Eval[string](t, ctx, `(`+offeredAction+`)('#offered-list > li:first-child')`); got != first ||
		browsertest.Eval[bool](t, ctx, `document.querySelector('#offered-list > li:first-child .offer-take input').checked`) {
		t.Errorf("the passage removed is not back first among those offered, unticked: %q", got)
	}
	if status := text(t, ctx, "#finish-status"); !strings.Contains(status, "remis parmi les autres passages") {
		t.Errorf("status line after removing the passage: %q", status)
	}
	// Ticked again, with a due date, and saved.
	do(t, ctx, chromedp.Click(`#offered-list > li:first-child .offer-take input`),
		chromedp.WaitVisible(`ol.steps > li.offered-step input[type="date"]`),
		chromedp.SetValue(`ol.steps > li.offered-step input[type="date"]`, "2026-12-18"))
	browsertest.Screenshot(t, ctx, "plan-offered-added-fr")
	do(t, ctx, chromedp.Click(`#save-plan`), chromedp.WaitVisible(`#export-text`))
	saved := stepActions(t, ctx)
	if len(saved) != steps+1 || saved[len(saved)-1] != first {
		t.Fatalf("saved plan's steps: %q, want the %d made then %q", saved, steps, first)
	}
	if main := text(t, ctx, "main"); !strings.Contains(main, "18/12/2026") {
		t.Errorf("the saved plan does not show the passage's due date")
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll('ol.steps > li:last-child blockquote').length`); n != 1 {
		t.Errorf("the passage saved has %d citations, want 1", n)
	}

	// In English.
	do(t, ctx, newPlanInEnglish(f.srv.URL, situation,
		chromedp.Click(`#offered > summary`),
		chromedp.WaitVisible(`#offered-list > li:first-child .offer-take input`))...)
	if main := text(t, ctx, "#offered"); !strings.Contains(main, "More passages from your guides") || !strings.Contains(main, "Add to the plan") {
		t.Errorf("English passages offered: %q", main)
	}
	checkAxe(t, ctx, "plan with passages offered, English")
	browsertest.Screenshot(t, ctx, "plan-offered-en")
	do(t, ctx, chromedp.Click(`//button[@lang="fr"]`), chromedp.WaitVisible(`//h1[contains(., "Nouveau plan")]`))
}
