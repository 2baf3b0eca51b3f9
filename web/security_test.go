package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/web"
)

// The tests of this file each come from a finding of the security review of issue 15: each
// failed on the code before its fix.

// passwordHash is the fixture password's hash, made once: bcrypt is slow on purpose, slower
// still under the race detector.
var passwordHash = sync.OnceValue(func() string {
	h, _ := access.HashPassword(password)
	return h
})

// addMember creates an account with the fixture's password and gives it a role in org.
func (f *fixture) addMember(t *testing.T, org socle.Organization, email string, role socle.Role) socle.User {
	t.Helper()
	u := socle.User{Email: email, Name: strings.Split(email, "@")[0], PasswordHash: passwordHash()}
	must(t, f.store.CreateUser(context.Background(), &u))
	must(t, f.store.SetMembership(context.Background(), &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: role}))
	return u
}

// postForm posts a form without following redirects or parsing their Location, which may be
// what a browser would mangle.
func postForm(t *testing.T, c *http.Client, u string, form url.Values) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range c.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	must(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// TestRedirectStaysLocal: after sign-in and language switch, a `next` that a browser would
// read as another site sends home instead.
func TestRedirectStaysLocal(t *testing.T) {
	f := newFixture(t)
	bad := []string{
		"/\t/evil.example/", "/\n/evil.example/", "/\r/evil.example", "//evil.example", "/\\evil.example",
		"\\/evil.example", "/.//evil.example", "https://evil.example/", "evil.example", "/%09/evil.example/x\x00",
		"/ /evil.example", " //evil.example", "/\x7f/evil.example", "/a/../\\evil.example",
	}
	for i, next := range bad {
		resp := postForm(t, client(t), f.srv.URL+"/lang/en", url.Values{"next": {next}})
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("POST /lang/en next=%q: Location %q, want /", next, loc)
		}
		if i >= 4 {
			continue // the same check; each sign-in costs a bcrypt
		}
		c := client(t)
		resp = postForm(t, c, f.srv.URL+"/login", url.Values{"email": {"alpha@example.org"}, "password": {password}, "next": {next}})
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("POST /login next=%q: %d to %q, want 303 to /", next, resp.StatusCode, loc)
		}
	}
	for _, good := range []string{"/plans", "/guides/guide-alpha/v/1/s/x?start=1&end=2#cited", "/search?q=a%2Fb"} {
		resp := postForm(t, client(t), f.srv.URL+"/lang/en", url.Values{"next": {good}})
		if loc := resp.Header.Get("Location"); loc != good {
			t.Errorf("POST /lang/en next=%q: Location %q, want it kept", good, loc)
		}
	}
}

