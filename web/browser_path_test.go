package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/socle-project/socle/web/browsertest"
)

// TestBrowserTrainerWorkflow is the trainers' and newcomers' work in the browser: a path built
// from a suggestion, with a check question, published and assigned; the caseworker reads two
// steps and answers (wrong, then right); the dashboard shows it; a lead publishes a change to
// one of the sections; the caseworker sees the step to re-read and the trainer sees it updated.
func TestBrowserTrainerWorkflow(t *testing.T) {
	s, vectors := storeModes[0].open(t)
	tm := newTeam(t, s, vectors)
	ids := tm.publishGuide(t)
	ctx := browsertest.Start(t)
	shots := browsertest.NewShots(t)
	base := tm.srv.URL
	type css = chromedp.CSS

	// The trainer starts from the guide's structure and adds a question to the first step.
	signInBrowser(t, ctx, base, tm.emails["trainer"])
	do(t, ctx,
		chromedp.Click(`//header//a[@href="/paths"]`),
		chromedp.WaitVisible(css(`section.start`)),
		chromedp.Click(`//form[.//input[@value="guide"]]//button`),
		chromedp.WaitVisible(css(`form.builder`)),
		chromedp.Click(css(`ol.path-steps li:first-child details summary`)),
		chromedp.SendKeys(css(`input[name="q_prompt_0"]`), "Quand contacter le bailleur ?"),
		chromedp.SendKeys(css(`textarea[name="q_choices_0"]`), "*Dès le premier impayé\nAprès trois mois d'impayés"),
		chromedp.SendKeys(css(`input[name="q_explain_0"]`), "Dès le premier impayé : le guide le dit."),
		chromedp.SendKeys(css(`textarea[name="note_0"]`), "La situation la plus fréquente."),
	)
	shots.Take(ctx, "path-builder-fr")
	do(t, ctx,
		chromedp.Click(`//button[@value="save" and not(@aria-hidden)]`),
		// The builder lists the steps too, so the saved path's page is told by its publish
		// form, once the builder has gone: clicking on while the form is still submitting
		// raced the navigation.
		chromedp.WaitNotPresent(css(`form.builder`)),
		chromedp.WaitVisible(css(`form[action$="/publish"] button`)),
		chromedp.Click(`//button[normalize-space()="Publier"]`),
		chromedp.WaitVisible(`//span[contains(@class, "badge") and contains(., "publié")]`),
		chromedp.Click(css(`details summary`)),
		chromedp.Click(`//label[contains(., "caseworker")]/input`),
		chromedp.Click(`//button[normalize-space()="Attribuer"]`),
		chromedp.WaitVisible(`//p[contains(., "Parcours attribué à 1")]`),
	)
	pathURL := browsertest.Location(t, ctx)
	pathURL = pathURL[:strings.Index(pathURL, "?")]

	// The caseworker reads two steps and answers the question, wrong then right.
	signInBrowser(t, ctx, base, tm.emails["caseworker"])
	do(t, ctx,
		chromedp.Click(`//header//a[@href="/me/paths"]`),
		chromedp.WaitVisible(css(`ul.cards`)),
		chromedp.Click(css(`ul.cards a`)),
		chromedp.WaitVisible(css(`ol.learn-steps`)),
		chromedp.Click(`(//button[contains(., "J'ai lu")])[1]`),
		chromedp.WaitVisible(`//li[1]//p[contains(., "Lu le")]`),
		chromedp.Click(`(//button[contains(., "J'ai lu")])[1]`), // the second step's, now first
		chromedp.WaitVisible(`//li[2]//p[contains(., "Lu le")]`),
		chromedp.Click(`//li[1]//label[contains(., "Après trois mois")]/input`),
		chromedp.Click(`//li[1]//button[normalize-space()="Répondre"]`),
		chromedp.WaitVisible(`//li[1]//p[contains(., "Ce n'est pas tout à fait ça")]`),
		chromedp.Click(`//li[1]//label[contains(., "Après trois mois")]/input`),
		chromedp.Click(`//li[1]//label[contains(., "Dès le premier impayé")]/input`),
		chromedp.Click(`//li[1]//button[normalize-space()="Répondre"]`),
		chromedp.WaitVisible(`//li[1]//p[contains(., "Bonne réponse")]`),
	)
	if got := text(t, ctx, "ol.learn-steps li:first-child"); !strings.Contains(got, "2 réponse(s)") || !strings.Contains(got, "le guide le dit") {
		t.Fatalf("the answered step: %s", got)
	}
	shots.Take(ctx, "learn-path-fr")

	// The trainer's dashboard shows exactly that.
	signInBrowser(t, ctx, base, tm.emails["trainer"])
	do(t, ctx, chromedp.Navigate(pathURL+"/progress"), chromedp.WaitVisible(css(`table.progress`)))
	row := text(t, ctx, "table.progress tbody tr")
	if !strings.Contains(row, "✓ lu") || !strings.Contains(row, "✔ juste (2)") || !strings.Contains(row, "2 / 2") {
		t.Fatalf("dashboard row: %q", row)
	}
	if foot := text(t, ctx, "table.progress tfoot"); !strings.Contains(foot, "1 réponse(s), 100 % juste") {
		t.Fatalf("dashboard by step: %q", foot)
	}
	shots.Take(ctx, "path-progress-fr")

	// A lead publishes a version changing the first step's section.
	code, b := tm.call(t, "lead", "PUT", "/api/v1/guides/accueil/versions/1/sections/"+ids[0],
		`{"text": "Dès le premier impayé, contacter le bailleur sous huit jours pour proposer un plan d'apurement.\n\nSaisir le FSL lorsque le plan ne suffit pas."}`)
	if code != 201 {
		t.Fatalf("section edit: %d %s", code, b)
	}
	tm.call(t, "lead", "POST", "/api/v1/guides/accueil/versions/2/state", `{"state": "review"}`)
	tm.call(t, "lead2", "POST", "/api/v1/guides/accueil/versions/2/state", `{"state": "published"}`)

	do(t, ctx, chromedp.Navigate(pathURL), chromedp.WaitVisible(css(`ol.path-steps`)))
	if first := text(t, ctx, "ol.path-steps li:first-child"); !strings.Contains(first, "doctrine modifiée depuis") || !strings.Contains(first, "v1 → v2") {
		t.Fatalf("the trainer's updated step: %q", first)
	}
	shots.Take(ctx, "path-updated-fr")
	signInBrowser(t, ctx, base, tm.emails["caseworker"])
	do(t, ctx, chromedp.Navigate(base+"/me/paths"), chromedp.WaitVisible(css(`ul.cards`)), chromedp.Click(css(`ul.cards a`)), chromedp.WaitVisible(css(`ol.learn-steps`)))
	first := text(t, ctx, "ol.learn-steps li:first-child")
	if !strings.Contains(first, "à relire") || !strings.Contains(first, "sous huit jours") || !strings.Contains(first, "La doctrine a changé depuis votre lecture") {
		t.Fatalf("the caseworker's step after the change: %q", first)
	}
	if second := text(t, ctx, "ol.learn-steps li:nth-child(2)"); strings.Contains(second, "à relire") {
		t.Fatalf("an unchanged step is to re-read: %q", second)
	}
	shots.Take(ctx, "learn-reread-fr")

	signInBrowser(t, ctx, base, tm.emails["admin"])
	shots.Pages(ctx, base, map[string]string{
		"paths":         "/paths",
		"path":          strings.TrimPrefix(pathURL, base),
		"path-edit":     strings.TrimPrefix(pathURL, base) + "/edit",
		"path-progress": strings.TrimPrefix(pathURL, base) + "/progress",
		"learn":         "/me/paths",
	})
}
