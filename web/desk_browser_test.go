package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/socle-project/socle/web/browsertest"
)

// deskNotes is a case file as pasted in the digest page (no identifier here: the privacy of the
// flow is TestDigestToPlanKeepsNoIdentifier's).
const deskNotes = `2026-09-14 : Premier entretien avec Mme Sophie Garnier, 41 ans, locataire à Grenoble. Elle vit seule avec son fils de 9 ans. Sans emploi depuis juin, elle perçoit le RSA.
03/10/2026 – Mme Garnier signale trois mois d'impayés de loyer. Le bailleur a fait délivrer un commandement de payer.
2026-11-02 : La procédure d'expulsion est engagée ; audience prévue en janvier.`

// media emulates a CSS media type ("print"), or stops ("").
func media(m string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return err
	})
}

// zoom shows the page as a browser zoomed to factor on a 1280×900 screen: the layout gets
// 1280/factor CSS pixels of width, drawn with factor device pixels each (0 stops).
func zoom(factor float64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if factor == 0 {
			_, err := cdp.Call(ctx, t, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(1280 / factor), Height: int64(900 / factor), DeviceScaleFactor: factor})
		return err
	})
}

// checkAxe fails the test on any serious or critical violation axe-core finds in the page.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	for _, v := range browsertest.Axe(t, ctx) {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, strings.Join(n.Target, " ")+" "+n.HTML)
		}
		t.Errorf("%s: axe %s (%s): %s\n  %s", page, v.ID, v.Impact, v.Help, strings.Join(where, "\n  "))
	}
}