// TestSignInThrottle: failed sign-ins are counted per account and per client address, refused
// with a time to retry once too many, logged without the password.
func TestSignInThrottle(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	f := newFixtureWith(t, func(s *web.Server) {
		s.Log = slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
		s.Access.Throttle.AddressFree = 10 // the default is 20: fewer bcrypt checks to reach it
	})
	c := client(t)
	wrong := "not-the-password-42"
	for i := range 5 {
		resp := postForm(t, c, f.srv.URL+"/login", url.Values{"email": {"alpha@example.org"}, "password": {wrong}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: got %d, want 401", i+1, resp.StatusCode)
		}
	}
	// The right password, after five wrong ones in a row, waits.
	resp, err := c.PostForm(f.srv.URL+"/login", url.Values{"email": {"alpha@example.org"}, "password": {password}})
	must(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("sign-in after 5 failures: got %d (Retry-After %q), want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if !strings.Contains(string(page), "réessayez") && !strings.Contains(string(page), "try again") {
		t.Fatalf("the throttled page does not say when to retry:\n%s", page)
	}
	// Another account from the same address is still open, until the address has failed too
	// often.
	f.addMember(t, f.orgA, "other@example.org", socle.RoleCaseworker)
	if resp := postForm(t, client(t), f.srv.URL+"/login", url.Values{"email": {"other@example.org"}, "password": {password}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("another account from the same address: got %d, want 303", resp.StatusCode)
	}
	throttled := false
	for i := range 20 {
		resp := postForm(t, client(t), f.srv.URL+"/login", url.Values{"email": {fmt.Sprintf("guess%d@example.org", i)}, "password": {wrong}})
		if resp.StatusCode == http.StatusTooManyRequests {
			throttled = true
			break
		}
	}
	if !throttled {
		t.Fatal("20 failed sign-ins on 20 accounts from one address were all answered: want the address throttled")
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "sign-in failed") || strings.Contains(logs.String(), wrong) {
		t.Fatalf("the log must record failed sign-ins without the password:\n%s", logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// multipartBody is a form with one file part of n bytes.
func multipartBody(n int) (io.Reader, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("next", "/")
	part, _ := w.CreateFormFile("file", "big.bin")
	part.Write(bytes.Repeat([]byte("x"), n))
	w.Close()
	return &b, w.FormDataContentType()
}

// TestBodyLimits: no route reads a body past its limit, and forms take no file parts, so that
// nothing spills to the temporary directory.
func TestBodyLimits(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	post := func(path string, body io.Reader, ctype string, chunked bool) int {
		req, _ := http.NewRequest("POST", f.srv.URL+path, body)
		req.Header.Set("Content-Type", ctype)
		if chunked {
			req.ContentLength = -1 // no length announced: the limit must hold while reading
		}
		resp, err := c.Do(req)
		must(t, err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, path := range []string{"/lang/en", "/login", "/logout"} {
		for _, chunked := range []bool{false, true} {
			b, ctype := multipartBody(8 << 20)
			if code := post(path, b, ctype, chunked); code != http.StatusRequestEntityTooLarge && code != http.StatusUnsupportedMediaType {
				t.Errorf("POST %s with an 8 MiB file part (chunked %v): got %d, want 413 or 415", path, chunked, code)
			}
			big := "next=/&email=" + strings.Repeat("a", 1<<20)
			if code := post(path, strings.NewReader(big), "application/x-www-form-urlencoded", chunked); code != http.StatusRequestEntityTooLarge {
				t.Errorf("POST %s with a 1 MiB form (chunked %v): got %d, want 413", path, chunked, code)
			}
		}
		b, ctype := multipartBody(100)
		if code := post(path, b, ctype, false); code != http.StatusUnsupportedMediaType {
			t.Errorf("POST %s with a small multipart form: got %d, want 415 (forms are url-encoded)", path, code)
		}
	}
	f.signIn(t, c, "alpha@example.org")
	big := `{"situation": "` + strings.Repeat("a", 2<<20) + `"}`
	if code := post("/api/v1/plans", strings.NewReader(big), "application/json", true); code != http.StatusRequestEntityTooLarge {
		t.Errorf("POST /api/v1/plans with 2 MiB: got %d, want 413", code)
	}
	for _, r := range f.app.Routes() {
		if r.Upload {
			t.Logf("upload route %s", r.Pattern)
		}
	}
}

// saved makes and saves a plan as the client's member, and returns its id.
func saved(t *testing.T, f *fixture, c *http.Client) string {
	t.Helper()
	code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Trois mois d'impayés de loyer, le bailleur menace.", "save": true}`)
	var rep struct{ ID string }
	json.Unmarshal([]byte(b), &rep)
	if code != http.StatusOK || rep.ID == "" {
		t.Fatalf("save a plan: %d %s", code, b)
	}
	return rep.ID
}

func send(t *testing.T, c *http.Client, method, u, ctype, body string) int {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.Do(req)
	must(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestSavedPlanPolicy: the author manages their plans; leads and admins may read them, each
// read an audit event; only an admin deletes another member's plan; nobody else sees it.
func TestSavedPlanPolicy(t *testing.T) {
	f := newFixture(t)
	for _, m := range []struct {
		email string
		role  socle.Role
	}{{"lead@example.org", socle.RoleLead}, {"admin@example.org", socle.RoleAdmin}, {"colleague@example.org", socle.RoleCaseworker}, {"trainer@example.org", socle.RoleTrainer}} {
		f.addMember(t, f.orgA, m.email, m.role)
	}
	as := func(email string) *http.Client {
		c := client(t)
		f.signIn(t, c, email)
		return c
	}
	author := as("alpha@example.org")
	form := "application/x-www-form-urlencoded"
	type call struct{ method, path, ctype, body string }
	reads := []call{{"GET", "/plans/%s", "", ""}, {"GET", "/api/v1/plans/%s", "", ""}, {"GET", "/api/v1/plans/%s/markdown", "", ""}}
	writes := []call{{"POST", "/plans/%s/feedback", form, "step=0&verdict=useful"}, {"POST", "/api/v1/plans/%s/feedback", "application/json", `{"step": 0, "verdict": "useful"}`}}
	deletes := []call{{"POST", "/plans/%s/delete", form, ""}, {"DELETE", "/api/v1/plans/%s", "", ""}}
	tests := []struct {
		who                    string
		read, write, del, del2 int
	}{
		{"colleague@example.org", 404, 404, 404, 404},
		{"trainer@example.org", 403, 403, 403, 403},
		{"beta@example.org", 404, 404, 404, 404},
		{"lead@example.org", 200, 403, 403, 403},
		{"admin@example.org", 200, 403, 303, 204},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			c := as(tt.who)
			for _, k := range reads {
				id := saved(t, f, author)
				if code := send(t, c, k.method, f.srv.URL+fmt.Sprintf(k.path, id), k.ctype, k.body); code != tt.read {
					t.Errorf("%s %s: got %d, want %d", k.method, k.path, code, tt.read)
				}
				events, _ := f.store.Audit(context.Background(), f.orgA.ID, socle.AuditFilter{ObjectID: id})
				read := false
				for _, e := range events {
					read = read || e.Action == "plan.read"
				}
				if read != (tt.read == 200) {
					t.Errorf("%s %s: audit event plan.read %v, want %v", k.method, k.path, read, tt.read == 200)
				}
			}
			for _, k := range writes {
				id := saved(t, f, author)
				if code := send(t, c, k.method, f.srv.URL+fmt.Sprintf(k.path, id), k.ctype, k.body); code != tt.write {
					t.Errorf("%s %s: got %d, want %d", k.method, k.path, code, tt.write)
				}
			}
			for i, k := range deletes {
				id := saved(t, f, author)
				want := tt.del
				if i == 1 {
					want = tt.del2
				}
				if code := send(t, c, k.method, f.srv.URL+fmt.Sprintf(k.path, id), k.ctype, k.body); code != want {
					t.Errorf("%s %s: got %d, want %d", k.method, k.path, code, want)
				}
				_, err := f.store.Plan(context.Background(), f.orgA.ID, id)
				if gone := err != nil; gone != (want == 204 || want == 303) {
					t.Errorf("%s %s: plan deleted %v, want %v", k.method, k.path, gone, !gone)
				}
			}
		})
	}
	// The author does everything to their own plan; leads list every plan, a caseworker only
	// their own.
	id := saved(t, f, author)
	for _, k := range append(append(reads, writes...), deletes[1]) {
		if code := send(t, author, k.method, f.srv.URL+fmt.Sprintf(k.path, id), k.ctype, k.body); code >= 400 {
			t.Errorf("author %s %s: got %d", k.method, k.path, code)
		}
	}
	// A supervisor's page of another member's plan offers neither rating nor, for a lead,
	// deletion.
	other := saved(t, f, author)
	if _, page := body(t, as("lead@example.org"), "GET", f.srv.URL+"/plans/"+other, nil); strings.Contains(page, "/feedback") || strings.Contains(page, "/delete") {
		t.Error("a lead's page of another member's plan offers rating or deletion")
	}
	if _, page := body(t, as("admin@example.org"), "GET", f.srv.URL+"/plans/"+other, nil); strings.Contains(page, "/feedback") || !strings.Contains(page, "/delete") {
		t.Error("an admin's page of another member's plan must offer deletion, not rating")
	}
	count := func(c *http.Client) int {
		_, b := body(t, c, "GET", f.srv.URL+"/api/v1/plans", nil)
		var list struct{ Plans []struct{ ID string } }
		json.Unmarshal([]byte(b), &list)
		return len(list.Plans)
	}
	if n := count(as("colleague@example.org")); n != 0 {
		t.Errorf("a colleague lists %d plans of others, want 0", n)
	}
	if n := count(as("lead@example.org")); n == 0 {
		t.Error("a lead lists no plan of the team, want every plan")
	}
}

// TestExpensiveLimits: a case file has a size cap, and past the number of concurrent expensive
// requests (plans, digests) the server answers 503 with Retry-After.
func TestExpensiveLimits(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	var notes []string
	for len(strings.Join(notes, ",")) < 300<<10 {
		notes = append(notes, `{"date": "2026-02-02", "text": "`+strings.Repeat("Madame Dupont a des impayés de loyer. ", 400)+`"}`)
	}
	code, b := postJSON(t, c, f.srv.URL+"/api/v1/digests", `{"notes": [`+strings.Join(notes, ",")+`]}`)
	if code != http.StatusRequestEntityTooLarge {
		t.Fatalf("a 300 KiB case file: got %d, want 413\n%.300s", code, b)
	}
	release := f.app.HoldExpensive()
	resp, err := c.Post(f.srv.URL+"/api/v1/plans", "application/json", strings.NewReader(`{"situation": "Impayés de loyer."}`))
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a plan while every slot is taken: got %d (Retry-After %q), want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	release()
	if code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Impayés de loyer."}`); code != http.StatusOK {
		t.Fatalf("a plan once the slots are free: %d %s", code, b)
	}
}

// TestMarkdownLinksFromPublicURL: the Markdown export never builds links from the Host header.
func TestMarkdownLinksFromPublicURL(t *testing.T) {
	for _, public := range []string{"", "https://socle.example.org"} {
		f := newFixtureWith(t, func(s *web.Server) { s.PublicURL = public })
		c := client(t)
		f.signIn(t, c, "alpha@example.org")
		id := saved(t, f, c)
		code, md := body(t, c, "GET", f.srv.URL+"/api/v1/plans/"+id+"/markdown", map[string]string{"X-Forwarded-Host": "evil.example"})
		req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/plans/"+id+"/markdown", nil)
		req.Host = "evil.example"
		for _, ck := range c.Jar.Cookies(mustURL(f.srv.URL)) {
			req.AddCookie(ck)
		}
		resp, err := c.Do(req)
		must(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if code != 200 || strings.Contains(md+string(b), "evil.example") {
			t.Fatalf("markdown with a forged Host: links name it\n%s", b)
		}
		if !strings.Contains(string(b), "]("+public+"/guides/guide-alpha/v/1/s/") {
			t.Fatalf("markdown links do not start with the public URL %q:\n%s", public, b)
		}
	}
}

// TestSecurityHeaders: pages and API answers carrying case data are not cached; JSON is not
// sniffed; no page leaks its address to other sites; /static/ lists nothing.
func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	id := saved(t, f, c)
	get := func(path string) http.Header {
		resp, err := c.Get(f.srv.URL + path)
		must(t, err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.Header
	}
	for _, path := range []string{"/plans/" + id, "/plans", "/api/v1/plans/" + id, "/api/v1/plans", "/api/v1/plans/" + id + "/markdown", "/plan", "/api/v1/me"} {
		if h := get(path); !strings.Contains(h.Get("Cache-Control"), "no-store") {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, h.Get("Cache-Control"))
		}
	}
	code, _ := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "Impayés de loyer."}`)
	resp, err := c.Post(f.srv.URL+"/api/v1/plans", "application/json", strings.NewReader(`{"situation": "Impayés de loyer."}`))
	must(t, err)
	resp.Body.Close()
	if code != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
		t.Errorf("POST /api/v1/plans: Cache-Control %q, want no-store", resp.Header.Get("Cache-Control"))
	}
	for _, path := range []string{"/api/v1/me", "/api/v1/nothing", "/api/v1/plans/" + id} {
		if h := get(path); h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", path, h.Get("X-Content-Type-Options"))
		}
	}
	for _, path := range []string{"/", "/login", "/api/v1/me", "/static/style.css", "/healthz"} {
		if h := get(path); h.Get("Referrer-Policy") == "" {
			t.Errorf("GET %s: no Referrer-Policy", path)
		}
	}
	for _, path := range []string{"/static/", "/static/nothing/"} {
		code, b := body(t, c, "GET", f.srv.URL+path, nil)
		if code != http.StatusNotFound || strings.Contains(b, "style.css") {
			t.Errorf("GET %s: %d, want 404 without a listing\n%.200s", path, code, b)
		}
	}
	if code, _ := body(t, c, "GET", f.srv.URL+"/static/style.css", nil); code != 200 {
		t.Errorf("GET /static/style.css: %d", code)
	}
}

// TestFeedbackPseudonymized: what a caseworker types in a feedback comment is stored
// pseudonymized, as is the situation of a saved plan, even with names in lower case.
func TestFeedbackPseudonymized(t *testing.T) {
	f := newFixture(t)
	c := client(t)
	f.signIn(t, c, "alpha@example.org")
	code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans", `{"situation": "jean-pierre martin a trois mois d'impayés de loyer, écrire à jp.martin(at)free.fr.", "save": true}`)
	var rep struct{ ID string }
	json.Unmarshal([]byte(b), &rep)
	if code != 200 {
		t.Fatalf("plan: %d %s", code, b)
	}
	if code, b := postJSON(t, c, f.srv.URL+"/api/v1/plans/"+rep.ID+"/feedback", `{"step": 0, "verdict": "wrong", "comment": "Mme Claire Fontaine au 06 12 34 56 78 a déjà fait la demande"}`); code != http.StatusNoContent {
		t.Fatalf("feedback: %d %s", code, b)
	}
	resp := postForm(t, c, f.srv.URL+"/plans/"+rep.ID+"/feedback", url.Values{"step": {"0"}, "verdict": {"useful"}, "comment": {"vu avec jp point martin arobase free point fr"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("feedback form: %d", resp.StatusCode)
	}
	fb, err := f.store.Feedback(context.Background(), f.orgA.ID, rep.ID)
	must(t, err)
	pl, err := f.store.Plan(context.Background(), f.orgA.ID, rep.ID)
	must(t, err)
	stored := pl.CaseDigest
	for _, x := range fb {
		stored += "\n" + x.Comment
	}
	for _, leak := range []string{"Fontaine", "06 12", "martin", "free.fr", "free point fr"} {
		if strings.Contains(strings.ToLower(stored), strings.ToLower(leak)) {
			t.Errorf("stored text holds %q:\n%s", leak, stored)
		}
	}
	if !strings.Contains(stored, "déjà fait la demande") {
		t.Errorf("the comment lost its words:\n%s", stored)
	}
}

var _ = time.Second
