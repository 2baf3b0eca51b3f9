package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/plan/pseudonym"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/web"
)

const password = "correct horse battery"

const guideMD = `# Guide de test

## Logement

### Impayés de loyer

Dès le premier impayé, contacter le bailleur pour proposer un plan d'apurement.

Saisir le FSL lorsque le plan ne suffit pas.
`

// fixture is a server with two organizations, each with a member and a guide.
type fixture struct {
	srv   *httptest.Server
	store *embedded.Store
	orgA  socle.Organization
	orgB  socle.Organization
	app   *web.Server
}

func newFixture(t *testing.T) *fixture { return newFixtureWith(t, nil) }

// newFixtureWith is newFixture with a chance to adjust the server before it starts.
func newFixtureWith(t *testing.T, adjust func(*web.Server)) *fixture {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	f := &fixture{store: s}
	auth := &authoring.Service{Store: s}
	hash := passwordHash()
	for i, slug := range []string{"alpha", "beta"} {
		o := socle.Organization{Slug: slug, Name: "Org " + slug}
		must(t, s.CreateOrg(ctx, &o))
		u := socle.User{Email: slug + "@example.org", Name: slug, PasswordHash: hash}
		must(t, s.CreateUser(ctx, &u))
		must(t, s.SetMembership(ctx, &socle.Membership{OrgID: o.ID, UserID: u.ID, Role: socle.RoleCaseworker}))
		_, err := auth.AddVersion(ctx, authoring.Upload{OrgID: o.ID, Guide: "guide-" + slug, FileName: "guide.md", Data: []byte(guideMD), Publish: true})
		must(t, err)
		if i == 0 {
			f.orgA = o
		} else {
			f.orgB = o
		}
	}
	eng, _, err := retrieval.Open(ctx, t.TempDir(), retrieval.NewHashingEmbedder(0), nil)
	must(t, err)
	t.Cleanup(func() { eng.Close() })
	eng.Glossary = s
	must(t, eng.Rebuild(ctx, s, "", nil))
	pz, err := pseudonym.New(pseudonym.Options{})
	must(t, err)
	app := &web.Server{Store: s, Access: &access.Service{Store: s}, Authoring: auth, Search: eng,
		Planner: &plan.Planner{Store: s, Search: eng, Pseudonymizer: pz}, Log: slog.New(slog.DiscardHandler)}
	if adjust != nil {
		adjust(app)
	}
	f.app = app
	h, err := app.Handler()
	must(t, err)
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// client returns an HTTP client with a cookie jar that does not follow redirects.
func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (f *fixture) signIn(t *testing.T, c *http.Client, email string) {
	t.Helper()
	resp, err := c.PostForm(f.srv.URL+"/login", url.Values{"email": {email}, "password": {password}, "next": {"/"}})
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d", email, resp.StatusCode)
	}
}

