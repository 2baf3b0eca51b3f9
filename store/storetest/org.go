package storetest

import (
	"slices"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

func testOrgs(t *testing.T, s socle.Store) {
	a := mustOrg(t, s, "alpha")
	if a.ID == "" || a.CreatedAt.IsZero() {
		t.Fatalf("CreateOrg did not assign id and time: %+v", a)
	}
	got, err := s.Org(bg, a.ID)
	must(t, "Org", err)
	if got.Slug != a.Slug || got.Name != a.Name || !sameTime(got.CreatedAt, a.CreatedAt) {
		t.Fatalf("Org: got %+v, want %+v", got, a)
	}
	got, err = s.OrgBySlug(bg, a.Slug)
	must(t, "OrgBySlug", err)
	if got.ID != a.ID {
		t.Fatalf("OrgBySlug: got id %s, want %s", got.ID, a.ID)
	}

	dup := socle.Organization{Slug: a.Slug, Name: "other"}
	wantKind(t, "CreateOrg with a taken slug", s.CreateOrg(bg, &dup), socle.ECONFLICT)
	bad := socle.Organization{Slug: "Not A Slug", Name: "x"}
	wantKind(t, "CreateOrg with a bad slug", s.CreateOrg(bg, &bad), socle.EINVALID)
	noName := socle.Organization{Slug: "no-name"}
	wantKind(t, "CreateOrg without a name", s.CreateOrg(bg, &noName), socle.EINVALID)

	_, err = s.Org(bg, "00000000-0000-7000-8000-000000000000")
	wantKind(t, "Org(unknown)", err, socle.ENOTFOUND)
	_, err = s.OrgBySlug(bg, "unknown-org")
	wantKind(t, "OrgBySlug(unknown)", err, socle.ENOTFOUND)

	// Lists of an unknown organization are an error, not an empty list.
	unknown := "00000000-0000-7000-8000-000000000001"
	for name, list := range map[string]func() error{
		"Guides":            func() error { _, err := s.Guides(bg, unknown, socle.GuideFilter{}); return err },
		"PublishedVersions": func() error { _, err := s.PublishedVersions(bg, unknown); return err },
		"Glossary":          func() error { _, err := s.Glossary(bg, unknown); return err },
		"Plans":             func() error { _, err := s.Plans(bg, unknown, socle.PlanFilter{}); return err },
		"Members":           func() error { _, err := s.Members(bg, unknown); return err },
		"Audit":             func() error { _, err := s.Audit(bg, unknown, socle.AuditFilter{}); return err },
	} {
		wantKind(t, name+"(unknown org)", list(), socle.ENOTFOUND)
	}

	b := mustOrg(t, s, "beta")
	orgs, err := s.Orgs(bg)
	must(t, "Orgs", err)
	var slugs []string
	for _, o := range orgs {
		slugs = append(slugs, o.Slug)
	}
	if !slices.Contains(slugs, a.Slug) || !slices.Contains(slugs, b.Slug) || !slices.IsSorted(slugs) {
		t.Fatalf("Orgs: got slugs %v, want both %s and %s, sorted", slugs, a.Slug, b.Slug)
	}
}

func testUsers(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "users")
	other := mustOrg(t, s, "other")
	email := uniqueSlug("marie") + "@Example.org"
	u := socle.User{Email: "  " + email + " ", Name: "Marie", PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$c2FsdA$aGFzaA"}
	must(t, "CreateUser", s.CreateUser(bg, &u))
	if u.Email != strings.ToLower(email) {
		t.Fatalf("CreateUser: email got %q, want it trimmed and lowercased", u.Email)
	}
	got, err := s.UserByEmail(bg, strings.ToUpper(email))
	must(t, "UserByEmail", err)
	if got.ID != u.ID || got.PasswordHash != u.PasswordHash || got.Name != "Marie" {
		t.Fatalf("UserByEmail: got %+v, want %+v", got, u)
	}
	dup := socle.User{Email: strings.ToUpper(email)}
	wantKind(t, "CreateUser with a taken email", s.CreateUser(bg, &dup), socle.ECONFLICT)
	bad := socle.User{Email: "not-an-email"}
	wantKind(t, "CreateUser with a bad email", s.CreateUser(bg, &bad), socle.EINVALID)
	_, err = s.User(bg, "nobody")
	wantKind(t, "User(unknown)", err, socle.ENOTFOUND)
	_, err = s.UserByEmail(bg, "nobody@example.org")
	wantKind(t, "UserByEmail(unknown)", err, socle.ENOTFOUND)

	must(t, "SetMembership", s.SetMembership(bg, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: socle.RoleCaseworker}))
	must(t, "SetMembership again", s.SetMembership(bg, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: socle.RoleLead}))
	must(t, "SetMembership other", s.SetMembership(bg, &socle.Membership{OrgID: other.ID, UserID: u.ID, Role: socle.RoleTrainer}))
	wantKind(t, "SetMembership with a bad role", s.SetMembership(bg, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: "boss"}), socle.EINVALID)
	wantKind(t, "SetMembership in an unknown org", s.SetMembership(bg, &socle.Membership{OrgID: "nope", UserID: u.ID, Role: socle.RoleLead}), socle.ENOTFOUND)
	wantKind(t, "SetMembership of an unknown user", s.SetMembership(bg, &socle.Membership{OrgID: org.ID, UserID: "nope", Role: socle.RoleLead}), socle.ENOTFOUND)

	members, err := s.Members(bg, org.ID)
	must(t, "Members", err)
	if len(members) != 1 || members[0].UserID != u.ID || members[0].Role != socle.RoleLead {
		t.Fatalf("Members: got %+v, want one lead %s", members, u.ID)
	}
	ms, err := s.Memberships(bg, u.ID)
	must(t, "Memberships", err)
	roles := map[string]socle.Role{}
	for _, m := range ms {
		roles[m.OrgID] = m.Role
	}
	if len(ms) != 2 || roles[org.ID] != socle.RoleLead || roles[other.ID] != socle.RoleTrainer {
		t.Fatalf("Memberships: got %+v, want lead in %s and trainer in %s", ms, org.ID, other.ID)
	}
}
