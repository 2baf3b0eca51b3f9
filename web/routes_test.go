package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/training"
	"github.com/socle-project/socle/web"
)

// rule is the access policy of one route: what a request needs (path values, body) and the
// status each caller gets. The action a role needs comes from the route itself (Route.Need);
// the rule says what happens once it is allowed.
type rule struct {
	params func(t *testing.T, f *policyFixture) map[string]string // path values; fresh objects per request
	query  string
	form   url.Values // sent url-encoded
	json   string     // sent as JSON
	// file is sent as a multipart upload in the field "file" named fileName, with form's
	// fields beside it.
	file, fileName string
	ok             int // status for a member whose role allows the route's action
	// byRole overrides ok for roles of the organization, where the policy goes beyond the
	// route's action (saved plans: only the author rates, only admins delete another's).
	byRole map[socle.Role]int
	// object: the path names an object of the organization, which a member of another
	// organization does not find (404).
	object bool
	// otherOrg overrides what a member of another organization gets, where the request names
	// the organization's objects in its body (a path's steps): they are refused as bad input.
	otherOrg int
	// anyone: the status is the same for every caller, signed in or not (public routes).
	anyone bool
	// cookieless: sent without the caller's session, which it would end (sign-out).
	cookieless bool
}

// policy is the table the route test holds the server to: every route the server registers
// must have a rule here, so that a new route cannot ship without its policy being decided.
// The plans of this fixture are written by the caseworker.
var policy = map[string]rule{
	"GET /healthz":             {anyone: true, ok: 200},
	"GET /readyz":              {anyone: true, ok: 200},
	"GET /api/v1/openapi.json": {anyone: true, ok: 200},
	"GET /static/":             {anyone: true, ok: 200},
	"GET /login":               {anyone: true, ok: 200},
	"POST /login":              {anyone: true, ok: 401, form: url.Values{"password": {"wrong password"}}},
	"POST /logout":             {anyone: true, ok: 303, cookieless: true},
	"POST /lang/{lang}":        {anyone: true, ok: 303, form: url.Values{"next": {"/"}}},
	"/api/":                    {anyone: true, ok: 404},
	"GET /sso/{id}":            {anyone: true, ok: 404, params: func(*testing.T, *policyFixture) map[string]string { return map[string]string{"id": "none"} }},
	"GET /sso/{id}/callback":   {anyone: true, ok: 404, params: func(*testing.T, *policyFixture) map[string]string { return map[string]string{"id": "none"} }},
	"GET /password":            {anyone: true, ok: 200, query: "t=socle_x"},
	"POST /password":           {anyone: true, ok: 404, form: url.Values{"t": {"socle_unknown"}, "password": {"a long new password"}, "confirm": {"a long new password"}}},

	"GET /{$}":                        {ok: 200},
	"GET /guides/{slug}":              {ok: 200, object: true},
	"GET /guides/{slug}/v/{n}/s/{id}": {ok: 200, object: true, params: sectionParams},
	"GET /search":                     {ok: 200, query: "q=loyer"},
	"GET /plan":                       {ok: 200},
	"POST /plan":                      {ok: 200, form: url.Values{"situation": {"Trois mois d'impayés de loyer."}}},
	"POST /plans":                     {ok: 404, form: url.Values{"draft": {"no-such-draft"}}},
	"GET /plans":                      {ok: 200},
	"GET /digest":                     {ok: 200},
	"POST /digest":                    {ok: 200, file: "2026-11-02 : Trois mois d'impayés de loyer.\n", fileName: "notes.txt"},
	"GET /plans/{id}":                 {ok: 200, object: true, params: planParams},
	"GET /plans/{id}/print":           {ok: 200, object: true, params: planParams},
	"POST /plans/{id}/feedback": {ok: 303, object: true, params: planParams, form: url.Values{"step": {"0"}, "verdict": {"useful"}},
		byRole: map[socle.Role]int{socle.RoleLead: 403, socle.RoleAdmin: 403}},
	"POST /plans/{id}/delete": {ok: 303, object: true, params: planParams, byRole: map[socle.Role]int{socle.RoleLead: 403}},

	"GET /admin":                        {ok: 200},
	"GET /members":                      {ok: 200},
	"POST /members/invite":              {ok: 200, form: url.Values{"email": {"{email}"}, "role": {"caseworker"}}},
	"POST /members/{user}/role":         {ok: 303, object: true, params: memberParams, form: url.Values{"role": {"lead"}}},
	"POST /members/{user}/deactivate":   {ok: 303, object: true, params: memberParams},
	"POST /members/{user}/reactivate":   {ok: 303, object: true, params: memberParams},
	"POST /members/{user}/reset":        {ok: 200, object: true, params: memberParams},
	"POST /members/links/{id}/delete":   {ok: 303, object: true, params: linkParams},
	"GET /tokens":                       {ok: 200},
	"POST /tokens":                      {ok: 201, form: url.Values{"name": {"logiciel de suivi"}, "days": {"30"}}},
	"POST /tokens/{id}/revoke":          {ok: 303, object: true, params: tokenParams},
	"GET /org/export.tar":               {ok: 200},
	"GET /audit":                        {ok: 200, query: "kind=plan."},
	"GET /audit.csv":                    {ok: 200, query: "kind=plan."},
	"GET /api/v1/members":               {ok: 200},
	"POST /api/v1/members":              {ok: 201, json: `{"email": "{email}", "role": "lead"}`},
	"PATCH /api/v1/members/{user}":      {ok: 200, object: true, params: memberParams, json: `{"role": "trainer"}`},
	"POST /api/v1/members/{user}/reset": {ok: 201, object: true, params: memberParams},
	"GET /api/v1/tokens":                {ok: 200},
	"POST /api/v1/tokens":               {ok: 201, json: `{"name": "tableau de bord", "expires_in_days": 30}`},
	"DELETE /api/v1/tokens/{id}":        {ok: 204, object: true, params: tokenParams},
	"GET /api/v1/audit":                 {ok: 200, query: "kind=member.&limit=50"},

	"GET /api/v1/me":                                       {ok: 200},
	"GET /api/v1/guides":                                   {ok: 200},
	"GET /api/v1/guides/{slug}":                            {ok: 200, object: true},
	"GET /api/v1/guides/{slug}/versions/{n}/sections":      {ok: 200, object: true, params: sectionParams},
	"GET /api/v1/guides/{slug}/versions/{n}/sections/{id}": {ok: 200, object: true, params: sectionParams},
	"GET /api/v1/guides/{slug}/versions/{n}/pages/{page}":  {ok: 200, object: true, params: pdfPageParams, query: "scale=0.5"},
	"GET /api/v1/search":                                   {ok: 200, query: "q=loyer"},
	"POST /api/v1/plans":                                   {ok: 200, json: `{"situation": "Trois mois d'impayés de loyer."}`},
	"GET /api/v1/plans":                                    {ok: 200},
	"GET /api/v1/plans/{id}":                               {ok: 200, object: true, params: planParams},
	"DELETE /api/v1/plans/{id}":                            {ok: 204, object: true, params: planParams, byRole: map[socle.Role]int{socle.RoleLead: 403}},
	"GET /api/v1/plans/{id}/markdown":                      {ok: 200, object: true, params: planParams},
	"GET /api/v1/plans/{id}/text":                          {ok: 200, object: true, params: planParams},
	"POST /api/v1/digests":                                 {ok: 200, json: `{"notes": [{"date": "2026-02-02", "text": "Trois mois d'impayés de loyer."}]}`},
	"POST /api/v1/plans/{id}/feedback": {ok: 204, object: true, params: planParams, json: `{"step": 0, "verdict": "useful"}`,
		byRole: map[socle.Role]int{socle.RoleLead: 403, socle.RoleAdmin: 403}},

	// The doctrine as everyone reads it.
	"GET /guides/{slug}/v/{n}/source":                 {ok: 200, object: true},
	"GET /guides/{slug}/diff":                         {ok: 200, object: true, query: "from=1&to=2", byRole: drafts},
	"GET /glossary":                                   {ok: 200},
	"GET /glossary.csv":                               {ok: 200},
	"GET /api/v1/guides/{slug}/versions/{n}/source":   {ok: 200, object: true},
	"GET /api/v1/guides/{slug}/versions/{n}/services": {ok: 200, object: true, params: catalogParams},
	"GET /api/v1/guides/{slug}/diff":                  {ok: 200, object: true, query: "from=1&to=2", byRole: drafts},
	"GET /api/v1/glossary":                            {ok: 200},
	"GET /api/v1/settings":                            {ok: 200},
	"GET /insights/about":                             {ok: 200},

	// The leads' workspace: drafts, reviews and uploads belong to the organization.
	"GET /guides":                                          {ok: 200},
	"POST /settings/review":                                {ok: 303, form: url.Values{"review_required": {"on"}}},
	"GET /guides/upload":                                   {ok: 200},
	"POST /guides/upload":                                  {ok: 303, file: guideUpload, fileName: "note.md", form: url.Values{"guide": {"new"}, "slug": {"{unique}"}}},
	"GET /jobs/{id}":                                       {ok: 200, object: true, params: jobParams},
	"GET /guides/write":                                    {ok: 200},
	"POST /guides/write":                                   {ok: 303, form: url.Values{"slug": {"{unique}"}, "title": {"Note"}, "format": {"markdown"}, "text": {guideUpload}}},
	"GET /guides/{slug}/edit":                              {ok: 200, object: true},
	"POST /guides/{slug}/edit":                             {ok: 303, object: true, form: url.Values{"base": {"1"}, "format": {"markdown"}, "text": {guideUpload}}},
	"GET /guides/{slug}/v/{n}/review":                      {ok: 200, object: true},
	"POST /guides/{slug}/v/{n}/state":                      {ok: 303, object: true, params: draftParams, form: url.Values{"state": {"review"}}},
	"POST /guides/{slug}/v/{n}/comments":                   {ok: 303, object: true, form: url.Values{"body": {"À préciser."}}},
	"GET /guides/{slug}/services/new":                      {ok: 200, object: true, params: catalogParams},
	"GET /guides/{slug}/services/{id}/edit":                {ok: 200, object: true, params: catalogParams},
	"POST /guides/{slug}/services":                         {ok: 303, object: true, params: catalogParams, form: url.Values{"base": {"1"}, "id": {"{unique}"}, "name": {"Épicerie solidaire"}}},
	"POST /glossary":                                       {ok: 303, form: url.Values{"term": {"{unique}"}, "expansions": {"une expansion"}}},
	"POST /glossary/import":                                {ok: 303, file: "term,expansions\nCCAS,centre communal d'action sociale\n", fileName: "glossaire.csv"},
	"POST /glossary/{term}/delete":                         {ok: 303, object: true, params: termParams},
	"GET /insights":                                        {ok: 200},
	"POST /insights/retention":                             {ok: 303, form: url.Values{"days": {"200"}}},
	"POST /insights/learning":                              {ok: 303, form: url.Values{"learn": {"on"}}},
	"GET /insights.csv":                                    {ok: 200, query: "table=needs"},
	"GET /api/v1/insights":                                 {ok: 200},
	"POST /insights/passage-rules":                         {ok: 303, otherOrg: 404, form: url.Values{"need": {"logement"}, "guide": {"guide-alpha"}, "digest": {ruleDigest}, "rule": {"keep"}}},
	"GET /api/v1/passage-rules":                            {ok: 200},
	"PUT /api/v1/passage-rules/{need}/{guide}/{digest}":    {ok: 200, object: true, params: ruleParams, json: `{"rule": "set_aside"}`},
	"DELETE /api/v1/passage-rules/{need}/{guide}/{digest}": {ok: 204, object: true, params: ruleParams},
	"POST /api/v1/guides":                                  {ok: 202, file: guideUpload, fileName: "note.md", form: url.Values{"slug": {"{unique}"}}},
	"POST /api/v1/guides/{slug}/versions":                  {ok: 202, object: true, file: guideUpload, fileName: "note.md"},
	"GET /api/v1/jobs":                                     {ok: 200},
	"GET /api/v1/jobs/{id}":                                {ok: 200, object: true, params: jobParams},
	"POST /api/v1/guides/{slug}/versions/{n}/state":        {ok: 200, object: true, params: draftParams, json: `{"state": "review"}`},
	"GET /api/v1/guides/{slug}/versions/{n}/comments":      {ok: 200, object: true},
	"POST /api/v1/guides/{slug}/versions/{n}/comments":     {ok: 201, object: true, json: `{"body": "À préciser."}`},
	"GET /api/v1/guides/{slug}/versions/{n}/impact":        {ok: 200, object: true},
	"PUT /api/v1/guides/{slug}/versions/{n}/sections/{id}": {ok: 201, object: true, params: sectionParams, json: `{"text": "Texte revu."}`},
	"PUT /api/v1/guides/{slug}/versions/{n}/services/{id}": {ok: 201, object: true, params: catalogParams, json: `{"name": "Épicerie solidaire"}`},
	"POST /api/v1/guides/{slug}/text":                      {ok: 201, object: true, json: `{"format": "markdown", "base": 1, "text": "# Accueil\n\nRecevoir la personne."}`},
	"POST /api/v1/preview":                                 {ok: 200, json: `{"format": "markdown", "text": "# Accueil\n\nRecevoir la personne."}`},
	"PUT /api/v1/glossary/{term}":                          {ok: 200, params: termParams, json: `{"expansions": ["une expansion"]}`},
	"DELETE /api/v1/glossary/{term}":                       {ok: 204, object: true, params: termParams},
	"PUT /api/v1/settings":                                 {ok: 200, json: `{"review_required": true}`},

	// Learning paths: trainers write them, trainers and leads follow the organization's
	// progress, every member follows their own.
	"GET /paths":                                     {ok: 200},
	"GET /paths/new":                                 {ok: 200},
	"POST /paths":                                    {ok: 303, params: sectionParams, form: pathForm, otherOrg: 400},
	"GET /paths/{id}":                                {ok: 200, object: true, params: pathParams},
	"GET /paths/{id}/edit":                           {ok: 200, object: true, params: pathParams},
	"POST /paths/{id}":                               {ok: 303, object: true, params: pathParams, form: pathForm, otherOrg: 400},
	"POST /paths/{id}/publish":                       {ok: 303, object: true, params: pathParams},
	"POST /paths/{id}/assign":                        {ok: 303, object: true, params: publishedPathParams, form: url.Values{"role": {"caseworker"}}},
	"GET /paths/{id}/progress":                       {ok: 200, object: true, params: publishedPathParams},
	"GET /paths/{id}/progress.csv":                   {ok: 200, object: true, params: publishedPathParams},
	"GET /me/paths":                                  {ok: 200},
	"GET /me/paths/{id}":                             {ok: 200, object: true, params: publishedPathParams},
	"POST /me/paths/{id}/steps/{step}/read":          {ok: 303, object: true, params: publishedPathParams},
	"POST /me/paths/{id}/steps/{step}/answer":        {ok: 303, object: true, params: publishedPathParams, form: url.Values{"choice": {"0"}}},
	"GET /api/v1/paths":                              {ok: 200},
	"POST /api/v1/paths":                             {ok: 201, params: sectionParams, json: `{"title": "Premiers pas", "steps": [{"guide": "guide-alpha", "section_id": "{section}"}]}`, otherOrg: 400},
	"GET /api/v1/paths/suggest":                      {ok: 200, query: "from=guide&guide=guide-alpha", object: true},
	"GET /api/v1/paths/{id}":                         {ok: 200, object: true, params: pathParams},
	"PUT /api/v1/paths/{id}":                         {ok: 200, object: true, params: pathParams, json: `{"title": "Premiers pas revus", "steps": [{"guide": "guide-alpha", "section_id": "{section}"}]}`, otherOrg: 400},
	"POST /api/v1/paths/{id}/publish":                {ok: 200, object: true, params: pathParams},
	"POST /api/v1/paths/{id}/assign":                 {ok: 200, object: true, params: publishedPathParams, json: `{"role": "caseworker"}`},
	"GET /api/v1/paths/{id}/progress":                {ok: 200, object: true, params: publishedPathParams},
	"GET /api/v1/me/paths":                           {ok: 200},
	"GET /api/v1/me/paths/{id}":                      {ok: 200, object: true, params: publishedPathParams},
	"POST /api/v1/me/paths/{id}/steps/{step}/read":   {ok: 200, object: true, params: publishedPathParams},
	"POST /api/v1/me/paths/{id}/steps/{step}/answer": {ok: 200, object: true, params: publishedPathParams, json: `{"choices": [0]}`},
}