// stepActions lists the actions of the steps shown, in order.
func stepActions(t *testing.T, ctx context.Context) []string {
	return browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll('ol.steps > li')).map(li => (li.querySelector('p.action') || li.querySelector('textarea')).textContent.trim() || li.querySelector('textarea').value)`)
}

// TestBrowserCaseworkerDesk goes through a caseworker's desk: a case file pasted, its digest,
// the plan made from it in one click, finished (a step removed, one moved up, one of their own
// added, a due date and who does a step), saved, reopened with its edits, exported as text,
// Markdown and a printable page. axe-core finds no serious or critical violation on the digest,
// plan, saved plan, printable and section pages.
func TestBrowserCaseworkerDesk(t *testing.T) {
	f := newFixture(t)
	addGuide(t, f, "guide-logement", housingGuide)
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/login"),
		chromedp.WaitVisible(`input[name="email"]`),
		chromedp.SendKeys(`input[name="email"]`, "alpha@example.org"),
		chromedp.SendKeys(`input[name="password"]`, password),
		chromedp.Click(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(`ul.cards`),
		chromedp.Navigate(f.srv.URL+"/digest"),
		chromedp.WaitVisible(`#notes`),
	)
	// The check can fail: an image without text is a critical violation.
	browsertest.Eval[bool](t, ctx, `document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/static/none.png">'), true`)
	if vs := browsertest.Axe(t, ctx); len(vs) == 0 || vs[0].ID != "image-alt" {
		t.Fatalf("axe on a page with an image without text: %+v, want image-alt", vs)
	}
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(`#notes`))
	checkAxe(t, ctx, "digest form")
	browsertest.Screenshot(t, ctx, "caseworker-digest-form-fr")
	do(t, ctx,
		chromedp.SetValue(`#notes`, deskNotes),
		chromedp.Click(`#digest-form button[type="submit"]`),
		chromedp.WaitVisible(`section.case-digest`),
	)
	main := text(t, ctx, "main")
	if !strings.Contains(main, "Logement") || !strings.Contains(main, "[PERSONNE_1]") || strings.Contains(main, "Garnier") || !strings.Contains(main, "note 3") {
		t.Fatalf("digest page: %q", main)
	}
	checkAxe(t, ctx, "digest")
	browsertest.Screenshot(t, ctx, "caseworker-digest-fr")

	// One click: the plan from the digest, to finish.
	do(t, ctx, chromedp.Click(`#digest-plan button[type="submit"]`), chromedp.WaitVisible(`#finish`))
	checkAxe(t, ctx, "plan to finish")
	made := stepActions(t, ctx)
	if len(made) < 3 {
		t.Fatalf("the plan from the digest has %d steps, want 3 or more to finish: %q", len(made), made)
	}
	// Remove the last step, move the second up, add one's own, set a due date and who.
	do(t, ctx,
		chromedp.Click(`ol.steps > li:last-child button[data-remove]`),
		chromedp.Click(`ol.steps > li:nth-child(2) button[data-move="up"]`),
		chromedp.Click(`#add-own`),
		chromedp.WaitVisible(`ol.steps > li.own textarea`),
		chromedp.SendKeys(`ol.steps > li.own textarea`, "Accompagner Mme à l'audience de janvier"),
		chromedp.SetValue(`ol.steps > li.own select`, "caseworker"),
		chromedp.SetValue(`ol.steps > li:first-child input[type="date"]`, "2026-12-15"),
		chromedp.SetValue(`ol.steps > li:first-child select`, "partner"),
		chromedp.SendKeys(`ol.steps > li:first-child input.partner`, "ADIL de l'Isère"),
	)
	if status := text(t, ctx, "#finish-status"); !strings.Contains(status, "ajoutée") {
		t.Errorf("status line after adding a step: %q", status)
	}
	want := append([]string{made[1], made[0]}, made[2:len(made)-1]...)
	want = append(want, "Accompagner Mme à l'audience de janvier")
	checkAxe(t, ctx, "plan being finished")
	browsertest.Screenshot(t, ctx, "caseworker-plan-finish-fr")
	do(t, ctx, chromedp.Click(`#save-plan`), chromedp.WaitVisible(`#export-text`))

	// Reopened: exactly the edits.
	saved := stepActions(t, ctx)
	if fmt.Sprint(saved) != fmt.Sprint(want) {
		t.Fatalf("saved plan's steps:\n%q\nwant\n%q", saved, want)
	}
	main = text(t, ctx, "main")
	for _, w := range []string{"Un partenaire (ADIL de l'Isère)", "15/12/2026", "Le travailleur social", "Étape ajoutée par vous"} {
		if !strings.Contains(main, w) {
			t.Errorf("the saved plan does not show %q", w)
		}
	}
	planURL := browsertest.Location(t, ctx)
	checkAxe(t, ctx, "saved plan")
	browsertest.Screenshot(t, ctx, "caseworker-plan-saved-fr")

	// Exports, downloaded as the links do.
	for _, sel := range []string{"#export-text", "#export-markdown"} {
		got := browsertest.Eval[map[string]string](t, ctx, `(async () => {
			const r = await fetch(document.querySelector('`+sel+`').href);
			return {disposition: r.headers.get('Content-Disposition') || '', body: await r.text()};
		})()`)
		if !strings.HasPrefix(got["disposition"], "attachment") || !strings.Contains(got["body"], "Accompagner Mme") || !strings.Contains(got["body"], "15/12/2026") {
			t.Errorf("%s export: %q", sel, got)
		}
	}
	do(t, ctx, chromedp.Click(`#export-print`), chromedp.WaitVisible(`article.print-plan`))
	if browsertest.Eval[bool](t, ctx, `!!document.querySelector('nav')`) {
		t.Errorf("the printable plan has the navigation")
	}
	checkAxe(t, ctx, "printable plan")
	do(t, ctx, media("print"))
	browsertest.Screenshot(t, ctx, "caseworker-plan-print-fr")
	do(t, ctx, media(""))

	// In English, the saved plan says the same.
	do(t, ctx, chromedp.Navigate(planURL), chromedp.WaitVisible(`#export-text`),
		chromedp.Click(`//button[@lang="en"]`), chromedp.WaitVisible(`//a[contains(., "Export (text to paste)")]`))
	if main := text(t, ctx, "main"); !strings.Contains(main, "A partner (ADIL de l'Isère)") || !strings.Contains(main, "Step added by you") {
		t.Errorf("English saved plan: %q", main)
	}
	// The planner's reasons are stored in French; the English page says them in English.
	if main := text(t, ctx, "main"); strings.Contains(main, "aucun passage") || !strings.Contains(main, "no passage of your guides deals with this need") {
		t.Errorf("English saved plan, needs not covered: %q", main)
	}
	browsertest.Screenshot(t, ctx, "caseworker-plan-saved-en")
	// Wait for the French page itself: #export-text is on the English one too, and a navigation
	// started while the switch is under way could wait forever for a load that never comes.
	do(t, ctx, chromedp.Click(`//button[@lang="fr"]`), chromedp.WaitVisible(`//a[contains(., "Exporter (texte à coller)")]`))

	// The section a citation opens.
	do(t, ctx, chromedp.Navigate(planURL), chromedp.WaitVisible(`ol.steps blockquote footer a`))
	href := browsertest.Eval[string](t, ctx, `document.querySelector('ol.steps blockquote footer a').href`)
	do(t, ctx, chromedp.Navigate(href), chromedp.WaitVisible(`main`))
	checkAxe(t, ctx, "section")
}

