package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/socle-project/socle"
	"github.com/socle-project/socle/web/browsertest"
)

// value returns the value of the first input matching sel.
func value(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Value(sel))
	if err != nil {
		t.Fatalf("browser: value of %s: %v", sel, err)
	}
	return v
}

// adminInBrowser is a fixture with an administrator of the first organization signed in to a
// browser.
func adminInBrowser(t *testing.T) (*fixture, context.Context) {
	t.Helper()
	f := newFixture(t)
	f.addMember(t, f.orgA, "direction@alpha.example.org", socle.RoleAdmin)
	ctx := browser(t)
	signInAdminBrowser(t, ctx, f.srv.URL, "direction@alpha.example.org")
	return f, ctx
}

func signInAdminBrowser(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	do(t, ctx,
		chromedp.EmulateViewport(1280, 860),
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`input[name="email"]`),
		chromedp.SendKeys(`input[name="email"]`, email),
		chromedp.SendKeys(`input[name="password"]`, password),
		chromedp.Click(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(`ul.cards`),
	)
}

// toEnglish switches the interface to English from the current page.
func toEnglish(t *testing.T, ctx context.Context, waitFor string) {
	t.Helper()
	do(t, ctx, chromedp.Click(`//button[@lang="en"]`), chromedp.WaitVisible(`html[lang="en"] `+waitFor))
}

