package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

func testMemberState(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "members")
	other := mustOrg(t, s, "members-other")
	u := mustMember(t, s, org.ID, socle.RoleCaseworker)
	must(t, "SetMembership other", s.SetMembership(bg, &socle.Membership{OrgID: other.ID, UserID: u.ID, Role: socle.RoleLead}))
	m, err := s.Member(bg, org.ID, u.ID)
	must(t, "Member", err)
	if !m.LastSignInAt.IsZero() || !m.Active() || m.Role != socle.RoleCaseworker {
		t.Fatalf("Member of a new member: %+v, want active, never signed in", m)
	}
	_, err = s.Member(bg, org.ID, "nobody")
	wantKind(t, "Member(unknown user)", err, socle.ENOTFOUND)

	// A session records the sign-in on the membership of its organization only.
	sess := socle.Session{TokenHash: uniqueSlug("s"), UserID: u.ID, OrgID: org.ID, ExpiresAt: socle.Now().Add(time.Hour)}
	must(t, "CreateSession", s.CreateSession(bg, &sess))
	elsewhere := socle.Session{TokenHash: uniqueSlug("s"), UserID: u.ID, OrgID: other.ID, ExpiresAt: socle.Now().Add(time.Hour)}
	must(t, "CreateSession other", s.CreateSession(bg, &elsewhere))
	m, _ = s.Member(bg, org.ID, u.ID)
	if !sameTime(m.LastSignInAt, sess.CreatedAt) {
		t.Fatalf("LastSignInAt %v, want the session's %v", m.LastSignInAt, sess.CreatedAt)
	}
	// A new role keeps the sign-in.
	must(t, "SetMembership", s.SetMembership(bg, &socle.Membership{OrgID: org.ID, UserID: u.ID, Role: socle.RoleLead}))
	m, _ = s.Member(bg, org.ID, u.ID)
	if m.Role != socle.RoleLead || !sameTime(m.LastSignInAt, sess.CreatedAt) {
		t.Fatalf("after a role change: %+v, want lead with the same last sign-in", m)
	}

	tok := socle.APIToken{OrgID: org.ID, UserID: u.ID, Name: "t", TokenHash: uniqueSlug("h")}
	must(t, "CreateAPIToken", s.CreateAPIToken(bg, &tok))
	otherTok := socle.APIToken{OrgID: other.ID, UserID: u.ID, Name: "t", TokenHash: uniqueSlug("h")}
	must(t, "CreateAPIToken other", s.CreateAPIToken(bg, &otherTok))
	colleague := mustMember(t, s, org.ID, socle.RoleCaseworker)
	colleagueSess := socle.Session{TokenHash: uniqueSlug("s"), UserID: colleague.ID, OrgID: org.ID, ExpiresAt: socle.Now().Add(time.Hour)}
	must(t, "CreateSession colleague", s.CreateSession(bg, &colleagueSess))

	wantKind(t, "SetMemberActive in another org", s.SetMemberActive(bg, other.ID, colleague.ID, false), socle.ENOTFOUND)
	must(t, "SetMemberActive(false)", s.SetMemberActive(ctxFor("admin-1"), org.ID, u.ID, false))
	m, _ = s.Member(bg, org.ID, u.ID)
	if m.Active() {
		t.Fatalf("member after deactivation: %+v", m)
	}
	_, err = s.Session(bg, sess.TokenHash)
	wantKind(t, "Session of a deactivated member", err, socle.ENOTFOUND)
	_, err = s.APITokenByHash(bg, tok.TokenHash)
	wantKind(t, "APIToken of a deactivated member", err, socle.ENOTFOUND)
	if _, err := s.Session(bg, elsewhere.TokenHash); err != nil {
		t.Fatalf("the member's session in another organization ended too: %v", err)
	}
	if _, err := s.APITokenByHash(bg, otherTok.TokenHash); err != nil {
		t.Fatalf("the member's token in another organization ended too: %v", err)
	}
	if _, err := s.Session(bg, colleagueSess.TokenHash); err != nil {
		t.Fatalf("a colleague's session ended too: %v", err)
	}
	if om, _ := s.Member(bg, other.ID, u.ID); !om.Active() {
		t.Fatal("the membership in another organization was deactivated too")
	}
	events, err := s.Audit(bg, org.ID, socle.AuditFilter{ObjectID: u.ID, Action: "member.deactivate"})
	must(t, "Audit", err)
	if len(events) != 1 || events[0].Actor != "admin-1" {
		t.Fatalf("deactivation audit: %+v", events)
	}
	must(t, "SetMemberActive(true)", s.SetMemberActive(bg, org.ID, u.ID, true))
	if m, _ := s.Member(bg, org.ID, u.ID); !m.Active() || m.Role != socle.RoleLead {
		t.Fatalf("reactivated member: %+v", m)
	}

	must(t, "SetPassword", s.SetPassword(bg, u.ID, "$2a$new"))
	must(t, "SetUserName", s.SetUserName(bg, u.ID, "Nouveau nom"))
	got, _ := s.User(bg, u.ID)
	if got.PasswordHash != "$2a$new" || got.Name != "Nouveau nom" {
		t.Fatalf("user after SetPassword and SetUserName: %+v", got)
	}
	wantKind(t, "SetPassword(unknown)", s.SetPassword(bg, "nobody", "x"), socle.ENOTFOUND)
}