// tabTo presses Tab until the focused element matches sel (at most max times), as a
// keyboard user goes through a page.
func tabTo(t *testing.T, ctx context.Context, sel string, max int) {
	t.Helper()
	for range max {
		if browsertest.Eval[bool](t, ctx, `!!document.activeElement && document.activeElement.matches('`+sel+`')`) {
			return
		}
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("%s not reached with %d presses of Tab (focus on %s)", sel, max,
		browsertest.Eval[string](t, ctx, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing'`))
}

// TestBrowserKeyboardOnly makes a plan, finishes it and saves it with the keyboard alone: Tab
// to move, keys to type, Enter and Space to press buttons. The focus stays on a step's button
// after it moves the step, and is visible. Then the plan and digest pages at 200% zoom: no
// horizontal scrolling, screenshots to look at.
func TestBrowserKeyboardOnly(t *testing.T) {
	f := newFixture(t)
	addGuide(t, f, "guide-logement", housingGuide)
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/login"),
		chromedp.WaitVisible(`input[name="email"]`),
		chromedp.SendKeys(`input[name="email"]`, "alpha@example.org"),
		chromedp.SendKeys(`input[name="password"]`, password),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`ul.cards`),
		chromedp.Navigate(f.srv.URL+"/plan"),
		chromedp.WaitVisible(`textarea[name="situation"]`),
	)
	checkAxe(t, ctx, "new plan")
	tabTo(t, ctx, `textarea[name="situation"]`, 30)
	do(t, ctx, chromedp.KeyEvent("Trois mois d'impayés de loyer, commandement de payer, procédure d'expulsion engagée."))
	tabTo(t, ctx, `form.wide button[type="submit"]`, 10)
	do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`#finish`))
	made := stepActions(t, ctx)
	if len(made) < 2 {
		t.Fatalf("plan made with %d steps: %q", len(made), made)
	}
	// Move the second step up with Space: the focus stays on its button.
	tabTo(t, ctx, `ol.steps > li:nth-child(2) button[data-move="up"]`, 60)
	do(t, ctx, chromedp.KeyEvent(" "))
	if got := stepActions(t, ctx); got[0] != made[1] {
		t.Fatalf("after Space on Monter: %q", got)
	}
	if !browsertest.Eval[bool](t, ctx, `document.activeElement.matches('ol.steps > li:nth-child(1) button[data-move="up"]')`) {
		t.Errorf("the focus did not follow the step moved up")
	}
	if outline := browsertest.Eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`); outline == "none" {
		t.Errorf("the focused button shows no outline")
	}
	// Set the due date of the step now first by typing, then add a step of one's own with Enter.
	do(t, ctx, chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Tab)) // down, remove, next step's date
	tabTo(t, ctx, `#add-own`, 60)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	if !browsertest.Eval[bool](t, ctx, `document.activeElement.matches('li.own textarea')`) {
		t.Fatalf("the new step's text does not have the focus")
	}
	do(t, ctx, chromedp.KeyEvent("Appeler la personne la veille du rendez-vous"))
	tabTo(t, ctx, `li.own select`, 10)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)) // "Le travailleur social"
	tabTo(t, ctx, `#save-plan`, 40)
	do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`#export-text`))
	saved := stepActions(t, ctx)
	if len(saved) != len(made)+1 || saved[0] != made[1] || saved[1] != made[0] || saved[len(saved)-1] != "Appeler la personne la veille du rendez-vous" {
		t.Fatalf("saved with the keyboard: %q (made %q)", saved, made)
	}
	if main := text(t, ctx, "main"); !strings.Contains(main, "Le travailleur social") {
		t.Errorf("who chosen with the arrows not saved: %q", main)
	}

	// 200% zoom: the saved plan and the digest page stay within the width, nothing cut.
	planURL := browsertest.Location(t, ctx)
	do(t, ctx, zoom(2), chromedp.Navigate(planURL), chromedp.WaitVisible(`main`))
	browsertest.Screenshot(t, ctx, "caseworker-plan-zoom200-fr")
	wide := `document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`
	if browsertest.Eval[bool](t, ctx, wide) {
		t.Errorf("the saved plan scrolls sideways at 200%%: %d > %d", browsertest.Eval[int](t, ctx, `document.documentElement.scrollWidth`), browsertest.Eval[int](t, ctx, `document.documentElement.clientWidth`))
	}
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/digest"), chromedp.WaitVisible(`#notes`),
		chromedp.SetValue(`#notes`, deskNotes), chromedp.Click(`#digest-form button[type="submit"]`), chromedp.WaitVisible(`section.case-digest`))
	browsertest.Screenshot(t, ctx, "caseworker-digest-zoom200-fr")
	if browsertest.Eval[bool](t, ctx, wide) {
		t.Errorf("the digest page scrolls sideways at 200%%")
	}
	do(t, ctx, chromedp.Click(`#digest-plan button[type="submit"]`), chromedp.WaitVisible(`#finish`))
	browsertest.Screenshot(t, ctx, "caseworker-plan-finish-zoom200-fr")
	if browsertest.Eval[bool](t, ctx, wide) {
		t.Errorf("the plan being finished scrolls sideways at 200%%")
	}
	do(t, ctx, zoom(0))
}
