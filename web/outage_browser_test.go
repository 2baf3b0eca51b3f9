package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/socle-project/socle/store/postgres/pgtest"
	"github.com/socle-project/socle/web/browsertest"
)

// TestBrowserOutage shows the page a person meets while the database is down, in both
// languages.
func TestBrowserOutage(t *testing.T) {
	s, proxy, _ := pgtest.OpenThroughProxy(t)
	tm := newTeam(t, s, s.Vectors())
	proxy.Cut()
	waitFor(t, "the store to notice the cut", func() bool {
		code, _ := tm.call(t, "caseworker", "GET", "/api/v1/me", nil)
		return code == 503 && s.Unavailable() != nil
	})
	ctx := browsertest.Start(t)
	shots := browsertest.NewShots(t)
	shots.Pages(ctx, tm.srv.URL, map[string]string{"outage": "/login"})
	for lang, want := range map[string]string{"fr": "La base de données ne répond pas", "en": "The database does not answer"} {
		do(t, ctx, browsertest.SetCookie(tm.srv.URL, "socle_lang", lang), chromedp.Navigate(tm.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main")))
		if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, want) {
			t.Fatalf("page during the outage (%s): %q, want %q", lang, got, want)
		}
	}
	// The language can be changed during the outage (a cookie, no database).
	do(t, ctx, browsertest.SetCookie(tm.srv.URL, "socle_lang", "fr"), chromedp.Navigate(tm.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main")),
		chromedp.Click(`//form[contains(@action, "/lang/en")]//button`), chromedp.WaitReady(chromedp.CSS(`html[lang="en"] main`)))
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "The database does not answer") {
		t.Fatalf("after choosing English during the outage: %q", got)
	}
	proxy.Restore()
}