// TestBrowserMembers: an admin invites a member, who sets a password through the link and is
// signed in; the admin deactivates them, and their open session stops at the next request.
func TestBrowserMembers(t *testing.T) {
	f := newFixture(t)
	f.addMember(t, f.orgA, "direction@alpha.example.org", socle.RoleAdmin)
	f.addMember(t, f.orgA, "referente@alpha.example.org", socle.RoleLead)
	ctx := browser(t)
	signInAdminBrowser(t, ctx, f.srv.URL, "direction@alpha.example.org")
	do(t, ctx,
		chromedp.Click(`//header//a[@href="/admin"]`),
		chromedp.WaitVisible(`ul.admin-tasks`),
		chromedp.Click(`//main//a[@href="/members"]`),
		chromedp.WaitVisible(`table.members`),
	)
	browsertest.Screenshot(t, ctx, "members-fr")
	do(t, ctx,
		chromedp.SendKeys(`form.invite input[name="email"]`, "camille.roche@example.org"),
		chromedp.SendKeys(`form.invite input[name="name"]`, "Camille Roche"),
		chromedp.SetValue(`form.invite select[name="role"]`, "caseworker"),
		chromedp.Click(`form.invite button[type="submit"]`),
		chromedp.WaitVisible(`#shown-link .link-box`),
	)
	link := value(t, ctx, `#shown-link .link-box`)
	if !strings.HasPrefix(link, f.srv.URL+"/password?t=socle_") {
		t.Fatalf("invitation link %q", link)
	}
	browsertest.Screenshot(t, ctx, "members-invited-fr")

	// The newcomer, in a browser context of their own (own cookies), opens the link.
	// (A second browser of its own: a tab of a second browser context in the same browser
	// never gets the focus, and stalls on form posts.)
	nctx := browser(t)
	do(t, nctx, chromedp.EmulateViewport(1280, 700), chromedp.Navigate(link), chromedp.WaitVisible(`input[name="password"]`))
	do(t, nctx,
		chromedp.SendKeys(`input[name="password"]`, "camille choisit ce mot de passe"),
		chromedp.SendKeys(`input[name="confirm"]`, "camille choisit ce mot de passe"),
		chromedp.Click(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(`ul.cards`),
	)
	if home := text(t, nctx, "header"); !strings.Contains(home, "Org alpha") {
		t.Fatalf("the newcomer's home: %q", home)
	}

	// The admin deactivates her; her next request finds no session.
	row := `//tr[@data-email="camille.roche@example.org"]`
	do(t, ctx,
		chromedp.Navigate(f.srv.URL+"/members"),
		chromedp.WaitVisible(row),
		chromedp.Click(row+`//button[contains(@class,"danger")]`),
		chromedp.WaitVisible(row+`//span[contains(@class,"off")]`),
	)
	do(t, nctx, chromedp.Navigate(f.srv.URL+"/plans"), chromedp.WaitVisible(`input[name="email"]`))
	lctx, lcancel := context.WithTimeout(nctx, 10*time.Second)
	defer lcancel()
	if loc, err := chromedp.Run(lctx, chromedp.Location()); err != nil || !strings.Contains(loc, "/login") {
		t.Fatalf("after deactivation the newcomer is at %q (%v), want the sign-in page", loc, err)
	}
	toEnglish(t, ctx, `table.members`)
	browsertest.Screenshot(t, ctx, "members-en")
	// The set-password page, as a link shows it (screenshots of the main tab only: a second
	// browser context has no surface to capture).
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/password?t=socle_example"), chromedp.WaitVisible(`input[name="confirm"]`))
	browsertest.Screenshot(t, ctx, "password-en")
	do(t, ctx, chromedp.Click(`//button[@lang="fr"]`), chromedp.WaitVisible(`html[lang="fr"] input[name="confirm"]`))
	browsertest.Screenshot(t, ctx, "password-fr")
	do(t, ctx,
		chromedp.SendKeys(`input[name="password"]`, "un mot de passe assez long"),
		chromedp.SendKeys(`input[name="confirm"]`, "un mot de passe assez long"),
		chromedp.Click(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(`p.error`),
	)
	if msg := text(t, ctx, "p.error"); !strings.Contains(msg, "expired") && !strings.Contains(msg, "unknown") {
		t.Fatalf("a used or unknown link: %q", msg)
	}
}

// TestBrowserTokens: an admin creates a token (shown once), a program uses it, and the admin
// revokes it.
func TestBrowserTokens(t *testing.T) {
	f, ctx := adminInBrowser(t)
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/tokens"), chromedp.WaitVisible(`form.invite`))
	browsertest.Screenshot(t, ctx, "tokens-empty-fr")
	do(t, ctx,
		chromedp.SendKeys(`form.invite input[name="name"]`, "logiciel de suivi"),
		chromedp.Click(`form.invite button[type="submit"]`),
		chromedp.WaitVisible(`#created-token .link-box`),
	)
	token := value(t, ctx, `#created-token .link-box`)
	browsertest.Screenshot(t, ctx, "tokens-created-fr")
	call := func() int {
		req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := call(); code != http.StatusOK {
		t.Fatalf("the new token: %d", code)
	}
	row := `//tr[@data-name="logiciel de suivi"]`
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/tokens"), chromedp.WaitVisible(row))
	if used := text(t, ctx, row+"/td[4]"); !strings.Contains(used, "/") {
		t.Fatalf("last use after a call: %q, want a date", used)
	}
	if strings.Contains(text(t, ctx, "main"), token) {
		t.Fatal("the token is shown again on the list")
	}
	toEnglish(t, ctx, `table.tokens`)
	browsertest.Screenshot(t, ctx, "tokens-en")
	do(t, ctx, chromedp.Click(row+`//button`), chromedp.WaitVisible(`//p[contains(., "No token.")]`))
	if code := call(); code != http.StatusUnauthorized {
		t.Fatalf("the revoked token: %d, want 401", code)
	}
}

// TestBrowserAudit: the audit page filters by actor and kind, and exports what it shows as CSV.
func TestBrowserAudit(t *testing.T) {
	f := newFixture(t)
	f.addMember(t, f.orgA, "direction@alpha.example.org", socle.RoleAdmin)
	lead := f.addMember(t, f.orgA, "referente@alpha.example.org", socle.RoleLead)
	author := client(t)
	f.signIn(t, author, "alpha@example.org")
	id := saved(t, f, author)
	leadC := client(t)
	f.signIn(t, leadC, "referente@alpha.example.org")
	body(t, leadC, "GET", f.srv.URL+"/plans/"+id, nil)

	ctx := browser(t)
	signInAdminBrowser(t, ctx, f.srv.URL, "direction@alpha.example.org")
	do(t, ctx, chromedp.Click(`//header//a[@href="/admin"]`), chromedp.WaitVisible(`ul.admin-tasks`),
		chromedp.Click(`//main//a[@href="/audit"]`), chromedp.WaitVisible(`table.audit`))
	browsertest.Screenshot(t, ctx, "audit-fr")
	do(t, ctx,
		chromedp.SetValue(`select[name="actor"]`, lead.ID),
		chromedp.SetValue(`select[name="kind"]`, "plan."),
		chromedp.Click(`form.filters button[type="submit"]`),
		// The unfiltered page shows plan.read too: wait for the filtered one.
		chromedp.WaitReady(`select[name="kind"] option[value="plan."][selected]`),
		chromedp.WaitVisible(`//table[contains(@class,"audit")]//code[.="plan.read"]`),
	)
	rows := text(t, ctx, "table.audit tbody")
	// One row: the lead's read (its detail names the plan's author).
	if !strings.Contains(rows, "referente@alpha.example.org\tplan.read") || strings.Contains(rows, "plan.save") || strings.Count(rows, "\n") > 0 {
		t.Fatalf("filtered rows: %q", rows)
	}
	browsertest.Screenshot(t, ctx, "audit-filtered-fr")
	ectx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	csv, err := chromedp.Run(ectx, chromedp.Evaluate[string](`fetch(document.getElementById("audit-csv").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "referente@alpha.example.org") || !strings.Contains(lines[1], "plan.read") {
		t.Fatalf("CSV of the filtered page:\n%s", csv)
	}
	toEnglish(t, ctx, `table.audit`)
	browsertest.Screenshot(t, ctx, "audit-en")
	// An admin supervises: the saved plans page lists every member's plans with their author.
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/plans"), chromedp.WaitVisible(`//td[.="alpha@example.org"]`))
	browsertest.Screenshot(t, ctx, "plans-supervise-en")
	do(t, ctx, chromedp.Click(`//button[@lang="fr"]`), chromedp.WaitVisible(`//th[.="Auteur"]`))
	browsertest.Screenshot(t, ctx, "plans-supervise-fr")
	do(t, ctx, chromedp.Click(`//td/a[contains(@href, "/plans/")]`), chromedp.WaitVisible(`ol.steps`))
	browsertest.Screenshot(t, ctx, "plan-supervised-fr")
}

// TestBrowserSSO signs in with the button of an OpenID provider running in the test.
func TestBrowserSSO(t *testing.T) {
	f, _ := ssoFixture(t, socle.RoleCaseworker)
	ctx := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 860), chromedp.Navigate(f.srv.URL+"/plans"), chromedp.WaitVisible(`.sso a.button`))
	browsertest.Screenshot(t, ctx, "signin-sso-fr")
	do(t, ctx,
		chromedp.Click(`//a[contains(., "Test ID")]`),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "marie"),
		chromedp.SendKeys(`#password`, "provider-password"),
		chromedp.Click(`button[type="submit"]`),
		chromedp.WaitVisible(`//h1[contains(., "Plans enregistrés")]`),
	)
	if header := text(t, ctx, "header"); !strings.Contains(header, "Org alpha") {
		t.Fatalf("after single sign-on: %q", header)
	}
	do(t, ctx, chromedp.Click(`//button[contains(., "Se déconnecter")]`), chromedp.WaitVisible(`.sso a.button`))
	toEnglish(t, ctx, `.sso`)
	browsertest.Screenshot(t, ctx, "signin-sso-en")
}

// TestBrowserAdminNavigation: an administrator's top bar holds the everyday pages and one
// Administration entry, reached and opened with the keyboard; the administration page and the
// area's links mark the page shown; no serious axe-core violation, in French and English, at a
// laptop's width and a phone's (no horizontal scrolling). Screenshots: admin-nav-fr, -en and
// their -phone, tokens-fr-phone.
func TestBrowserAdminNavigation(t *testing.T) {
	f, ctx := adminInBrowser(t)
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/plans"), chromedp.WaitVisible(`nav.main`))
	tabTo(t, ctx, `nav.main a[href="/admin"]`, 20)
	do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`ul.admin-tasks`))
	if cur := text(t, ctx, `nav.main a[aria-current="page"]`); cur != "Administration" {
		t.Errorf("the page marked in the top bar: %q", cur)
	}
	checkAxe(t, ctx, "administration")
	browsertest.Screenshot(t, ctx, "admin-nav-fr")
	// Members through the page, then tokens through the area's links, with the keyboard.
	tabTo(t, ctx, `ul.admin-tasks a[href="/members"]`, 30)
	do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`table.members`))
	if cur := text(t, ctx, `nav.subnav a[aria-current="page"]`); cur != "Membres" {
		t.Errorf("the page marked in the area's links: %q", cur)
	}
	checkAxe(t, ctx, "members")
	tabTo(t, ctx, `nav.subnav a[href="/tokens"]`, 30)
	do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`nav.subnav a[href="/tokens"][aria-current="page"]`))
	checkAxe(t, ctx, "tokens")

	for _, lang := range []string{"en", "fr"} {
		do(t, ctx, browsertest.SetCookie(f.srv.URL, "socle_lang", lang))
		for _, width := range []int64{1280, 390} {
			do(t, ctx, chromedp.EmulateViewport(width, 860), chromedp.Navigate(f.srv.URL+"/admin"), chromedp.WaitVisible(`html[lang="`+lang+`"] ul.admin-tasks`))
			if wide := browsertest.Eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); wide {
				t.Errorf("%s at %dpx: the page scrolls sideways", lang, width)
			}
			checkAxe(t, ctx, fmt.Sprintf("administration, %s, %dpx", lang, width))
			name := "admin-nav-" + lang
			if width < 1280 {
				name += "-phone"
			}
			browsertest.Screenshot(t, ctx, name)
			if width == 1280 {
				// At a laptop's width the pages fit on one row below the brand.
				rows := browsertest.Eval[int](t, ctx, `new Set(Array.from(document.querySelectorAll('nav.main a')).map(a => Math.round(a.getBoundingClientRect().top))).size`)
				if rows != 1 {
					t.Errorf("%s at 1280px: the top bar's links take %d rows", lang, rows)
				}
			}
		}
		if lang == "fr" {
			do(t, ctx, chromedp.EmulateViewport(390, 860), chromedp.Navigate(f.srv.URL+"/tokens"), chromedp.WaitVisible(`form`))
			browsertest.Screenshot(t, ctx, "tokens-fr-phone")
			do(t, ctx, chromedp.EmulateViewport(1280, 860))
		}
	}
}

