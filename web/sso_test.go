package web_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/web"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// The single sign-on tests run a real OpenID provider in the test: zitadel/oidc's provider
// (op) with its example in-memory storage and login form. Nothing of the protocol is imitated:
// discovery, authorization with PKCE, the login, the code exchange, signed ID tokens, userinfo.

// opUsers are the provider's accounts.
type opUsers map[string]*storage.User

func (u opUsers) GetUserByID(id string) *storage.User { return u[id] }
func (u opUsers) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if x.Username == name {
			return x
		}
	}
	return nil
}
func (u opUsers) ExampleClientID() string { return "service" }

// expiringStorage is the example storage, with a client whose ID tokens are expired when
// issued (their lifetime is negative), for the test of expired tokens.
type expiringStorage struct{ *storage.Storage }

type expiredClient struct{ op.Client }

func (expiredClient) IDTokenLifetime() time.Duration { return -time.Minute }

func (s expiringStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err == nil && id == "socle-expired" {
		c = expiredClient{c}
	}
	return c, err
}

// provider is an OpenID provider running on a local port.
type provider struct {
	issuer string
}

func startProvider(t *testing.T, socleURL string) *provider {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	issuer := "http://" + ln.Addr().String()
	users := opUsers{}
	for _, u := range []struct{ id, name, email string }{
		{"sub-marie", "marie", "marie.dupont@alpha.example.org"},
		{"sub-alpha", "alpha", "alpha@example.org"},
		{"sub-outsider", "outsider", "someone@elsewhere.example"},
		{"sub-gone", "gone", "gone@alpha.example.org"},
	} {
		users[u.id] = &storage.User{ID: u.id, Username: u.name, Password: "provider-password", Email: u.email, EmailVerified: true, FirstName: "Marie", LastName: "Dupont"}
	}
	clients := map[string]*storage.Client{
		"socle":         storage.WebClient("socle", "client-secret", socleURL+"/sso/test/callback"),
		"socle-expired": storage.WebClient("socle-expired", "client-secret", socleURL+"/sso/expired/callback"),
	}
	st := expiringStorage{storage.NewStorageWithClients(users, clients)}
	// (SetupServer makes its logger the default one: a silent one keeps the test output clean.)
	handler := exampleop.SetupServer(issuer, st, slog.New(slog.DiscardHandler), false)
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: handler}}
	srv.Start()
	t.Cleanup(srv.Close)
	return &provider{issuer: issuer}
}

// ssoFixture is a Socle server with two providers of one issuer: "test", and "expired",
// whose ID tokens are expired when issued.
func ssoFixture(t *testing.T, role socle.Role) (*fixture, *provider) {
	t.Helper()
	test := &access.OIDCProvider{ID: "test", Label: "Test ID", ClientID: "socle", ClientSecret: "client-secret", Domains: []string{"example.org"}, NewMemberRole: role}
	expired := &access.OIDCProvider{ID: "expired", Label: "Expired ID", ClientID: "socle-expired", ClientSecret: "client-secret", Domains: []string{"example.org"}, NewMemberRole: role}
	f := newFixtureWith(t, func(s *web.Server) { s.SSO = []*access.OIDCProvider{test, expired} })
	p := startProvider(t, f.srv.URL)
	for _, x := range []*access.OIDCProvider{test, expired} {
		x.Issuer, x.OrgID, x.RedirectURL = p.issuer, f.orgA.ID, f.srv.URL+"/sso/"+x.ID+"/callback"
	}
	return f, p
}

