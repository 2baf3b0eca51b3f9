package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser returns a headless Chromium context, or skips (fails under SOCLE_REQUIRE_BROWSER=1,
// as in CI) when no Chromium is installed.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("SOCLE_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		msg := "browser suite not run: no Chromium found. Install it (Debian: apt-get install chromium, or `make provision`) or set SOCLE_CHROMIUM."
		if os.Getenv("SOCLE_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "fr-FR"), // the interface's default language; the test switches to English
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900), // a laptop's screen, for the screenshots
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first call starts the browser and binds its life to its context: give it one without
	// a deadline, and put deadlines on the steps.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	return ctx
}

// do runs steps with a deadline.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		// Keep what the browser showed, to see why.
		shot, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.CaptureScreenshot())
		path := filepath.Join(os.TempDir(), strings.ReplaceAll(t.Name(), "/", "_")+".png")
		os.WriteFile(path, shot, 0o644)
		url, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.Location())
		t.Fatalf("browser at %s: %v (screenshot: %s)", url, err, path)
	}
}

// text returns the visible text of the first element matching sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return s
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