func testLinks(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "links")
	other := mustOrg(t, s, "links-other")
	u := mustMember(t, s, org.ID, socle.RoleCaseworker)
	l := socle.OneTimeLink{TokenHash: uniqueSlug("l"), OrgID: org.ID, UserID: u.ID, Purpose: socle.LinkInvite, ExpiresAt: socle.Now().Add(time.Hour)}
	must(t, "CreateLink", s.CreateLink(ctxFor("admin-1"), &l))
	if l.ID == "" || l.CreatedBy != "admin-1" || l.CreatedAt.IsZero() {
		t.Fatalf("CreateLink did not fill id, author and time: %+v", l)
	}
	wantKind(t, "CreateLink for a non-member", s.CreateLink(bg, &socle.OneTimeLink{TokenHash: uniqueSlug("l"), OrgID: other.ID, UserID: u.ID, Purpose: socle.LinkReset, ExpiresAt: l.ExpiresAt}), socle.ENOTFOUND)
	wantKind(t, "CreateLink without purpose", s.CreateLink(bg, &socle.OneTimeLink{TokenHash: uniqueSlug("l"), OrgID: org.ID, UserID: u.ID, ExpiresAt: l.ExpiresAt}), socle.EINVALID)
	wantKind(t, "CreateLink with a used hash", s.CreateLink(bg, &socle.OneTimeLink{TokenHash: l.TokenHash, OrgID: org.ID, UserID: u.ID, Purpose: socle.LinkReset, ExpiresAt: l.ExpiresAt}), socle.ECONFLICT)
	expired := socle.OneTimeLink{TokenHash: uniqueSlug("l"), OrgID: org.ID, UserID: u.ID, Purpose: socle.LinkReset, ExpiresAt: socle.Now().Add(-time.Second)}
	must(t, "CreateLink(expired)", s.CreateLink(bg, &expired))
	withdrawn := socle.OneTimeLink{TokenHash: uniqueSlug("l"), OrgID: org.ID, UserID: u.ID, Purpose: socle.LinkReset, ExpiresAt: l.ExpiresAt}
	must(t, "CreateLink(withdrawn)", s.CreateLink(bg, &withdrawn))

	live, err := s.Links(bg, org.ID)
	must(t, "Links", err)
	if len(live) != 2 || live[0].ID != l.ID || live[1].ID != withdrawn.ID {
		t.Fatalf("Links: got %+v, want the invitation and the reset, not the expired one", live)
	}
	wantKind(t, "DeleteLink from another org", s.DeleteLink(bg, other.ID, withdrawn.ID), socle.ENOTFOUND)
	must(t, "DeleteLink", s.DeleteLink(bg, org.ID, withdrawn.ID))
	_, err = s.UseLink(bg, withdrawn.TokenHash)
	wantKind(t, "UseLink(withdrawn)", err, socle.ENOTFOUND)
	_, err = s.UseLink(bg, expired.TokenHash)
	wantKind(t, "UseLink(expired)", err, socle.ENOTFOUND)

	// Two uses at once: exactly one wins.
	var wg sync.WaitGroup
	wins := make(chan socle.OneTimeLink, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := s.UseLink(bg, l.TokenHash); err == nil {
				wins <- got
			}
		}()
	}
	wg.Wait()
	close(wins)
	if len(wins) != 1 {
		t.Fatalf("UseLink four times at once: %d uses won, want 1", len(wins))
	}
	used := <-wins
	if used.UserID != u.ID || used.OrgID != org.ID || used.Purpose != socle.LinkInvite || used.UsedAt.IsZero() {
		t.Fatalf("UseLink: got %+v", used)
	}
	if live, _ := s.Links(bg, org.ID); len(live) != 0 {
		t.Fatalf("Links after use: %+v, want none", live)
	}
}