// TestBrowserAdminTablesPhone: at a phone's width (390 px) the members, tokens and audit
// tables show each row as a card whose cells are labelled with their column's heading, the
// page does not scroll sideways and no button runs off the screen, in French and English; at a
// laptop's width (1280 and 1100 px) they are tables, within the page even with a
// long address. On a phone the members' actions are
// reached and used with the keyboard. Screenshots: members-, tokens- and audit-fr-phone and
// -en-phone, members-fr-1024 and -en-1024 (cards too), and the tables at 1280 and 1100 px.
func TestBrowserAdminTablesPhone(t *testing.T) {
	f, ctx := adminInBrowser(t)
	lead := f.addMember(t, f.orgA, "referente.departementale@alpha.example.org", socle.RoleLead)
	gone := f.addMember(t, f.orgA, "ancien.benevole.permanence@alpha.example.org", socle.RoleCaseworker)
	c := client(t)
	f.signIn(t, c, "direction@alpha.example.org")
	post := func(path string, form url.Values) {
		t.Helper()
		resp, err := c.PostForm(f.srv.URL+path, form)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode >= 400 {
			t.Fatalf("POST %s: %d", path, resp.StatusCode)
		}
	}
	post("/members/invite", url.Values{"email": {"camille.roche-villeneuve@example.org"}, "name": {"Camille Roche-Villeneuve"}, "role": {"caseworker"}})
	post("/members/"+gone.ID+"/deactivate", nil)
	post("/tokens", url.Values{"name": {"logiciel de suivi des dossiers"}, "user": {lead.ID}, "days": {"365"}})

	pages := []struct{ path, table string }{{"/members", "table.members"}, {"/tokens", "table.tokens"}, {"/audit", "table.audit"}}
	for _, lang := range []string{"fr", "en"} {
		do(t, ctx, browsertest.SetCookie(f.srv.URL, "socle_lang", lang))
		for _, p := range pages {
			// A laptop's width: a table, within the page.
			for _, width := range []int64{1280, 1100} {
				do(t, ctx, chromedp.EmulateViewport(width, 860), chromedp.Navigate(f.srv.URL+p.path), chromedp.WaitVisible(`html[lang="`+lang+`"] `+p.table))
				if d := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector('`+p.table+` thead')).display`); d != "table-header-group" {
					t.Errorf("%s %s at %dpx: the headings are shown as %q, want a table's", lang, p.path, width, d)
				}
				if wide := browsertest.Eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); wide {
					t.Errorf("%s %s at %dpx: the page scrolls sideways", lang, p.path, width)
				}
				if width == 1280 {
					browsertest.Screenshot(t, ctx, fmt.Sprintf("%s-%s-%d", strings.TrimPrefix(p.path, "/"), lang, width))
				}
			}
			// A tablet's and a phone's width: cards.
			for _, width := range []int64{1024, 390} {
				do(t, ctx, chromedp.EmulateViewport(width, 860), chromedp.Reload(), chromedp.WaitVisible(`html[lang="`+lang+`"] `+p.table))
				where := fmt.Sprintf("%s %s at %dpx", lang, p.path, width)
				if d := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector('`+p.table+` thead')).position`); d != "absolute" {
					t.Errorf("%s: the headings are shown (position %q), want cards", where, d)
				}
				if wide := browsertest.Eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); wide {
					t.Errorf("%s: the page scrolls sideways (%d px wide)", where, browsertest.Eval[int](t, ctx, `document.documentElement.scrollWidth`))
				}
				// Nothing of the table (text, field, button) ends beyond the screen's edge.
				if out := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll('`+p.table+` tbody *')).filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < 0 || r.right > document.documentElement.clientWidth + 0.5) }).map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))`); len(out) > 0 {
					t.Errorf("%s: beyond the screen's edge: %q", where, out)
				}
				// Each cell says which column it is in: its label is its column's heading.
				if bad := browsertest.Eval[[]string](t, ctx, `(() => {
				const table = document.querySelector('`+p.table+`');
				const heads = Array.from(table.querySelectorAll('thead th')).map(th => th.textContent.trim());
				const bad = [];
				table.querySelectorAll('tbody tr').forEach(tr => Array.from(tr.cells).forEach((td, i) => {
					const label = getComputedStyle(td, '::before').content.replace(/^"|"$/g, '');
					if (heads[i] && label !== heads[i]) bad.push(i + ': ' + label + ' ≠ ' + heads[i]);
				}));
				return bad;
			})()`); len(bad) > 0 {
					t.Errorf("%s: cells' labels: %q", where, bad)
				}
				checkAxe(t, ctx, where)
				if width == 390 {
					browsertest.Screenshot(t, ctx, strings.TrimPrefix(p.path, "/")+"-"+lang+"-phone")
				} else if p.path == "/members" {
					browsertest.Screenshot(t, ctx, fmt.Sprintf("members-%s-%d", lang, width))
				}
			}
		}
	}

	// On a phone, in English (the last language above), the lead is made a caseworker and the
	// pending member deactivated with the keyboard alone.
	row := `tr[data-email="referente.departementale@alpha.example.org"]`
	do(t, ctx, chromedp.Navigate(f.srv.URL+"/members"), chromedp.WaitVisible(`table.members`))
	tabTo(t, ctx, row+` select[name="role"]`, 40)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowUp))
	tabTo(t, ctx, row+` form[action$="/role"] button`, 2)
	do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitReady(row+` select[name="role"] option[value="caseworker"][selected]`))
	pending := `tr[data-email="camille.roche-villeneuve@example.org"]`
	tabTo(t, ctx, pending+` button.danger`, 60)
	do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(pending+` .badge.off`))
}