// ssoSignIn goes through a sign-in as a browser would: Socle's start, the provider's
// authorization and login form, the callback. tamperAuth may change the authorization request
// on its way to the provider, tamperCallback the answer on its way back. It returns Socle's
// last answer.
func ssoSignIn(t *testing.T, f *fixture, c *http.Client, providerID, username string, tamperAuth, tamperCallback func(url.Values)) (int, string, string) {
	t.Helper()
	next, err := url.Parse(f.srv.URL + "/sso/" + providerID + "?next=/plans")
	must(t, err)
	for range 12 {
		var resp *http.Response
		if next.Path == "/login/username" && next.Query().Get("authRequestID") != "" {
			// The provider's login form.
			form := url.Values{"id": {next.Query().Get("authRequestID")}, "username": {username}, "password": {"provider-password"}}
			u := *next
			u.RawQuery = ""
			resp, err = c.PostForm(u.String(), form)
		} else {
			if next.Path == "/auth" && tamperAuth != nil {
				q := next.Query()
				tamperAuth(q)
				next.RawQuery = q.Encode()
			}
			if strings.HasPrefix(next.String(), f.srv.URL+"/sso/") && strings.HasSuffix(next.Path, "/callback") && tamperCallback != nil {
				q := next.Query()
				tamperCallback(q)
				next.RawQuery = q.Encode()
			}
			resp, err = c.Get(next.String())
		}
		must(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		fromSocle := strings.HasPrefix(resp.Request.URL.String(), f.srv.URL)
		if fromSocle && !(resp.StatusCode == http.StatusFound && strings.HasPrefix(resp.Request.URL.Path, "/sso/") && !strings.HasSuffix(resp.Request.URL.Path, "/callback")) {
			return resp.StatusCode, string(b), loc
		}
		if loc == "" {
			if strings.Contains(string(b), `name="username"`) {
				t.Fatalf("the provider's login form did not accept %s:\n%.500s", username, b)
			}
			t.Fatalf("the provider stopped at %s with %d:\n%.500s", resp.Request.URL, resp.StatusCode, b)
		}
		next, err = resp.Request.URL.Parse(loc)
		must(t, err)
	}
	t.Fatal("too many redirects")
	return 0, "", ""
}

func TestSSO(t *testing.T) {
	f, _ := ssoFixture(t, socle.RoleCaseworker)
	ctx := context.Background()

	t.Run("happy path: a new member of an allowed domain", func(t *testing.T) {
		c := client(t)
		code, _, loc := ssoSignIn(t, f, c, "test", "marie", nil, nil)
		if code != http.StatusSeeOther || loc != "/plans" {
			t.Fatalf("sign-in: %d to %q, want 303 to /plans", code, loc)
		}
		if code, b := body(t, c, "GET", f.srv.URL+"/api/v1/me", nil); code != 200 || !strings.Contains(b, `"email":"marie.dupont@alpha.example.org"`) || !strings.Contains(b, `"role":"caseworker"`) {
			t.Fatalf("me after SSO: %d %s", code, b)
		}
		u, err := f.store.UserByEmail(ctx, "marie.dupont@alpha.example.org")
		must(t, err)
		id, err := f.store.IdentityUser(ctx, f.app.SSO[0].Issuer, "sub-marie")
		if err != nil || id.UserID != u.ID {
			t.Fatalf("identity link: %+v, %v", id, err)
		}
		// Signing out ends the local session.
		resp, err := c.PostForm(f.srv.URL+"/logout", nil)
		must(t, err)
		resp.Body.Close()
		if code, _ := body(t, c, "GET", f.srv.URL+"/api/v1/me", nil); code != http.StatusUnauthorized {
			t.Fatalf("after sign-out: %d", code)
		}
	})
	t.Run("an existing member is found by email and linked", func(t *testing.T) {
		c := client(t)
		if code, _, _ := ssoSignIn(t, f, c, "test", "alpha", nil, nil); code != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", code)
		}
		u, _ := f.store.UserByEmail(ctx, "alpha@example.org")
		if id, err := f.store.IdentityUser(ctx, f.app.SSO[0].Issuer, "sub-alpha"); err != nil || id.UserID != u.ID {
			t.Fatalf("identity link: %+v, %v", id, err)
		}
	})
	t.Run("wrong state", func(t *testing.T) {
		code, page, _ := ssoSignIn(t, f, client(t), "test", "marie", nil, func(q url.Values) { q.Set("state", "forged-state") })
		if code != http.StatusUnauthorized || !strings.Contains(page, "state") {
			t.Fatalf("forged state: %d\n%.300s", code, page)
		}
	})
	t.Run("no sign-in started in this browser", func(t *testing.T) {
		// The answer reaches a browser that did not start the sign-in (login CSRF).
		c := client(t)
		var answer string
		ssoSignIn(t, f, c, "test", "marie", nil, func(q url.Values) { answer = q.Encode(); q.Set("state", "x") })
		code, page := body(t, client(t), "GET", f.srv.URL+"/sso/test/callback?"+answer, nil)
		if code != http.StatusUnauthorized {
			t.Fatalf("an answer in another browser: %d\n%.300s", code, page)
		}
	})
	t.Run("wrong nonce", func(t *testing.T) {
		code, page, _ := ssoSignIn(t, f, client(t), "test", "marie", func(q url.Values) { q.Set("nonce", "another-nonce") }, nil)
		if code != http.StatusUnauthorized || !strings.Contains(page, "nonce") {
			t.Fatalf("ID token with another nonce: %d\n%.300s", code, page)
		}
	})
	t.Run("expired ID token", func(t *testing.T) {
		code, page, _ := ssoSignIn(t, f, client(t), "expired", "marie", nil, nil)
		if code != http.StatusUnauthorized || !strings.Contains(page, "expired") {
			t.Fatalf("expired ID token: %d\n%.300s", code, page)
		}
	})
	t.Run("email outside the allowed domains", func(t *testing.T) {
		code, page, _ := ssoSignIn(t, f, client(t), "test", "outsider", nil, nil)
		if code != http.StatusForbidden || !strings.Contains(page, "elsewhere.example") {
			t.Fatalf("outsider: %d\n%.300s", code, page)
		}
		if _, err := f.store.UserByEmail(ctx, "someone@elsewhere.example"); !socle.IsKind(err, socle.ENOTFOUND) {
			t.Fatalf("an account was made for the outsider: %v", err)
		}
	})
	t.Run("deactivated member", func(t *testing.T) {
		gone := f.addMember(t, f.orgA, "gone@alpha.example.org", socle.RoleCaseworker)
		must(t, f.store.SetMemberActive(ctx, f.orgA.ID, gone.ID, false))
		code, page, _ := ssoSignIn(t, f, client(t), "test", "gone", nil, nil)
		if code != http.StatusForbidden || !strings.Contains(page, "deactivated") {
			t.Fatalf("deactivated member: %d\n%.300s", code, page)
		}
	})
	t.Run("the sign-in page offers the provider", func(t *testing.T) {
		if _, page := body(t, client(t), "GET", f.srv.URL+"/login?next=/plans", nil); !strings.Contains(page, `href="/sso/test?next=%2fplans"`) {
			t.Fatalf("sign-in page:\n%s", page)
		}
	})
}

// TestSSOInviteOnly: with no role for new members, only invited members sign in.
func TestSSOInviteOnly(t *testing.T) {
	f, _ := ssoFixture(t, "")
	code, page, _ := ssoSignIn(t, f, client(t), "test", "marie", nil, nil)
	if code != http.StatusForbidden || !strings.Contains(page, "invite") {
		t.Fatalf("a person not invited: %d\n%.300s", code, page)
	}
	if code, _, _ := ssoSignIn(t, f, client(t), "test", "alpha", nil, nil); code != http.StatusSeeOther {
		t.Fatalf("a member: %d", code)
	}
}
