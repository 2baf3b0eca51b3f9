package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/socle-project/socle/web/browsertest"
)

// TestBrowserLearnedPassages shows a plan after two colleagues took its first step out and added
// the first passage offered: the passage is among the steps and the step among the passages
// offered, each saying why, in French and English; axe-core finds no serious or critical
// violation.
func TestBrowserLearnedPassages(t *testing.T) {
	f, rec := newLearningFixture(t)
	situation := "Trois mois d'impayés de loyer, le bailleur a fait délivrer un commandement de payer, procédure d'expulsion engagée."
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	removed, added := teach(t, f, c, rec, situation)
	ctx := browser(t)
	signInBrowser(t, ctx, f.srv.URL, "alpha@example.org")
	do(t, ctx, newPlanInBrowser(f.srv.URL, situation, chromedp.Click(`#offered > summary`), chromedp.WaitVisible(`#offered-list .learned`))...)
	step := text(t, ctx, "ol.steps > li:has(p.learned)")
	if !strings.Contains(step, added) || !strings.Contains(step, "Vos collègues ajoutent souvent ce passage") {
		t.Errorf("the step colleagues added: %q", step)
	}
	offered := text(t, ctx, "#offered-list > li:has(p.learned)")
	if !strings.Contains(offered, removed) || !strings.Contains(offered, "Vos collègues retirent souvent ce passage") {
		t.Errorf("the passage colleagues removed: %q", offered)
	}
	checkAxe(t, ctx, "plan with what colleagues kept")
	browsertest.Screenshot(t, ctx, "plan-learned-fr")

	do(t, ctx, newPlanInEnglish(f.srv.URL, situation, chromedp.Click(`#offered > summary`), chromedp.WaitVisible(`#offered-list .learned`))...)
	if s := text(t, ctx, "main"); !strings.Contains(s, "Your colleagues often add this passage") || !strings.Contains(s, "Your colleagues often take this passage out") {
		t.Errorf("English plan does not say what colleagues did")
	}
	checkAxe(t, ctx, "plan with what colleagues kept, English")
	browsertest.Screenshot(t, ctx, "plan-learned-en")
	do(t, ctx, chromedp.Click(`//button[@lang="fr"]`), chromedp.WaitVisible(`//h1[contains(., "Nouveau plan")]`))
}
