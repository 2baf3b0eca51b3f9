package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/socle-project/socle/web/browsertest"
)

// newPlan makes a plan of a situation through the form and waits for the element wait.
func newPlan(base, situation, wait string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/plan"),
		chromedp.WaitVisible(`textarea[name="situation"]`),
		chromedp.SendKeys(`textarea[name="situation"]`, situation),
		chromedp.Click(`form.wide button[type="submit"]`),
		chromedp.WaitVisible(wait),
	}
}

// TestBrowserPlanNeeds makes a plan, reads the needs it found, strikes one out, adds another,
// makes the plan again, and checks the needs the guides do not cover are listed by name with
// why, in French then in English; searches in the situation mode; and takes a need suggested.
func TestBrowserPlanNeeds(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/login"),
		chromedp.WaitVisible(`input[name="email"]`),
		chromedp.SendKeys(`input[name="email"]`, "alpha@example.org"),
		chromedp.SendKeys(`input[name="password"]`, password),
		chromedp.Click(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(`ul.cards`),
		chromedp.Navigate(f.srv.URL+"/plan"),
		chromedp.WaitVisible(`textarea[name="situation"]`),
	)
	browsertest.Screenshot(t, ctx, "plan-new-fr")
	do(t, ctx,
		chromedp.SendKeys(`textarea[name="situation"]`, "Mme K., 74 ans, son mari est décédé le mois dernier. Elle a reçu un commandement de payer pour trois mois de loyer."),
		chromedp.Click(`form.wide button[type="submit"]`),
		chromedp.WaitVisible(`section.needs`),
	)
	needs := text(t, ctx, "#needs-read")
	if !strings.Contains(needs, "Logement") || !strings.Contains(needs, "Décès d'un proche") {
		t.Fatalf("needs section: %q", needs)
	}
	// Each need read shows the note's words that read it, as written.
	if !strings.Contains(needs, "commandement de payer") || !strings.Contains(needs, "décédé") {
		t.Fatalf("needs read without the words that read them: %q", needs)
	}
	if steps := text(t, ctx, "ol.steps"); !strings.Contains(steps, "contacter le bailleur") {
		t.Fatalf("plan steps: %q", steps)
	}
	// The guide has nothing on bereavement: the need is listed apart, by name, with why.
	if main := text(t, ctx, "main"); !strings.Contains(main, "Besoins sans consigne dans vos guides") || !strings.Contains(main, "aucun passage de vos guides ne traite de ce besoin") {
		t.Fatalf("uncovered need not listed: %q", main)
	}
	browsertest.Screenshot(t, ctx, "plan-needs-fr")
	// Strike bereavement out, add health, make the plan again.
	do(t, ctx,
		chromedp.Click(`section.needs input[type="checkbox"][value="deces"]`),
		chromedp.SetValue(`section.needs select[name="add_need"]`, "sante"),
		chromedp.Click(`section.needs button[type="submit"]`),
		chromedp.WaitVisible(`//div[@id="needs-read"]//label[contains(., "Santé")]`),
	)
	browsertest.Screenshot(t, ctx, "plan-redo-fr")
	needs = text(t, ctx, "#needs-read")
	if strings.Contains(needs, "Décès d'un proche") || !strings.Contains(needs, "Santé (ajouté par vous)") || strings.Contains(needs, "Logement (ajouté") {
		t.Fatalf("needs after striking one out and adding one: %q", needs)
	}
	do(t, ctx,
		chromedp.Click(`//button[@lang="en"]`),
		chromedp.WaitVisible(`//h1[contains(., "New action plan")]`),
		chromedp.SendKeys(`textarea[name="situation"]`, "Monsieur ne trouve plus rien à manger et sa retraite est très faible."),
		chromedp.Click(`form.wide button[type="submit"]`),
		chromedp.WaitVisible(`//h2[contains(., "Needs identified")]`),
	)
	if main := text(t, ctx, "main"); !strings.Contains(main, "Needs identified") || !strings.Contains(main, "Needs your guides give no instruction for") || !strings.Contains(main, "No step:") {
		t.Fatalf("English plan page: %q", main)
	}
	browsertest.Screenshot(t, ctx, "plan-needs-en")
	// A need the guides speak of without an instruction: the sections to read are linked, and
	// only those that name it (the rent arrears' section, found by the search, does not).
	addGuide(t, f, "guide-budget", budgetGuideMD)
	debts := "M. T., 45 ans, licencié, cherche une formation, dettes de crédit, n'arrive plus à payer son électricité."
	do(t, ctx, newPlan(f.srv.URL, debts, `a.read-section`)...)
	if main := text(t, ctx, "main"); !strings.Contains(main, "read:") || !strings.Contains(main, "Surendettement") || strings.Contains(main, "read: Guide de test") {
		t.Fatalf("English plan page, need to read about: %q", main)
	}
	browsertest.Screenshot(t, ctx, "plan-read-en")
	do(t, ctx,
		chromedp.Click(`//button[@lang="fr"]`),
		chromedp.WaitVisible(`//h1[contains(., "Nouveau plan")]`),
		chromedp.SendKeys(`textarea[name="situation"]`, debts),
		chromedp.Click(`form.wide button[type="submit"]`),
		chromedp.WaitVisible(`a.read-section`),
	)
	if main := text(t, ctx, "main"); !strings.Contains(main, "à lire :") {
		t.Fatalf("French plan page, need to read about: %q", main)
	}
	browsertest.Screenshot(t, ctx, "plan-read-fr")
	checkAxe(t, ctx, "plan with sections to read")
	do(t, ctx, chromedp.Click(`//button[@lang="en"]`), chromedp.WaitVisible(`//h1[contains(., "New action plan")]`))
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/search?mode=situation&q="+strings.ReplaceAll("Trois mois de loyer impayés, le bailleur menace d'expulsion", " ", "+")),
		chromedp.WaitVisible(`ol.hits`),
	)
	if main := text(t, ctx, "main"); !strings.Contains(main, "Needs identified:") || !strings.Contains(main, "Housing (") || !strings.Contains(main, "impayés") {
		t.Fatalf("situation search page: %q", main)
	}
	browsertest.Screenshot(t, ctx, "search-situation-en")
	do(t, ctx, chromedp.Click(`//button[@lang="fr"]`), chromedp.WaitVisible(`//p[contains(., "Besoins repérés")]`))
	browsertest.Screenshot(t, ctx, "search-situation-fr")

	// A note in which the lexicon reads nothing: the needs model suggests the need for help at
	// home, with the words that suggest it; ticked, it is planned as the caseworker's own.
	elderly := "Mme 85 ans, au 3e sans ascenseur, sa voisine lui monte ses courses, son fils habite à Nantes."
	do(t, ctx, newPlan(f.srv.URL, elderly, `#needs-suggested`)...)
	if sug := text(t, ctx, "#needs-suggested"); !strings.Contains(sug, "Besoins possibles") || !strings.Contains(sug, "autonomie") || !strings.Contains(sug, "courses") {
		t.Fatalf("suggested needs: %q", sug)
	}
	browsertest.Screenshot(t, ctx, "plan-suggested-fr")
	checkAxe(t, ctx, "plan with needs suggested")
	do(t, ctx,
		chromedp.Click(`#needs-suggested input[type="checkbox"][value="autonomie"]`),
		chromedp.Click(`section.needs button[type="submit"]`),
		chromedp.WaitVisible(`//div[@id="needs-read"]//label[contains(., "ajouté par vous")]`),
	)
	if needs := text(t, ctx, "#needs-read"); !strings.Contains(needs, "autonomie") {
		t.Fatalf("needs after ticking the suggestion: %q", needs)
	}
	if sug := text(t, ctx, "main"); strings.Contains(sug, "Besoins possibles") {
		t.Fatalf("the need taken is still suggested: %q", sug)
	}
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/plan"),
		chromedp.Click(`//button[@lang="en"]`),
		chromedp.WaitVisible(`//h1[contains(., "New action plan")]`),
		chromedp.SendKeys(`textarea[name="situation"]`, elderly),
		chromedp.Click(`form.wide button[type="submit"]`),
		chromedp.WaitVisible(`#needs-suggested`),
	)
	if sug := text(t, ctx, "#needs-suggested"); !strings.Contains(sug, "Possible needs") || !strings.Contains(sug, "Similar situations") {
		t.Fatalf("suggested needs, in English: %q", sug)
	}
	browsertest.Screenshot(t, ctx, "plan-suggested-en")
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/search?mode=situation&q="+url.QueryEscape(elderly)),
		chromedp.WaitVisible(`#search-suggested`),
	)
	if sug := text(t, ctx, "#search-suggested"); !strings.Contains(sug, "Possible needs, not searched for:") || !strings.Contains(sug, "Loss of autonomy and isolation (") || !strings.Contains(sug, "courses") {
		t.Fatalf("situation search, needs suggested: %q", sug)
	}
	browsertest.Screenshot(t, ctx, "search-suggested-en")
	do(t, ctx, chromedp.Click(`//button[@lang="fr"]`), chromedp.WaitVisible(`//p[contains(., "Besoins possibles, non cherchés")]`))
	browsertest.Screenshot(t, ctx, "search-suggested-fr")
	// A need read and planned that the needs model puts low is tagged to check first.
	separated := "Mme Céline Y., 39 ans, arrivée d'Épinal en août avec ses deux enfants (8 et 13 ans) après sa séparation ; loyer impayé depuis deux mois."
	do(t, ctx, newPlan(f.srv.URL, separated, `#needs-read`)...)
	if needs := text(t, ctx, "#needs-read"); !regexp.MustCompile(`Couple, séparation et enfants \([^)]*\) à vérifier`).MatchString(needs) || strings.Contains(needs, "Logement (commandement de payer, mois de loyer) à vérifier") || strings.Count(needs, "à vérifier") != 1 {
		t.Fatalf("a need to check: %q", needs)
	}
	browsertest.Screenshot(t, ctx, "plan-unsure-fr")
	checkAxe(t, ctx, "plan with a need to check")
	// A need the needs model alone read, sure of it, is planned and tagged as the model's.
	alone := "Mme 86 ans, vit seule au 2e sans ascenseur, sa voisine lui fait ses courses et son ménage, son fils habite loin."
	do(t, ctx, newPlan(f.srv.URL, alone, `#needs-read`)...)
	if needs := text(t, ctx, "#needs-read"); !regexp.MustCompile(`Perte d'autonomie et isolement \([^)]*courses[^)]*\) lu par le modèle`).MatchString(needs) {
		t.Fatalf("a need read by the model: %q", needs)
	}
	browsertest.Screenshot(t, ctx, "plan-sure-fr")
	checkAxe(t, ctx, "plan with a need read by the model")
	// A need read in the note's context, doubted: offered, tagged as likely context.
	do(t, ctx, newPlan(f.srv.URL, partnerLostJob, `#needs-suggested`)...)
	if sug := text(t, ctx, "#needs-suggested"); !strings.Contains(sug, "Emploi et formation") || !strings.Contains(sug, "sans doute du contexte") {
		t.Fatalf("a need doubted: %q", sug)
	}
	if needs := text(t, ctx, "#needs-read"); strings.Contains(needs, "Emploi") {
		t.Fatalf("a need doubted is among the needs read: %q", needs)
	}
	browsertest.Screenshot(t, ctx, "plan-doubted-fr")
	checkAxe(t, ctx, "plan with a need doubted")
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/search?mode=situation&q="+url.QueryEscape(partnerLostJob)),
		chromedp.WaitVisible(`#search-suggested`),
	)
	if sug := text(t, ctx, "#search-suggested"); !strings.Contains(sug, "Emploi et formation (perdu son travail), évoqué, sans doute du contexte") {
		t.Fatalf("situation search, a need doubted: %q", sug)
	}
	// Wait for the page in English: the old page's list is visible until the switch lands.
	toEnglish(t, ctx, `#search-suggested`)
	do(t, ctx, newPlan(f.srv.URL, partnerLostJob, `#needs-suggested`)...)
	if sug := text(t, ctx, "#needs-suggested"); !strings.Contains(sug, "Work and training") || !strings.Contains(sug, "mentioned, likely context") {
		t.Fatalf("a need doubted, in English: %q", sug)
	}
	browsertest.Screenshot(t, ctx, "plan-doubted-en")
	do(t, ctx, newPlan(f.srv.URL, separated, `#needs-read`)...)
	if needs := text(t, ctx, "#needs-read"); !regexp.MustCompile(`Couple, separation and children \([^)]*\) to check`).MatchString(needs) || strings.Count(needs, "to check") != 1 {
		t.Fatalf("a need to check, in English: %q", needs)
	}
	browsertest.Screenshot(t, ctx, "plan-unsure-en")
	do(t, ctx, newPlan(f.srv.URL, alone, `#needs-read`)...)
	if needs := text(t, ctx, "#needs-read"); !regexp.MustCompile(`Loss of autonomy and isolation \([^)]*courses[^)]*\) read by the model`).MatchString(needs) {
		t.Fatalf("a need read by the model, in English: %q", needs)
	}
	browsertest.Screenshot(t, ctx, "plan-sure-en")
}

