package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/socle-project/socle/web/browsertest"
)

// demoCaseFile is a case file as a caseworker pastes it on the digest page.
const demoCaseFile = `2026-09-14 : Premier entretien avec Mme Nadia Benali, 38 ans, locataire à Valmont. Elle vit seule avec ses deux enfants de 6 et 11 ans. Elle travaille à temps partiel (720 euros par mois).
03/10/2026 – Mme Benali signale deux mois d'impayés de loyer ; le bailleur a envoyé une relance. Elle n'a pas fait sa déclaration de ressources à la CAF.
2026-11-02 : Appel de Mme Benali : sa fille a besoin de lunettes, elle n'a pas de complémentaire santé.`

// TestDemoScreenshots takes the screenshots of the leads', trainers' and insights guides
// (docs/leads.md, docs/trainers.md, docs/insights.md) on the demo organization, as a lead, a
// trainer, an administrator and a caseworker see it. It runs when
// SOCLE_SCREENSHOTS names the directory to write them to: `make screenshots`.
func TestDemoScreenshots(t *testing.T) {
	if os.Getenv("SOCLE_SCREENSHOTS") == "" {
		t.Skip("set SOCLE_SCREENSHOTS to a directory (make screenshots) to take the documentation's screenshots")
	}
	s := start(t, "demo", "--data", t.TempDir())
	base := "http://" + s.addr
	ctx := browsertest.Start(t)
	shots := browsertest.NewShots(t)
	signIn := func(email string) {
		browsertest.Do(t, ctx,
			browsertest.ClearCookies(),
			chromedp.Navigate(base+"/login"),
			chromedp.WaitVisible(`input[name="email"]`),
			chromedp.SendKeys(`input[name="email"]`, email),
			chromedp.SendKeys(`input[name="password"]`, demoPassword),
			chromedp.Click(`form.stack button[type="submit"]`),
			chromedp.WaitVisible(`form[action="/logout"]`),
		)
	}

	// A caseworker saves a plan on the published guide, before the review changes it.
	signIn("travailleur@demo.socle")
	browsertest.Do(t, ctx,
		chromedp.Navigate(base+"/plan"),
		chromedp.SendKeys(`textarea[name="situation"]`, "Madame vit seule avec deux enfants ; deux mois d'impayés de loyer, le bailleur a envoyé une relance."),
		chromedp.Click(`main form button[type="submit"]`),
		chromedp.WaitVisible(`ol.steps`),
		chromedp.Click(`//button[contains(., "Enregistrer le plan")]`),
		chromedp.WaitVisible(`form.feedback`),
	)
	plan := browsertest.Location(t, ctx)
	// The caseworker's desk (docs/caseworkers.md): a situation described, a case file summed up,
	// the plan made from it finished and saved, its printable page.
	browsertest.Do(t, ctx,
		chromedp.Navigate(base+"/plan"),
		chromedp.WaitVisible(`textarea[name="situation"]`),
		chromedp.SendKeys(`textarea[name="situation"]`, "Madame vit seule avec deux enfants ; deux mois d'impayés de loyer, le bailleur a envoyé une relance."),
	)
	shots.Take(ctx, "caseworker-plan-new-fr")
	browsertest.Do(t, ctx, chromedp.Navigate(base+"/digest"), chromedp.WaitVisible(`#notes`), chromedp.SetValue(`#notes`, demoCaseFile))
	shots.Take(ctx, "caseworker-digest-form-fr")
	browsertest.Do(t, ctx, chromedp.Click(`#digest-form button[type="submit"]`), chromedp.WaitVisible(`section.case-digest`))
	shots.Take(ctx, "caseworker-digest-fr")
	browsertest.Do(t, ctx,
		chromedp.Click(`#digest-plan button[type="submit"]`),
		chromedp.WaitVisible(`#finish`),
		chromedp.Click(`ol.steps > li:nth-child(2) button[data-move="up"]`),
		chromedp.Click(`#add-own`),
		chromedp.WaitVisible(`ol.steps > li.own textarea`),
		chromedp.SendKeys(`ol.steps > li.own textarea`, "Faire le point avec Madame après le rendez-vous à la CAF"),
		chromedp.SetValue(`ol.steps > li.own select`, "caseworker"),
		chromedp.SetValue(`ol.steps > li.own input[type="date"]`, "2026-12-18"),
		chromedp.SetValue(`ol.steps > li:first-child select`, "person"),
		chromedp.SetValue(`ol.steps > li:first-child input[type="date"]`, "2026-12-11"),
		// One of the other passages of the guide the plan offers, added.
		chromedp.Click(`#offered > summary`),
		chromedp.WaitVisible(`#offered-list > li:first-child .offer-take input`),
		chromedp.Click(`#offered-list > li:first-child .offer-take input`),
		chromedp.WaitVisible(`ol.steps > li.offered-step`),
	)
	shots.Take(ctx, "caseworker-plan-finish-fr")
	browsertest.Do(t, ctx, chromedp.Click(`#save-plan`), chromedp.WaitVisible(`#export-text`))
	shots.Take(ctx, "caseworker-plan-saved-fr")
	browsertest.Do(t, ctx, chromedp.Click(`#export-print`), chromedp.WaitVisible(`article.print-plan`))
	shots.Take(ctx, "caseworker-plan-print-fr")
	// Searches, one the guides cannot answer, for the insights.
	for _, q := range []string{"impayés de loyer", "FSL", "permis de conduire international"} {
		browsertest.Do(t, ctx, chromedp.Navigate(base+"/search?q="+url.QueryEscape(q)), chromedp.WaitVisible(chromedp.CSS("main")))
	}
	// The caseworker follows the onboarding path the demo assigns.
	browsertest.Do(t, ctx, chromedp.Navigate(base+"/me/paths"), chromedp.WaitVisible(chromedp.CSS(`main a[href^="/me/paths/"]`)))
	pathHref := browsertest.Eval[string](t, ctx, `document.querySelector('main a[href^="/me/paths/"]').getAttribute("href")`)
	browsertest.Do(t, ctx,
		chromedp.Navigate(base+pathHref),
		chromedp.Click(chromedp.CSS(`main form[action$="/read"] button`)),
		chromedp.WaitVisible(`//li[1]//p[starts-with(normalize-space(), "Lu le")]`),
	)
	browsertest.Do(t, ctx,
		chromedp.Click(chromedp.CSS(`form.question input[type="checkbox"]`)),
		chromedp.Click(chromedp.CSS(`form.question button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`li.learn-step.done`)),
	)
	pathID := strings.TrimPrefix(pathHref, "/me/paths/")
	shots.Pages(ctx, base, map[string]string{"trainers-learn": "/me/paths", "trainers-learn-path": pathHref})

	// The lead's pages, with the review under way.
	signIn("referente@demo.socle")
	fixture, _ := filepath.Abs(filepath.Join("..", "..", "ingest", "pdf", "testdata", "outline.pdf"))
	browsertest.Do(t, ctx,
		chromedp.Navigate(base+"/guides/upload"),
		chromedp.SetUploadFiles(`input[name="file"]`, []string{fixture}, chromedp.NodeVisible),
		chromedp.SendKeys(`input[name="slug"]`, "diagnostic"),
		chromedp.SendKeys(`input[name="note"]`, "Fiche diagnostic du service"),
		chromedp.Click(`main form button[type="submit"]`),
		chromedp.WaitVisible(`nav.toc`),
	)
	job := browsertest.Location(t, ctx)[len(base):]
	shots.Pages(ctx, base, map[string]string{"insights": "/insights", "insights-about": "/insights/about"})
	shots.Pages(ctx, base, map[string]string{
		"leads-workspace": "/guides",
		"leads-review":    "/guides/accompagnement/v/2/review",
		"leads-diff":      "/guides/accompagnement/diff?from=1&to=2",
		"leads-editor":    "/guides/accompagnement/edit?v=2",
		"leads-upload":    "/guides/upload",
		"leads-job":       job,
		"leads-glossary":  "/glossary",
		"leads-catalog":   "/guides/services-valmont",
	})

	// The trainer's pages.
	signIn("formatrice@demo.socle")
	shots.Pages(ctx, base, map[string]string{
		"trainers-paths":    "/paths",
		"trainers-path":     "/paths/" + pathID,
		"trainers-builder":  "/paths/" + pathID + "/edit",
		"trainers-new":      "/paths/new?from=guide&guide=accompagnement",
		"trainers-progress": "/paths/" + pathID + "/progress",
	})

	// The administrator publishes the lead's version; the caseworker's plan tells of it.
	signIn("direction@demo.socle")
	browsertest.Do(t, ctx,
		browsertest.SetCookie(base, "socle_lang", "fr"),
		chromedp.Navigate(base+"/guides/accompagnement/v/2/review"),
		chromedp.Click(`//button[normalize-space()="Publier"]`),
		chromedp.WaitVisible(`//p[contains(., "Version publiée")]`),
	)
	signIn("travailleur@demo.socle")
	shots.Pages(ctx, base, map[string]string{"leads-plan-notice": plan[len(base):]})
}
