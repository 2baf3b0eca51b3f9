package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/socle-project/socle/web/browsertest"
)

// browser, do and text are the shared browser helpers under the names these tests use.
func browser(t *testing.T) context.Context { return browsertest.Start(t) }

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	browsertest.Do(t, ctx, steps...)
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return browsertest.Text(t, ctx, sel)
}

// TestBrowserReadGuide signs in with the form, opens a guide from the home page, follows a
// section of the contents, and switches the interface to English.
func TestBrowserReadGuide(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/"),
		chromedp.WaitVisible(`input[name="email"]`),
		chromedp.SendKeys(`input[name="email"]`, "alpha@example.org"),
		chromedp.SendKeys(`input[name="password"]`, password),
		chromedp.Click(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(`ul.cards`),
	)
	if home := text(t, ctx, "main"); !strings.Contains(home, "Guide de test") || !strings.Contains(home, "Org alpha") || !strings.Contains(home, "Guides méthodologiques") {
		t.Fatalf("home page text: %q", home)
	}
	do(t, ctx,
		chromedp.Click(`ul.cards a`),
		chromedp.WaitVisible(`nav.toc`),
		chromedp.Click(`//nav[contains(@class,"toc")]//a[contains(., "Impayés de loyer")]`),
		chromedp.WaitVisible(`article.section-text`),
	)
	if section := text(t, ctx, "main"); !strings.Contains(section, "contacter le bailleur") || !strings.Contains(section, "Logement") {
		t.Fatalf("section page text: %q", section)
	}
	do(t, ctx,
		chromedp.Click(`//button[@lang="en"]`),
		chromedp.WaitVisible(`//a[contains(., "Back to the contents")]`),
		chromedp.Click(`//header//a[contains(., "Home")]`),
		chromedp.WaitVisible(`//h2[contains(., "Methodology guides")]`),
	)
	lctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	lang, err := chromedp.Run(lctx, chromedp.AttributeValue("html", "lang"))
	if err != nil || lang.Value != "en" {
		t.Fatalf("after the language switch, html lang is %q (%v), want en", lang.Value, err)
	}
}

// TestBrowserPlan makes a plan as a caseworker would: describes the situation, reads the
// steps, follows a citation to its highlighted passage, saves the plan and rates a step.
func TestBrowserPlan(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/login"),
		chromedp.WaitVisible(`input[name="email"]`),
		chromedp.SendKeys(`input[name="email"]`, "alpha@example.org"),
		chromedp.SendKeys(`input[name="password"]`, password),
		chromedp.Click(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(`ul.cards`),
		chromedp.Click(`//header//a[@href="/plan"]`),
		chromedp.WaitVisible(`textarea[name="situation"]`),
		chromedp.SendKeys(`textarea[name="situation"]`, "Madame a trois mois d'impayés de loyer et le bailleur menace d'expulsion."),
	)
	do(t, ctx,
		chromedp.Click(`form.wide button[type="submit"]`),
		chromedp.WaitVisible(`ol.steps`),
	)
	if steps := text(t, ctx, "ol.steps"); !strings.Contains(steps, "contacter le bailleur") {
		t.Fatalf("plan steps: %q", steps)
	}
	// Save, then rate a step on the saved plan.
	do(t, ctx, chromedp.Click(`//button[contains(., "Enregistrer le plan")]`), chromedp.WaitVisible(`form.feedback`))
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	link, err := chromedp.Run(cctx, chromedp.AttributeValue(`ol.steps blockquote footer a`, "href"))
	if err != nil || !strings.Contains(link.Value, "start=") {
		t.Fatalf("citation link: %q, %v", link.Value, err)
	}
	do(t, ctx, chromedp.Click(`form.feedback button[value="useful"]`), chromedp.WaitVisible(`//p[contains(., "Retours enregistrés")]`))
	// The citation opens the cited passage, highlighted.
	do(t, ctx, chromedp.Navigate(f.srv.URL+link.Value), chromedp.WaitVisible(`mark#cited`))
	if marked := text(t, ctx, "mark#cited"); !strings.Contains(marked, "contacter le bailleur") {
		t.Fatalf("highlighted passage: %q", marked)
	}
}