// TestBrowserUrgentNeedUncovered: an urgent need the guides give no instruction for (the
// fixture's guide speaks of rent arrears only) is announced before the plan, with the
// organization's emergency procedure to follow, in French and in English, on the plan just
// made, on the plan saved and on its sheet to print; the need is tagged urgent among the needs.
func TestBrowserUrgentNeedUncovered(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	signInBrowser(t, ctx, f.srv.URL, "alpha@example.org")
	note := "Mme L., 29 ans, son compagnon la frappe quand il a bu. Elle a reçu un commandement de payer pour deux mois de loyer."
	do(t, ctx, newPlan(f.srv.URL, note, `#urgent-uncovered`)...)
	alert := text(t, ctx, "#urgent-uncovered")
	if !strings.Contains(alert, "Besoin urgent sans consigne dans vos guides") || !strings.Contains(alert, "Violences conjugales") || !strings.Contains(alert, "procédure d'urgence") || strings.Contains(alert, "Logement") {
		t.Fatalf("urgent need not announced: %q", alert)
	}
	if needs := strings.ToLower(text(t, ctx, "#needs-read")); !strings.Contains(needs, "violences conjugales ou intrafamiliales urgent") || strings.Contains(needs, "logement urgent") {
		t.Fatalf("the urgent need is not tagged among the needs: %q", needs)
	}
	if steps := text(t, ctx, "ol.steps"); !strings.Contains(steps, "contacter le bailleur") {
		t.Fatalf("the covered need lost its step: %q", steps)
	}
	browsertest.Screenshot(t, ctx, "plan-urgent-fr")
	checkAxe(t, ctx, "plan with an urgent need not covered")
	do(t, ctx, chromedp.Click(`#save-plan`), chromedp.WaitVisible(`#export-text`))
	if alert := text(t, ctx, "#urgent-uncovered"); !strings.Contains(alert, "Violences conjugales") {
		t.Fatalf("saved plan: urgent need not announced: %q", alert)
	}
	do(t, ctx, chromedp.Click(`#export-print`), chromedp.WaitVisible(`#print-now`))
	if alert := text(t, ctx, "#urgent-uncovered"); !strings.Contains(alert, "Violences conjugales") {
		t.Fatalf("sheet to print: urgent need not announced: %q", alert)
	}
	browsertest.Screenshot(t, ctx, "plan-urgent-print-fr")
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/plan"),
		chromedp.Click(`//button[@lang="en"]`),
		chromedp.WaitVisible(`//h1[contains(., "New action plan")]`),
		chromedp.SendKeys(`textarea[name="situation"]`, note),
		chromedp.Click(`form.wide button[type="submit"]`),
		chromedp.WaitVisible(`#urgent-uncovered`),
	)
	if alert := text(t, ctx, "#urgent-uncovered"); !strings.Contains(alert, "Urgent need your guides give no instruction for") || !strings.Contains(alert, "Domestic violence") || !strings.Contains(alert, "emergency procedure") {
		t.Fatalf("English: urgent need not announced: %q", alert)
	}
	browsertest.Screenshot(t, ctx, "plan-urgent-en")
	// A plan whose needs are all covered announces nothing.
	do(t, ctx, newPlan(f.srv.URL, "Mme K. a reçu un commandement de payer pour trois mois de loyer.", `ol.steps`)...)
	if main := text(t, ctx, "main"); strings.Contains(main, "Urgent need") {
		t.Fatalf("a plan with no urgent need announces one: %q", main)
	}
}
