package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/web"
)

// TestMembersAPI goes through a member's life over the API: invited, sets a password with the
// one-time link, signs in, gets a new role, is deactivated (their session and token stop at
// once), reactivated, and resets their password.
func TestMembersAPI(t *testing.T) {
	f := newFixture(t)
	f.addMember(t, f.orgA, "admin@alpha.example.org", socle.RoleAdmin)
	admin := client(t)
	f.signIn(t, admin, "admin@alpha.example.org")

	code, b := postJSON(t, admin, f.srv.URL+"/api/v1/members", `{"email": "Nouvelle@Example.org", "name": "Nina", "role": "caseworker"}`)
	var inv struct {
		Member struct {
			ID, Email, Role string
			Active          bool
			PasswordSet     bool `json:"password_set"`
		}
		Link struct{ URL, Purpose string }
	}
	must(t, json.Unmarshal([]byte(b), &inv))
	if code != http.StatusCreated || inv.Member.Email != "nouvelle@example.org" || inv.Member.PasswordSet || !strings.Contains(inv.Link.URL, "/password?t=socle_") {
		t.Fatalf("invite: %d %s", code, b)
	}
	if code, _ := postJSON(t, admin, f.srv.URL+"/api/v1/members", `{"email": "nouvelle@example.org", "role": "lead"}`); code != http.StatusConflict {
		t.Fatalf("invite twice: %d, want 409", code)
	}
	link, _ := url.Parse(inv.Link.URL)
	token := link.Query().Get("t")

	// The link sets the password once, and signs the person in.
	nina := client(t)
	short := postForm(t, nina, f.srv.URL+"/password", url.Values{"t": {token}, "password": {"short"}, "confirm": {"short"}})
	if short.StatusCode != http.StatusBadRequest {
		t.Fatalf("a short password: %d, want 400", short.StatusCode)
	}
	resp, err := nina.PostForm(f.srv.URL+"/password", url.Values{"t": {token}, "password": {"un mot de passe long"}, "confirm": {"un mot de passe long"}})
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d", resp.StatusCode)
	}
	if code, b := body(t, nina, "GET", f.srv.URL+"/api/v1/me", nil); code != 200 || !strings.Contains(b, "nouvelle@example.org") {
		t.Fatalf("signed in after setting the password: %d %s", code, b)
	}
	if again := postForm(t, client(t), f.srv.URL+"/password", url.Values{"t": {token}, "password": {"un autre mot de passe"}, "confirm": {"un autre mot de passe"}}); again.StatusCode != http.StatusNotFound {
		t.Fatalf("the link used twice: %d, want 404", again.StatusCode)
	}
	nina2 := client(t)
	resp = postForm(t, nina2, f.srv.URL+"/login", url.Values{"email": {"nouvelle@example.org"}, "password": {"un mot de passe long"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in with the new password: %d", resp.StatusCode)
	}

	// A token acting as her, then a role change and a deactivation.
	code, b = postJSON(t, admin, f.srv.URL+"/api/v1/tokens", `{"name": "logiciel de suivi", "member_id": "`+inv.Member.ID+`"}`)
	var tok struct{ ID, Token string }
	json.Unmarshal([]byte(b), &tok)
	if code != http.StatusCreated || !strings.HasPrefix(tok.Token, "socle_") {
		t.Fatalf("create a token: %d %s", code, b)
	}
	bearer := map[string]string{"Authorization": "Bearer " + tok.Token}
	if code, _ := body(t, client(t), "GET", f.srv.URL+"/api/v1/me", bearer); code != 200 {
		t.Fatalf("the token before deactivation: %d", code)
	}
	patch := func(js string) (int, string) {
		req, _ := http.NewRequest("PATCH", f.srv.URL+"/api/v1/members/"+inv.Member.ID, strings.NewReader(js))
		req.Header.Set("Content-Type", "application/json")
		resp, err := admin.Do(req)
		must(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, b := patch(`{"role": "lead"}`); code != 200 || !strings.Contains(b, `"role":"lead"`) {
		t.Fatalf("role change: %d %s", code, b)
	}
	if code, b := patch(`{"active": false}`); code != 200 || !strings.Contains(b, `"active":false`) {
		t.Fatalf("deactivate: %d %s", code, b)
	}
	if code, _ := body(t, nina, "GET", f.srv.URL+"/api/v1/me", nil); code != http.StatusUnauthorized {
		t.Fatalf("her session after deactivation: %d, want 401", code)
	}
	if code, _ := body(t, client(t), "GET", f.srv.URL+"/api/v1/me", bearer); code != http.StatusUnauthorized {
		t.Fatalf("her token after deactivation: %d, want 401", code)
	}
	if resp := postForm(t, client(t), f.srv.URL+"/login", url.Values{"email": {"nouvelle@example.org"}, "password": {"un mot de passe long"}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("sign in while deactivated: %d, want 403", resp.StatusCode)
	}
	if code, _ := patch(`{"active": true}`); code != 200 {
		t.Fatalf("reactivate: %d", code)
	}
	code, b = postJSON(t, admin, f.srv.URL+"/api/v1/members/"+inv.Member.ID+"/reset", ``)
	if code != http.StatusCreated || !strings.Contains(b, `"purpose":"reset"`) {
		t.Fatalf("reset link: %d %s", code, b)
	}

	// The last administrator cannot leave the organization without one.
	self, _ := f.store.UserByEmail(context.Background(), "admin@alpha.example.org")
	req, _ := http.NewRequest("PATCH", f.srv.URL+"/api/v1/members/"+self.ID, strings.NewReader(`{"active": false}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err = admin.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("deactivating the last admin: %d, want 409", resp.StatusCode)
	}
	// Another organization's admin does not see alpha's members.
	f.addMember(t, f.orgB, "admin@beta.example.org", socle.RoleAdmin)
	beta := client(t)
	f.signIn(t, beta, "admin@beta.example.org")
	if code, b := body(t, beta, "GET", f.srv.URL+"/api/v1/members", nil); code != 200 || strings.Contains(b, "nouvelle@example.org") {
		t.Fatalf("beta's members: %d %s", code, b)
	}
}

// TestAuditCSV filters the trail by actor, kind and period and exports it as CSV.
func TestAuditCSV(t *testing.T) {
	f := newFixture(t)
	f.addMember(t, f.orgA, "admin@alpha.example.org", socle.RoleAdmin)
	lead := f.addMember(t, f.orgA, "lead@alpha.example.org", socle.RoleLead)
	admin := client(t)
	f.signIn(t, admin, "admin@alpha.example.org")
	author := client(t)
	f.signIn(t, author, "alpha@example.org")
	id := saved(t, f, author)
	leadC := client(t)
	f.signIn(t, leadC, "lead@alpha.example.org")
	body(t, leadC, "GET", f.srv.URL+"/plans/"+id, nil)
	if code, b := postJSON(t, admin, f.srv.URL+"/api/v1/tokens", `{"name": "=HYPERLINK(\"http://evil.example\")"}`); code != http.StatusCreated {
		t.Fatalf("token: %d %s", code, b)
	}

	q := url.Values{"actor": {lead.ID}, "kind": {"plan."}, "from": {socle.Now().AddDate(0, 0, -1).Format("2006-01-02")}, "to": {socle.Now().AddDate(0, 0, 1).Format("2006-01-02")}}
	code, page := body(t, admin, "GET", f.srv.URL+"/audit?"+q.Encode(), nil)
	if code != 200 || !strings.Contains(page, "plan.read") || strings.Contains(page, "plan.save") {
		t.Fatalf("audit page filtered on the lead's plan events: %d\n%s", code, page)
	}
	code, data := body(t, admin, "GET", f.srv.URL+"/audit.csv?"+q.Encode(), nil)
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if code != 200 || err != nil || len(rows) != 2 || rows[1][2] != "lead@alpha.example.org" || rows[1][3] != "plan.read" || rows[1][5] != id {
		t.Fatalf("CSV: %d %v\n%s", code, err, data)
	}
	code, data = body(t, admin, "GET", f.srv.URL+"/audit.csv?kind=token.create", nil)
	if !strings.Contains(data, "'=HYPERLINK") {
		t.Fatalf("a cell starting with = was exported as a formula:\n%s", data)
	}
	if code, _ := body(t, admin, "GET", f.srv.URL+"/audit?from=hier", nil); code != http.StatusBadRequest {
		t.Fatalf("a bad date: %d, want 400", code)
	}
	if code, b := body(t, admin, "GET", f.srv.URL+"/api/v1/audit?kind=audit.export", nil); code != 200 || !strings.Contains(b, `"action":"audit.export"`) {
		t.Fatalf("the CSV export is not itself in the trail: %d %s", code, b)
	}
}

// mailbox keeps the messages a server sends.
type mailbox struct {
	mu   sync.Mutex
	sent []string
}

func (m *mailbox) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, to+"\n"+subject+"\n"+body)
	return nil
}

// TestInviteByMail: with a mail server, the link goes to the person, never to the admin, and
// starts with the public address.
func TestInviteByMail(t *testing.T) {
	box := &mailbox{}
	f := newFixtureWith(t, func(s *web.Server) { s.Mailer, s.PublicURL = box, "https://socle.alpha.example" })
	f.addMember(t, f.orgA, "admin@alpha.example.org", socle.RoleAdmin)
	admin := client(t)
	f.signIn(t, admin, "admin@alpha.example.org")
	code, b := postJSON(t, admin, f.srv.URL+"/api/v1/members", `{"email": "lea@alpha.example.org", "role": "caseworker"}`)
	if code != http.StatusCreated || !strings.Contains(b, `"mailed":true`) || strings.Contains(b, "password?t=") {
		t.Fatalf("invite by mail: %d %s", code, b)
	}
	box.mu.Lock()
	defer box.mu.Unlock()
	if len(box.sent) != 1 || !strings.HasPrefix(box.sent[0], "lea@alpha.example.org\n") || !strings.Contains(box.sent[0], "https://socle.alpha.example/password?t=socle_") {
		t.Fatalf("mail sent: %q", box.sent)
	}
}