// policyFixture is the fixture with a member of each role in organization alpha and an
// administrator of organization beta.
type policyFixture struct {
	*fixture
	clients map[string]*http.Client // by caller name
	author  *http.Client            // alpha's caseworker, who writes the plans
	section string                  // a section of alpha's published guide
	service string                  // a service of alpha's catalog
}

func sectionParams(t *testing.T, f *policyFixture) map[string]string {
	return map[string]string{"id": f.section}
}

// pdfPageParams names page 1 of alpha's guide read from a PDF, uploaded on first use.
func pdfPageParams(t *testing.T, f *policyFixture) map[string]string {
	ctx := context.Background()
	if _, err := f.store.GuideBySlug(ctx, f.orgA.ID, "pdf-alpha"); err != nil {
		data, err := os.ReadFile(filepath.Join("..", "ingest", "pdf", "testdata", "running.pdf"))
		must(t, err)
		_, err = f.app.Authoring.AddVersion(ctx, authoring.Upload{OrgID: f.orgA.ID, Guide: "pdf-alpha", FileName: "guide.pdf", Data: data, Publish: true})
		must(t, err)
	}
	return map[string]string{"slug": "pdf-alpha", "page": "1.png"}
}

// planParams saves a new plan of alpha's caseworker for each request, so that a deletion
// does not change what the next caller finds.
func planParams(t *testing.T, f *policyFixture) map[string]string {
	return map[string]string{"id": saved(t, f.fixture, f.author)}
}