func testIdentities(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "sso")
	u := mustMember(t, s, org.ID, socle.RoleCaseworker)
	v := mustMember(t, s, org.ID, socle.RoleCaseworker)
	id := socle.Identity{Issuer: "https://idp.example", Subject: "abc", UserID: u.ID, Email: "a@example.org"}
	must(t, "LinkIdentity", s.LinkIdentity(bg, &id))
	again := socle.Identity{Issuer: id.Issuer, Subject: id.Subject, UserID: u.ID, Email: "new@example.org"}
	must(t, "LinkIdentity again", s.LinkIdentity(bg, &again))
	wantKind(t, "LinkIdentity to another user", s.LinkIdentity(bg, &socle.Identity{Issuer: id.Issuer, Subject: id.Subject, UserID: v.ID}), socle.ECONFLICT)
	wantKind(t, "LinkIdentity to nobody", s.LinkIdentity(bg, &socle.Identity{Issuer: id.Issuer, Subject: "x", UserID: "nobody"}), socle.ENOTFOUND)
	got, err := s.IdentityUser(bg, id.Issuer, id.Subject)
	must(t, "IdentityUser", err)
	if got.UserID != u.ID || got.Email != "new@example.org" || !sameTime(got.CreatedAt, id.CreatedAt) {
		t.Fatalf("IdentityUser: got %+v", got)
	}
	_, err = s.IdentityUser(bg, "https://other.example", id.Subject)
	wantKind(t, "IdentityUser of another issuer", err, socle.ENOTFOUND)
}

func testFailures(t *testing.T, s socle.Store) {
	k := uniqueSlug("acct")
	t0 := socle.Now().Add(-time.Hour)
	for i := 1; i <= 3; i++ {
		f, err := s.AddFailure(bg, k, t0.Add(time.Duration(i)*time.Second), t0.Add(-time.Hour))
		must(t, "AddFailure", err)
		if f.Count != i || !sameTime(f.First, t0.Add(time.Second)) {
			t.Fatalf("AddFailure %d: got %+v", i, f)
		}
	}
	got, err := s.Failures(bg, k)
	must(t, "Failures", err)
	if got.Count != 3 || !sameTime(got.Last, t0.Add(3*time.Second)) {
		t.Fatalf("Failures: got %+v", got)
	}
	// After a quiet spell the count starts again.
	f, err := s.AddFailure(bg, k, t0.Add(time.Hour), t0.Add(30*time.Minute))
	must(t, "AddFailure after a quiet spell", err)
	if f.Count != 1 {
		t.Fatalf("AddFailure after a quiet spell: count %d, want 1", f.Count)
	}
	none, err := s.Failures(bg, uniqueSlug("never"))
	if err != nil || none.Count != 0 {
		t.Fatalf("Failures of an unknown key: %+v, %v", none, err)
	}
	must(t, "ResetFailures", s.ResetFailures(bg, k))
	if got, _ := s.Failures(bg, k); got.Count != 0 {
		t.Fatalf("after ResetFailures: %+v", got)
	}
	old, recent := uniqueSlug("old"), uniqueSlug("recent")
	s.AddFailure(bg, old, t0.Add(-48*time.Hour), time.Time{})
	s.AddFailure(bg, recent, t0, time.Time{})
	n, err := s.DeleteFailuresBefore(bg, t0.Add(-24*time.Hour))
	must(t, "DeleteFailuresBefore", err)
	if n < 1 {
		t.Fatalf("DeleteFailuresBefore: %d removed", n)
	}
	if got, _ := s.Failures(bg, old); got.Count != 0 {
		t.Fatal("an old count survived DeleteFailuresBefore")
	}
	if got, _ := s.Failures(bg, recent); got.Count != 1 {
		t.Fatal("a recent count went with DeleteFailuresBefore")
	}

	// Concurrent failures are all counted.
	c := uniqueSlug("conc")
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() { defer wg.Done(); s.AddFailure(bg, c, socle.Now(), socle.Now().Add(-time.Hour)) }()
	}
	wg.Wait()
	if got, _ := s.Failures(bg, c); got.Count != 20 {
		t.Fatalf("20 concurrent failures counted %d", got.Count)
	}
}

