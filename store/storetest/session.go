package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

func mustMember(t *testing.T, s socle.Store, orgID string, role socle.Role) socle.User {
	t.Helper()
	u := socle.User{Email: uniqueSlug("member") + "@example.org", Name: "Member"}
	must(t, "CreateUser", s.CreateUser(bg, &u))
	must(t, "SetMembership", s.SetMembership(bg, &socle.Membership{OrgID: orgID, UserID: u.ID, Role: role}))
	return u
}

func testSessions(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "sessions")
	u := mustMember(t, s, org.ID, socle.RoleCaseworker)
	live := socle.Session{TokenHash: uniqueSlug("live"), UserID: u.ID, OrgID: org.ID, ExpiresAt: socle.Now().Add(time.Hour)}
	must(t, "CreateSession", s.CreateSession(bg, &live))
	got, err := s.Session(bg, live.TokenHash)
	must(t, "Session", err)
	if !reflect.DeepEqual(got, live) {
		t.Fatalf("Session: got %+v, want %+v", got, live)
	}
	wantKind(t, "CreateSession twice", s.CreateSession(bg, &socle.Session{TokenHash: live.TokenHash, UserID: u.ID, ExpiresAt: live.ExpiresAt}), socle.ECONFLICT)
	wantKind(t, "CreateSession of an unknown user", s.CreateSession(bg, &socle.Session{TokenHash: "x", UserID: "nobody", ExpiresAt: live.ExpiresAt}), socle.ENOTFOUND)

	old := socle.Session{TokenHash: uniqueSlug("old"), UserID: u.ID, OrgID: org.ID, ExpiresAt: socle.Now().Add(-time.Second)}
	must(t, "CreateSession(expired)", s.CreateSession(bg, &old))
	_, err = s.Session(bg, old.TokenHash)
	wantKind(t, "Session(expired)", err, socle.ENOTFOUND)
	n, err := s.DeleteExpiredSessions(bg, socle.Now())
	must(t, "DeleteExpiredSessions", err)
	if n < 1 {
		t.Fatalf("DeleteExpiredSessions: got %d, want at least 1", n)
	}
	if _, err := s.Session(bg, live.TokenHash); err != nil {
		t.Fatalf("purge removed a live session: %v", err)
	}
	must(t, "DeleteSession", s.DeleteSession(bg, live.TokenHash))
	_, err = s.Session(bg, live.TokenHash)
	wantKind(t, "Session(deleted)", err, socle.ENOTFOUND)
}

func testAPITokens(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "tokens")
	other := mustOrg(t, s, "tokens-other")
	u := mustMember(t, s, org.ID, socle.RoleCaseworker)
	tok := socle.APIToken{OrgID: org.ID, UserID: u.ID, Name: "logiciel de suivi", TokenHash: uniqueSlug("hash")}
	must(t, "CreateAPIToken", s.CreateAPIToken(bg, &tok))
	got, err := s.APITokenByHash(bg, tok.TokenHash)
	must(t, "APITokenByHash", err)
	if !reflect.DeepEqual(got, tok) || !got.ExpiresAt.IsZero() {
		t.Fatalf("APITokenByHash: got %+v, want %+v (no expiry)", got, tok)
	}
	wantKind(t, "CreateAPIToken for a non-member", s.CreateAPIToken(bg, &socle.APIToken{OrgID: other.ID, UserID: u.ID, Name: "x", TokenHash: uniqueSlug("h")}), socle.ENOTFOUND)
	wantKind(t, "CreateAPIToken without name", s.CreateAPIToken(bg, &socle.APIToken{OrgID: org.ID, UserID: u.ID, TokenHash: uniqueSlug("h")}), socle.EINVALID)
	wantKind(t, "CreateAPIToken with a used hash", s.CreateAPIToken(bg, &socle.APIToken{OrgID: org.ID, UserID: u.ID, Name: "x", TokenHash: tok.TokenHash}), socle.ECONFLICT)

	expired := socle.APIToken{OrgID: org.ID, UserID: u.ID, Name: "ancien", TokenHash: uniqueSlug("hash"), ExpiresAt: socle.Now().Add(-time.Minute)}
	must(t, "CreateAPIToken(expired)", s.CreateAPIToken(bg, &expired))
	_, err = s.APITokenByHash(bg, expired.TokenHash)
	wantKind(t, "APITokenByHash(expired)", err, socle.ENOTFOUND)

	list, err := s.APITokens(bg, org.ID)
	must(t, "APITokens", err)
	if len(list) != 2 || list[0].ID != tok.ID || list[1].ID != expired.ID {
		t.Fatalf("APITokens: got %+v, want tok then expired", list)
	}
	wantKind(t, "DeleteAPIToken from another org", s.DeleteAPIToken(bg, other.ID, tok.ID), socle.ENOTFOUND)
	must(t, "DeleteAPIToken", s.DeleteAPIToken(bg, org.ID, tok.ID))
	_, err = s.APITokenByHash(bg, tok.TokenHash)
	wantKind(t, "APITokenByHash(deleted)", err, socle.ENOTFOUND)
}