// memberParams makes a new member of alpha for each request.
func memberParams(t *testing.T, f *policyFixture) map[string]string {
	u := f.addMember(t, f.orgA, fmt.Sprintf("member-%d@alpha.example.org", seq.Add(1)), socle.RoleCaseworker)
	return map[string]string{"user": u.ID}
}

// tokenParams makes a token of alpha's caseworker for each request.
func tokenParams(t *testing.T, f *policyFixture) map[string]string {
	u, err := f.store.UserByEmail(context.Background(), "alpha@example.org")
	must(t, err)
	_, tok, err := access.CreateAPIToken(context.Background(), f.store, f.orgA.ID, u.ID, "t", 0)
	must(t, err)
	return map[string]string{"id": tok.ID}
}

// linkParams invites someone to alpha for each request and names the invitation's link.
func linkParams(t *testing.T, f *policyFixture) map[string]string {
	inv, err := f.app.Access.Invite(context.Background(), f.orgA.ID, fmt.Sprintf("invited-%d@alpha.example.org", seq.Add(1)), "", socle.RoleCaseworker)
	must(t, err)
	links, err := f.store.Links(context.Background(), f.orgA.ID)
	must(t, err)
	for _, l := range links {
		if l.UserID == inv.User.ID {
			return map[string]string{"id": l.ID}
		}
	}
	t.Fatal("no link for the invitation")
	return nil
}

