package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// headerNav returns the links of the page's main navigation, as href → aria-current.
func headerNav(t *testing.T, page string) map[string]string {
	t.Helper()
	i, j := strings.Index(page, `<nav class="main"`), strings.Index(page, "</header>")
	if i < 0 || j < i {
		t.Fatalf("no main navigation in\n%s", page)
	}
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`<a href="([^"]+)"(?: class="[^"]*")?(?: aria-current="([^"]+)")?>`).FindAllStringSubmatch(page[i:j], -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestAdminNavigation: the top bar keeps each role's everyday pages and puts the
// administration in one entry, shown to who administers something; the administration page
// lists what the member may do, and the area's pages carry its links; the page shown is marked
// with aria-current, in the top bar and in the area's links.
func TestAdminNavigation(t *testing.T) {
	f := newFixture(t)
	f.addMember(t, f.orgA, "direction@alpha.example.org", socle.RoleAdmin)
	f.addMember(t, f.orgA, "referente@alpha.example.org", socle.RoleLead)
	f.addMember(t, f.orgA, "formation@alpha.example.org", socle.RoleTrainer)
	want := map[string][]string{
		"alpha@example.org":           {"/", "/search", "/plan", "/digest", "/plans", "/me/paths", "/glossary"},
		"formation@alpha.example.org": {"/", "/search", "/paths", "/me/paths", "/glossary"},
		"referente@alpha.example.org": {"/", "/search", "/plan", "/digest", "/plans", "/guides", "/insights", "/paths", "/me/paths", "/glossary", "/admin"},
		"direction@alpha.example.org": {"/", "/search", "/plan", "/digest", "/plans", "/guides", "/insights", "/paths", "/me/paths", "/glossary", "/admin"},
	}
	for email, links := range want {
		c := client(t)
		f.signIn(t, c, email)
		_, page := body(t, c, "GET", f.srv.URL+"/plans", nil)
		if strings.HasPrefix(email, "formation") {
			_, page = body(t, c, "GET", f.srv.URL+"/paths", nil)
		}
		nav := headerNav(t, page)
		if len(nav) != len(links) {
			t.Errorf("%s: the top bar has %d links %v, want %v", email, len(nav), nav, links)
		}
		for _, l := range links {
			if _, ok := nav[l]; !ok {
				t.Errorf("%s: the top bar lacks %s: %v", email, l, nav)
			}
		}
	}

	admin := client(t)
	f.signIn(t, admin, "direction@alpha.example.org")
	code, page := body(t, admin, "GET", f.srv.URL+"/admin", nil)
	if code != 200 {
		t.Fatalf("GET /admin: %d", code)
	}
	if nav := headerNav(t, page); nav["/admin"] != "page" || nav["/"] != "" {
		t.Errorf("/admin: the top bar marks %v", nav)
	}
	for _, want := range []string{`href="/members"`, `href="/tokens"`, `href="/audit"`, "Connexion unique", "Aucun fournisseur", `href="/members#export"`,
		`href="/guides#settings"`, `href="/insights/about#retention"`, `href="/insights/about#learning"`, "membres actifs", `id="export"`} {
		if want == `id="export"` {
			_, page = body(t, admin, "GET", f.srv.URL+"/members", nil)
		}
		if !strings.Contains(page, want) {
			t.Errorf("the administration page lacks %s", want)
		}
	}
	for path, current := range map[string]string{"/members": "/members", "/tokens": "/tokens", "/audit?kind=plan.": "/audit"} {
		_, page := body(t, admin, "GET", f.srv.URL+path, nil)
		if nav := headerNav(t, page); nav["/admin"] != "true" {
			t.Errorf("%s: Administration is not marked as the current section: %v", path, nav)
		}
		i := strings.Index(page, `<nav class="subnav"`)
		if i < 0 {
			t.Fatalf("%s: no links of the administration area", path)
		}
		sub := page[i : i+strings.Index(page[i:], "</nav>")]
		for _, href := range []string{"/admin", "/members", "/tokens", "/audit"} {
			marked := strings.Contains(sub, `href="`+href+`" aria-current="page"`)
			if !strings.Contains(sub, `href="`+href+`"`) || marked != (href == current) {
				t.Errorf("%s: area link %s missing or wrongly marked:\n%s", path, href, sub)
			}
		}
	}
	if _, page := body(t, admin, "GET", f.srv.URL+"/plans/none", nil); strings.Contains(page, `class="subnav"`) {
		t.Errorf("a page outside the administration shows its links")
	}
	_, page = body(t, admin, "GET", f.srv.URL+"/guides", nil)
	if nav := headerNav(t, page); nav["/guides"] != "page" || nav["/admin"] != "" || nav["/plans"] != "" {
		t.Errorf("/guides: the top bar marks %v", nav)
	}

	// The lead's administration is the audit trail.
	lead := client(t)
	f.signIn(t, lead, "referente@alpha.example.org")
	_, page = body(t, lead, "GET", f.srv.URL+"/admin", nil)
	if !strings.Contains(page, `href="/audit"`) || strings.Contains(page, `href="/members"`) || strings.Contains(page, `href="/tokens"`) || strings.Contains(page, "Connexion unique") {
		t.Errorf("the lead's administration page:\n%s", page)
	}
	_, page = body(t, lead, "GET", f.srv.URL+"/audit", nil)
	if strings.Contains(page, `href="/members"`) || !strings.Contains(page, `<nav class="subnav"`) {
		t.Errorf("the lead's audit page: area links wrong")
	}

	// Single sign-on providers of the organization are named; another organization's are not.
	f.app.SSO = []*access.OIDCProvider{{ID: "pc", Label: "ProConnect", OrgID: f.orgA.ID}, {ID: "kc", Label: "Keycloak Beta", OrgID: f.orgB.ID}}
	_, page = body(t, admin, "GET", f.srv.URL+"/admin", nil)
	if !strings.Contains(page, "<strong>ProConnect</strong>") || strings.Contains(page, "Keycloak Beta") || strings.Contains(page, "Aucun fournisseur") {
		t.Errorf("the administration page does not name the organization's sign-on providers alone")
	}
	f.app.SSO = nil

	// English.
	_, page = body(t, admin, "GET", f.srv.URL+"/admin", map[string]string{"Cookie": "socle_lang=en"})
	if !strings.Contains(page, "Single sign-on") || !strings.Contains(page, `aria-label="Main navigation"`) {
		t.Errorf("the administration page in English lacks its texts")
	}
}