func body(t *testing.T, c *http.Client, method, u string, header map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestSignInFlow(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	resp, err := c.Get(f.srv.URL + "/guides/guide-alpha")
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Fatalf("anonymous page: got %d to %q, want a redirect to the sign-in page", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = c.PostForm(f.srv.URL+"/login", url.Values{"email": {"alpha@example.org"}, "password": {"wrong password"}})
	must(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(b), "email or password is wrong") {
		t.Fatalf("wrong password: got %d, want 401 with the message", resp.StatusCode)
	}
	resp, err = c.PostForm(f.srv.URL+"/login", url.Values{"email": {"alpha@example.org"}, "password": {password}, "next": {"https://evil.example/"}})
	must(t, err)
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Fatalf("sign-in redirect to another site: got %q, want /", loc)
	}
	code, page := body(t, c, "GET", f.srv.URL+"/", nil)
	if code != http.StatusOK || !strings.Contains(page, "Guide de test") || !strings.Contains(page, "Org alpha") {
		t.Fatalf("home after sign-in: %d\n%s", code, page)
	}
	// Signing out ends the session on the server, not just in the browser.
	cookies := c.Jar.Cookies(mustURL(f.srv.URL))
	resp, err = c.PostForm(f.srv.URL+"/logout", nil)
	must(t, err)
	resp.Body.Close()
	replay := client(t)
	replay.Jar.SetCookies(mustURL(f.srv.URL), cookies)
	if code, _ := body(t, replay, "GET", f.srv.URL+"/", nil); code != http.StatusSeeOther {
		t.Fatalf("replayed cookie after sign-out: got %d, want a redirect to sign in", code)
	}
}

func mustURL(s string) *url.URL {
	u, _ := url.Parse(s)
	return u
}

func TestIsolationOverHTTP(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	for _, path := range []string{"/guides/guide-beta", "/api/v1/guides/guide-beta", "/api/v1/guides/guide-beta/versions/1/sections"} {
		if code, b := body(t, c, "GET", f.srv.URL+path, nil); code != http.StatusNotFound {
			t.Fatalf("GET %s as alpha: got %d, want 404\n%s", path, code, b)
		}
	}
	code, b := body(t, c, "GET", f.srv.URL+"/api/v1/guides", nil)
	if code != http.StatusOK || strings.Contains(b, "guide-beta") || !strings.Contains(b, "guide-alpha") {
		t.Fatalf("GET /api/v1/guides as alpha: %d %s", code, b)
	}
}

func TestAPIAuth(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	code, b := body(t, c, "GET", f.srv.URL+"/api/v1/me", nil)
	if code != http.StatusUnauthorized || !strings.Contains(b, `"kind":"unauthorized"`) {
		t.Fatalf("anonymous API call: %d %s", code, b)
	}
	u, _ := f.store.UserByEmail(context.Background(), "beta@example.org")
	token, _, err := access.CreateAPIToken(context.Background(), f.store, f.orgB.ID, u.ID, "test", 0)
	must(t, err)
	code, b = body(t, c, "GET", f.srv.URL+"/api/v1/me", map[string]string{"Authorization": "Bearer " + token})
	var me struct{ Organization, Role string }
	json.Unmarshal([]byte(b), &me)
	if code != http.StatusOK || me.Organization != "beta" || me.Role != "caseworker" {
		t.Fatalf("API call with a token: %d %s", code, b)
	}
	for _, h := range []string{"Bearer nope", "Basic abc", "Bearer " + access.NewToken()} {
		if code, _ := body(t, c, "GET", f.srv.URL+"/api/v1/me", map[string]string{"Authorization": h}); code != http.StatusUnauthorized {
			t.Fatalf("Authorization %q: got %d, want 401", h, code)
		}
	}
	code, b = body(t, c, "GET", f.srv.URL+"/api/v1/nothing-here", map[string]string{"Authorization": "Bearer " + token})
	if code != http.StatusNotFound || !strings.Contains(b, "no API route") {
		t.Fatalf("unknown API route: %d %s", code, b)
	}
}

func TestSectionHighlight(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	_, b := body(t, c, "GET", f.srv.URL+"/api/v1/guides/guide-alpha/versions/1/sections", nil)
	var list struct {
		Sections []struct {
			ID   string
			Path []string
		}
	}
	must(t, json.Unmarshal([]byte(b), &list))
	var id string
	for _, s := range list.Sections {
		if len(s.Path) > 0 && s.Path[len(s.Path)-1] == "Impayés de loyer" {
			id = s.ID
		}
	}
	if id == "" {
		t.Fatalf("no section 'Impayés de loyer' in %s", b)
	}
	_, b = body(t, c, "GET", f.srv.URL+"/api/v1/guides/guide-alpha/versions/1/sections/"+id, nil)
	var sec struct{ Text string }
	must(t, json.Unmarshal([]byte(b), &sec))
	quote := "Saisir le FSL"
	start := strings.Index(sec.Text, quote)
	if start < 0 {
		t.Fatalf("section text %q lacks %q", sec.Text, quote)
	}
	u := f.srv.URL + "/guides/guide-alpha/v/1/s/" + id + "?start=" + strconv.Itoa(start) + "&end=" + strconv.Itoa(start+len(quote))
	code, page := body(t, c, "GET", u, nil)
	if code != http.StatusOK || !strings.Contains(page, `<mark id="cited"`) || !regexp.MustCompile(`<mark[^>]*>Saisir le FSL</mark>`).MatchString(page) {
		t.Fatalf("section page with a cited span: %d\n%s", code, page)
	}
	code, _ = body(t, c, "GET", f.srv.URL+"/guides/guide-alpha/v/abc/s/"+id, nil)
	if code != http.StatusBadRequest {
		t.Fatalf("bad version number: got %d, want 400", code)
	}
	code, _ = body(t, c, "GET", f.srv.URL+"/guides/guide-alpha/v/9/s/"+id, nil)
	if code != http.StatusNotFound {
		t.Fatalf("missing version: got %d, want 404", code)
	}
}

func TestLanguage(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	_, fr := body(t, c, "GET", f.srv.URL+"/login", nil)
	_, en := body(t, c, "GET", f.srv.URL+"/login", map[string]string{"Accept-Language": "en-GB,en;q=0.9"})
	if !strings.Contains(fr, "Connexion") || !strings.Contains(en, "Sign in") || !strings.Contains(en, `lang="en"`) {
		t.Fatal("the sign-in page does not follow Accept-Language (French by default, English on request)")
	}
	resp, err := c.PostForm(f.srv.URL+"/lang/en", url.Values{"next": {"/login"}})
	must(t, err)
	resp.Body.Close()
	if _, page := body(t, c, "GET", f.srv.URL+"/login", nil); !strings.Contains(page, "Sign in") {
		t.Fatal("the language switch is not remembered")
	}
}

func TestCrossSiteFormsRefused(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	req, _ := http.NewRequest("POST", f.srv.URL+"/login", strings.NewReader("email=alpha%40example.org&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := c.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: got %d, want 403", resp.StatusCode)
	}
}

// TestMessagesComplete checks that every message key a template uses exists in both languages.
func TestMessagesComplete(t *testing.T) {
	keys := regexp.MustCompile(`msg \$?\.?L "([a-z.]+)"|msg \$L "([a-z.]+)"`)
	files, _ := fs.Glob(os.DirFS("templates"), "*.html")
	if len(files) == 0 {
		t.Fatal("no templates found")
	}
	used := map[string]bool{}
	for _, name := range files {
		data, err := os.ReadFile("templates/" + name)
		must(t, err)
		if strings.Contains(string(data), ".L.") {
			t.Errorf("%s reads a message as .L.key, which templates take as nested keys: use msg .L \"key\"", name)
		}
		for _, m := range keys.FindAllStringSubmatch(string(data), -1) {
			used[m[1]+m[2]] = true
		}
	}
	// Keys that templates build from values.
	for _, key := range []string{"state.draft", "state.review", "state.published", "state.archived", "role.admin", "role.lead", "role.caseworker", "role.trainer",
		"kind.methodology", "kind.catalog", "kind.reference", "unit.mb", "unit.kb", "unit.b",
		"job.state.queued", "job.state.running", "job.state.done", "job.state.failed", "job.stage.reading", "job.stage.saving", "job.stage.indexing"} {
		used[key] = true
	}
	for _, c := range []string{"changed", "added", "removed", "moved", "unchanged"} {
		used["diff."+c], used["diff.one."+c] = true, true
	}
	for _, lang := range []string{"fr", "en"} {
		for k := range used {
			if web.Message(lang, k) == "" {
				t.Errorf("message %q missing in %s", k, lang)
			}
		}
	}
	if dups := web.DuplicateMessageKeys(); len(dups) > 0 {
		t.Errorf("keys defined in two catalogs: %v", dups)
	}
}

// TestOldCitation opens a citation of version 1 after version 2 changed the passage: the page
// shows exactly the words cited, marked, and says the published version differs.
func TestOldCitation(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Trois mois d'impayés de loyer."}`)
	var rep struct {
		Steps []struct {
			Citations []struct {
				Guide, Quote string
				Version      int
				SectionID    string `json:"section_id"`
				Span         struct{ Start, End int }
			}
		}
	}
	must(t, json.Unmarshal([]byte(b), &rep))
	if code != http.StatusOK || len(rep.Steps) == 0 {
		t.Fatalf("plan: %d %s", code, b)
	}
	cit := rep.Steps[0].Citations[0]
	// Version 2 rewrites the section; it is published and version 1 archived.
	auth := &authoring.Service{Store: f.store}
	changed := strings.Replace(guideMD, "contacter le bailleur pour proposer un plan d'apurement", "saisir la commission de coordination", 1)
	changed = strings.Replace(changed, "Saisir le FSL lorsque le plan ne suffit pas", "Orienter vers le point conseil budget", 1)
	if _, err := auth.AddVersion(context.Background(), authoring.Upload{OrgID: f.orgA.ID, Guide: "guide-alpha", FileName: "guide.md", Data: []byte(changed), Publish: true}); err != nil {
		t.Fatal(err)
	}
	u := fmt.Sprintf("%s/guides/%s/v/%d/s/%s?start=%d&end=%d", f.srv.URL, cit.Guide, cit.Version, cit.SectionID, cit.Span.Start, cit.Span.End)
	code, page := body(t, c, "GET", u, nil)
	if code != http.StatusOK {
		t.Fatalf("old citation: %d", code)
	}
	marked := regexp.MustCompile(`<mark[^>]*>([^<]*)</mark>`).FindStringSubmatch(page)
	if marked == nil || html.UnescapeString(marked[1]) != cit.Quote {
		t.Fatalf("marked text %q, cited %q", marked, cit.Quote)
	}
	if !strings.Contains(page, "a changé depuis") {
		t.Fatal("the page does not say the cited passage changed in the published version")
	}
}