var pathValue = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// TestRoutePolicy sends every route of the server as each role of an organization, as an
// administrator of another organization and as nobody, and checks the status the policy table
// gives. A route without a rule fails the test.
func TestRoutePolicy(t *testing.T) {
	base := newFixtureWith(t, withUploads(t))
	f := &policyFixture{fixture: base, clients: map[string]*http.Client{}}
	roles := []socle.Role{socle.RoleAdmin, socle.RoleLead, socle.RoleCaseworker, socle.RoleTrainer}
	for _, role := range roles {
		email := string(role) + "@alpha.example.org"
		if role == socle.RoleCaseworker {
			email = "alpha@example.org"
		} else {
			f.addMember(t, f.orgA, email, role)
		}
		c := client(t)
		f.signIn(t, c, email)
		f.clients[string(role)] = c
	}
	f.author = f.clients[string(socle.RoleCaseworker)]
	f.addMember(t, f.orgB, "admin@beta.example.org", socle.RoleAdmin)
	f.clients["other-org-admin"] = client(t)
	f.signIn(t, f.clients["other-org-admin"], "admin@beta.example.org")
	f.clients["nobody"] = client(t)
	secs, err := f.store.Sections(context.Background(), f.orgA.ID, mustPublished(t, f.fixture))
	must(t, err)
	f.section = secs[len(secs)-1].ID
	cat, err := f.app.Authoring.AddVersion(context.Background(), authoring.Upload{OrgID: f.orgA.ID, Guide: "catalog-alpha", FileName: "services.csv",
		Data: []byte("id,name,description\nepicerie,Épicerie solidaire,Des courses à petit prix.\n"), Publish: true})
	must(t, err)
	svcs, err := f.store.Services(context.Background(), f.orgA.ID, cat.Version.ID)
	must(t, err)
	f.service = svcs[0].ID
	draftParams(t, f) // version 2 of alpha's guide, for the comparisons

	routes := f.app.Routes()
	seen := map[string]bool{}
	for _, rt := range routes {
		seen[rt.Pattern] = true
		ru, ok := policy[rt.Pattern]
		if !ok {
			t.Errorf("route %q has no rule in the access policy table (web/routes_test.go): decide who may call it and add one", rt.Pattern)
			continue
		}
		t.Run(rt.Pattern, func(t *testing.T) {
			for _, who := range []string{"admin", "lead", "caseworker", "trainer", "other-org-admin", "nobody"} {
				want := expected(rt, ru, who)
				got, loc := f.call(t, rt, ru, f.clients[who])
				if got != want {
					t.Errorf("%s as %s: got %d, want %d", rt.Pattern, who, got, want)
				}
				if who == "nobody" && !ru.anyone && !rt.API && !strings.HasPrefix(loc, "/login?next=") {
					t.Errorf("%s as nobody: redirected to %q, want the sign-in page", rt.Pattern, loc)
				}
			}
		})
	}
	for pattern := range policy {
		if !seen[pattern] {
			t.Errorf("the policy table has a rule for %q, which the server does not register: remove it", pattern)
		}
	}
}

