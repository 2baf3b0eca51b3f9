package access_test

import (
	"context"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/store/embedded"
)

var ctx = context.Background()

func setup(t *testing.T) (*access.Service, *embedded.Store, socle.Organization, socle.User) {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	org := socle.Organization{Slug: "acme", Name: "Acme"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		t.Fatal(err)
	}
	hash, err := access.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	u := socle.User{Email: "Lea@Example.org", Name: "Léa", PasswordHash: hash}
	if err := s.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMembership(ctx, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: socle.RoleCaseworker}); err != nil {
		t.Fatal(err)
	}
	return &access.Service{Store: s}, s, org, u
}

func TestSignIn(t *testing.T) {
	svc, _, org, u := setup(t)
	token, p, err := svc.SignIn(ctx, "192.0.2.1", "lea@example.org", "correct horse battery", "")
	if err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	if p.User.ID != u.ID || p.Org.ID != org.ID || p.Role != socle.RoleCaseworker {
		t.Fatalf("SignIn principal: got %+v", p)
	}
	got, err := svc.Session(ctx, token)
	if err != nil || got.User.ID != u.ID || got.Org.ID != org.ID {
		t.Fatalf("Session: got %+v, %v", got, err)
	}
	if err := svc.SignOut(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Session(ctx, token); socle.KindOf(err) != socle.EUNAUTHORIZED {
		t.Fatalf("Session after SignOut: got %v, want EUNAUTHORIZED", err)
	}

	wrong := []struct{ email, password, org string }{
		{"lea@example.org", "wrong password!", ""},
		{"nobody@example.org", "correct horse battery", ""},
	}
	for _, w := range wrong {
		_, _, err := svc.SignIn(ctx, "192.0.2.1", w.email, w.password, w.org)
		if socle.KindOf(err) != socle.EUNAUTHORIZED || socle.MessageOf(err) != "email or password is wrong" {
			t.Fatalf("SignIn(%s, %s): got %v, want the same EUNAUTHORIZED for both", w.email, w.password, err)
		}
	}
	if _, _, err := svc.SignIn(ctx, "192.0.2.1", "lea@example.org", "correct horse battery", "other"); socle.KindOf(err) != socle.EFORBIDDEN {
		t.Fatalf("SignIn to an organization she is not in: got %v, want EFORBIDDEN", err)
	}
}

func TestSessionEndsWithMembership(t *testing.T) {
	svc, s, _, u := setup(t)
	token, _, err := svc.SignIn(ctx, "192.0.2.1", u.Email, "correct horse battery", "")
	if err != nil {
		t.Fatal(err)
	}
	other := socle.Organization{Slug: "other", Name: "Other"}
	s.CreateOrg(ctx, &other)
	// A session names its organization; a membership elsewhere does not extend it.
	s.SetMembership(ctx, &socle.Membership{OrgID: other.ID, UserID: u.ID, Role: socle.RoleAdmin})
	p, err := svc.Session(ctx, token)
	if err != nil || p.Role != socle.RoleCaseworker {
		t.Fatalf("Session: got %+v, %v; want still a caseworker of acme", p, err)
	}
}

func TestExpiredSession(t *testing.T) {
	svc, _, _, u := setup(t)
	svc.SessionTTL = time.Millisecond
	token, _, err := svc.SignIn(ctx, "192.0.2.1", u.Email, "correct horse battery", "")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if _, err := svc.Session(ctx, token); socle.KindOf(err) != socle.EUNAUTHORIZED {
		t.Fatalf("expired session: got %v, want EUNAUTHORIZED", err)
	}
}

func TestAPIToken(t *testing.T) {
	svc, s, org, u := setup(t)
	value, tok, err := access.CreateAPIToken(ctx, s, org.ID, u.ID, "logiciel de suivi", 0)
	if err != nil {
		t.Fatal(err)
	}
	if tok.TokenHash == value || tok.TokenHash != access.HashToken(value) {
		t.Fatal("the store must keep the token's hash, not the token")
	}
	p, err := svc.APIToken(ctx, s, value)
	if err != nil || p.Org.ID != org.ID || p.User.ID != u.ID {
		t.Fatalf("APIToken: got %+v, %v", p, err)
	}
	for _, bad := range []string{"", "Bearer x", access.NewToken()} {
		if _, err := svc.APIToken(ctx, s, bad); socle.KindOf(err) != socle.EUNAUTHORIZED {
			t.Fatalf("APIToken(%q): got %v, want EUNAUTHORIZED", bad, err)
		}
	}
	if err := s.DeleteAPIToken(ctx, org.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.APIToken(ctx, s, value); socle.KindOf(err) != socle.EUNAUTHORIZED {
		t.Fatalf("revoked token: got %v, want EUNAUTHORIZED", err)
	}
}

func TestPasswordRules(t *testing.T) {
	for _, pw := range []string{"short", string(make([]byte, 73))} {
		if _, err := access.HashPassword(pw); socle.KindOf(err) != socle.EINVALID {
			t.Fatalf("HashPassword(%d bytes): got %v, want EINVALID", len(pw), err)
		}
	}
}

func TestRoles(t *testing.T) {
	tests := []struct {
		role   socle.Role
		action access.Action
		want   bool
	}{
		{socle.RoleCaseworker, access.MakePlans, true},
		{socle.RoleCaseworker, access.EditDoctrine, false},
		{socle.RoleTrainer, access.MakePlans, false},
		{socle.RoleTrainer, access.ManagePaths, true},
		{socle.RoleLead, access.EditDoctrine, true},
		{socle.RoleLead, access.ManageMembers, false},
		{socle.RoleAdmin, access.ManageMembers, true},
		{"", access.ReadDoctrine, false},
	}
	for _, tt := range tests {
		p := access.Principal{Role: tt.role}
		if got := p.Can(tt.action); got != tt.want {
			t.Errorf("%s can %s: got %v, want %v", tt.role, tt.action, got, tt.want)
		}
		if err := p.Require(tt.action); (err == nil) != tt.want || err != nil && socle.KindOf(err) != socle.EFORBIDDEN {
			t.Errorf("%s Require(%s): got %v", tt.role, tt.action, err)
		}
	}
}