func testTokenUse(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "token-use")
	u := mustMember(t, s, org.ID, socle.RoleCaseworker)
	tok := socle.APIToken{OrgID: org.ID, UserID: u.ID, Name: "t", TokenHash: uniqueSlug("h")}
	must(t, "CreateAPIToken", s.CreateAPIToken(bg, &tok))
	at := socle.Now()
	must(t, "MarkAPITokenUsed", s.MarkAPITokenUsed(bg, tok.TokenHash, at))
	wantKind(t, "MarkAPITokenUsed(unknown)", s.MarkAPITokenUsed(bg, "nope", at), socle.ENOTFOUND)
	list, err := s.APITokens(bg, org.ID)
	must(t, "APITokens", err)
	if len(list) != 1 || !sameTime(list[0].LastUsedAt, at) {
		t.Fatalf("APITokens after use: %+v", list)
	}
	got, _ := s.APITokenByHash(bg, tok.TokenHash)
	if !sameTime(got.LastUsedAt, at) {
		t.Fatalf("APITokenByHash after use: %+v", got)
	}
}

func testAuditFilters(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "audit-filters")
	for _, e := range []socle.AuditEvent{
		{Actor: "ana", Action: "plan.read", ObjectKind: "plan", ObjectID: "p1"},
		{Actor: "ana", Action: "plan.delete", ObjectKind: "plan", ObjectID: "p2"},
		{Actor: "bob", Action: "member.deactivate", ObjectKind: "user", ObjectID: "u1"},
	} {
		e.OrgID = org.ID
		must(t, "AppendAudit", s.AppendAudit(bg, &e))
	}
	mid := socle.Now()
	time.Sleep(2 * time.Millisecond)
	must(t, "AppendAudit", s.AppendAudit(bg, &socle.AuditEvent{OrgID: org.ID, Actor: "ana", Action: "plan.read", ObjectKind: "plan", ObjectID: "p3"}))
	tests := []struct {
		name string
		f    socle.AuditFilter
		want []string // object ids, newest first
	}{
		{"actor", socle.AuditFilter{Actor: "ana"}, []string{"p3", "p2", "p1"}},
		{"action", socle.AuditFilter{Action: "plan.read"}, []string{"p3", "p1"}},
		{"action prefix", socle.AuditFilter{Action: "plan."}, []string{"p3", "p2", "p1"}},
		{"object kind", socle.AuditFilter{ObjectKind: "user"}, []string{"u1"}},
		{"since", socle.AuditFilter{Actor: "ana", Since: mid}, []string{"p3"}},
		{"until", socle.AuditFilter{Actor: "ana", Until: mid}, []string{"p2", "p1"}},
		{"all", socle.AuditFilter{Actor: "bob", Action: "member.deactivate", ObjectKind: "user", ObjectID: "u1"}, []string{"u1"}},
		{"limit", socle.AuditFilter{Actor: "ana", Limit: 2}, []string{"p3", "p2"}},
	}
	for _, tt := range tests {
		es, err := s.Audit(bg, org.ID, tt.f)
		must(t, "Audit("+tt.name+")", err)
		var got []string
		for _, e := range es {
			got = append(got, e.ObjectID)
		}
		if len(got) != len(tt.want) {
			t.Fatalf("Audit(%s): got %v, want %v", tt.name, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Fatalf("Audit(%s): got %v, want %v", tt.name, got, tt.want)
			}
		}
	}
}