// expected is the status the policy gives a caller.
func expected(rt web.Route, ru rule, who string) int {
	if ru.anyone {
		return ru.ok
	}
	if who == "nobody" {
		if rt.API {
			return http.StatusUnauthorized
		}
		return http.StatusSeeOther
	}
	role := socle.Role(who)
	if who == "other-org-admin" {
		role = socle.RoleAdmin
	}
	if !(access.Principal{Role: role}).Can(rt.Need) {
		return http.StatusForbidden
	}
	if who == "other-org-admin" {
		if ru.otherOrg != 0 {
			return ru.otherOrg
		}
		if ru.object {
			return http.StatusNotFound
		}
		return ru.ok
	}
	if s, ok := ru.byRole[role]; ok {
		return s
	}
	return ru.ok
}

// call sends one request for the route as the client; it returns the status and Location.
func (f *policyFixture) call(t *testing.T, rt web.Route, ru rule, c *http.Client) (int, string) {
	t.Helper()
	method, path, ok := strings.Cut(rt.Pattern, " ")
	if !ok {
		method, path = "GET", rt.Pattern
	}
	params := map[string]string{"slug": "guide-alpha", "n": "1", "lang": "en"}
	if ru.params != nil {
		for k, v := range ru.params(t, f) {
			params[k] = v
		}
	}
	path = strings.TrimSuffix(path, "{$}")
	path = pathValue.ReplaceAllStringFunc(path, func(m string) string {
		name := pathValue.FindStringSubmatch(m)[1]
		v, ok := params[name]
		if !ok {
			t.Fatalf("%s: no value for {%s}: give the rule a params function", rt.Pattern, name)
		}
		return url.PathEscape(v)
	})
	switch {
	case path == "/static/":
		path = "/static/style.css"
	case path == "/api/":
		path = "/api/v1/no-such-route"
	}
	var body io.Reader
	ctype := ""
	fill := strings.NewReplacer("{section}", f.section, "{unique}", fmt.Sprintf("u%d", seq.Add(1)))
	switch {
	case ru.file != "":
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range ru.form {
			must(t, mw.WriteField(k, fill.Replace(v[0])))
		}
		fw, err := mw.CreateFormFile("file", ru.fileName)
		must(t, err)
		io.WriteString(fw, ru.file)
		must(t, mw.Close())
		body, ctype = &buf, mw.FormDataContentType()
	case ru.form != nil:
		form := url.Values{}
		for k, v := range ru.form {
			if v[0] == "{email}" {
				v = []string{fmt.Sprintf("new-%d@example.org", seq.Add(1))}
			}
			form[k] = []string{fill.Replace(v[0])}
		}
		if rt.Pattern == "POST /login" {
			form.Set("email", fmt.Sprintf("nobody-%d@example.org", len(f.clients)+int(seq.Add(1))))
		}
		body, ctype = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	case ru.json != "":
		js := fill.Replace(strings.ReplaceAll(ru.json, "{email}", fmt.Sprintf("new-%d@example.org", seq.Add(1))))
		body, ctype = strings.NewReader(js), "application/json"
	}
	u := f.srv.URL + path
	if ru.query != "" {
		u += "?" + ru.query
	}
	req, err := http.NewRequest(method, u, body)
	must(t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if ru.cookieless {
		c = client(t)
	}
	resp, err := c.Do(req)
	must(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// mustPublished returns the id of alpha's published guide version.
func mustPublished(t *testing.T, f *fixture) string {
	t.Helper()
	vs, err := f.store.PublishedVersions(context.Background(), f.orgA.ID)
	must(t, err)
	return vs[0].ID
}

var seq atomic.Int64

// drafts: caseworkers and trainers do not see versions not yet published (404).
var drafts = map[socle.Role]int{socle.RoleCaseworker: 404, socle.RoleTrainer: 404}

// guideUpload is the small Markdown guide the upload and writing routes are sent.
const guideUpload = "# Accueil\n\nRecevoir la personne et noter sa demande.\n"

// pathForm is the builder's form of a path with one step, the fixture's section.
var pathForm = url.Values{"title": {"Premiers pas"}, "steps": {"1"}, "section_0": {"guide-alpha/{section}"}, "op": {"save"}}

func userID(t *testing.T, f *policyFixture, email string) string {
	u, err := f.store.UserByEmail(context.Background(), email)
	must(t, err)
	return u.ID
}

// catalogParams names alpha's catalog and its service.
func catalogParams(t *testing.T, f *policyFixture) map[string]string {
	return map[string]string{"slug": "catalog-alpha", "id": f.service}
}

// draftParams writes a new draft of alpha's guide for each request.
func draftParams(t *testing.T, f *policyFixture) map[string]string {
	res, err := f.app.Authoring.EditSection(context.Background(), f.orgA.ID, "guide-alpha", 1, f.section,
		fmt.Sprintf("Texte revu %d.", seq.Add(1)), "", userID(t, f, "lead@alpha.example.org"))
	must(t, err)
	return map[string]string{"n": fmt.Sprint(res.Version.N)}
}

// jobParams records an upload job of alpha.
func jobParams(t *testing.T, f *policyFixture) map[string]string {
	j := socle.Job{OrgID: f.orgA.ID, Kind: "upload", FileName: "note.pdf", Guide: "guide-alpha"}
	must(t, f.store.CreateJob(context.Background(), &j))
	return map[string]string{"id": j.ID}
}

// termParams adds a term to alpha's glossary for each request.
func termParams(t *testing.T, f *policyFixture) map[string]string {
	term := fmt.Sprintf("T%d", seq.Add(1))
	must(t, f.store.PutGlossaryEntry(context.Background(), &socle.GlossaryEntry{OrgID: f.orgA.ID, Term: term, Expansions: []string{"terme"}}))
	return map[string]string{"term": term}
}

// ruleDigest names a passage of alpha's guide for the rule routes (any well-formed digest will do).
var ruleDigest = socle.PassageDigest("Recevoir la personne.")

// ruleParams sets a lead's rule on a passage of alpha's guide for each request, so that a
// withdrawal finds one, and names it.
func ruleParams(t *testing.T, f *policyFixture) map[string]string {
	ctx := context.Background()
	g, err := f.store.GuideBySlug(ctx, f.orgA.ID, "guide-alpha")
	must(t, err)
	must(t, f.store.SetPassageRule(ctx, &socle.PassageRule{OrgID: f.orgA.ID, Need: "logement", GuideID: g.ID, Digest: ruleDigest, Rule: socle.RuleKeep}))
	return map[string]string{"need": "logement", "guide": "guide-alpha", "digest": ruleDigest}
}

// pathParams writes a new draft path of alpha for each request.
func pathParams(t *testing.T, f *policyFixture) map[string]string {
	lp, err := f.app.Training.Create(context.Background(), f.orgA.ID, userID(t, f, "trainer@alpha.example.org"),
		training.Draft{Title: "Premiers pas", Steps: []training.StepDraft{{Guide: "guide-alpha", SectionID: f.section}}})
	must(t, err)
	return map[string]string{"id": lp.ID}
}

// publishedPathParams publishes a new path of alpha with a question, assigned to every member
// of alpha, and names it and its step.
func publishedPathParams(t *testing.T, f *policyFixture) map[string]string {
	ctx := context.Background()
	q := &socle.Question{Prompt: "Que faire ?", Choices: []socle.Choice{{Text: "Recevoir", Right: true}, {Text: "Attendre"}}}
	lp, err := f.app.Training.Create(ctx, f.orgA.ID, userID(t, f, "trainer@alpha.example.org"),
		training.Draft{Title: "Premiers pas", Steps: []training.StepDraft{{Guide: "guide-alpha", SectionID: f.section, Question: q}}})
	must(t, err)
	lp, err = f.app.Training.Publish(ctx, f.orgA.ID, lp.ID)
	must(t, err)
	members, err := f.store.Members(ctx, f.orgA.ID)
	must(t, err)
	for _, m := range members {
		must(t, f.store.Assign(ctx, &socle.Assignment{OrgID: f.orgA.ID, PathID: lp.ID, UserID: m.UserID}))
	}
	return map[string]string{"id": lp.ID, "step": lp.Published.Steps[0].ID}
}

// withUploads gives the fixture's server an upload runner, for the upload routes.
func withUploads(t *testing.T) func(*web.Server) {
	return func(s *web.Server) {
		u := &authoring.Uploads{Service: s.Authoring, Store: s.Store, Log: s.Log}
		must(t, u.Start(context.Background(), true))
		t.Cleanup(u.Stop)
		s.Uploads = u
	}
}
