// Package access decides who is calling and what they may do: password checks, browser
// sessions, API tokens, and the permissions of each role. Every request's organization comes
// from the Principal it resolves, never from request parameters.
package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/socle-project/socle"
)

// Store is what access needs of the authoring store.
type Store interface {
	socle.OrgStore
	socle.UserStore
	socle.SessionStore
}

// Service signs people in and resolves tokens into principals.
type Service struct {
	Store Store
	// SessionTTL is how long a browser session lasts; 0 means 12 hours, a working day.
	SessionTTL time.Duration
}

// Principal is the authenticated caller: a user acting as a member of one organization.
type Principal struct {
	User socle.User
	Org  socle.Organization
	Role socle.Role
}

// tokenPrefix marks Socle's tokens, so that a leaked one is recognizable by secret scanners.
const tokenPrefix = "socle_"

// NewToken returns a fresh random token: 256 bits, URL-safe.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics on a broken system source)
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the hash under which a token is stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

var errBadCredentials = socle.Errorf(socle.EUNAUTHORIZED, "email or password is wrong")

// SignIn checks the email and password and opens a session in the organization named by
// orgSlug, or in the user's only organization when orgSlug is empty. It returns the session
// token to put in a cookie.
func (s *Service) SignIn(ctx context.Context, email, password, orgSlug string) (string, Principal, error) {
	u, err := s.Store.UserByEmail(ctx, email)
	if socle.IsKind(err, socle.ENOTFOUND) {
		checkPassword(dummyHash(), password) // same time whether the email exists or not
		return "", Principal{}, errBadCredentials
	}
	if err != nil {
		return "", Principal{}, err
	}
	if !checkPassword(u.PasswordHash, password) {
		return "", Principal{}, errBadCredentials
	}
	m, err := s.membership(ctx, u.ID, orgSlug)
	if err != nil {
		return "", Principal{}, err
	}
	token := NewToken()
	ttl := s.SessionTTL
	if ttl == 0 {
		ttl = 12 * time.Hour
	}
	sess := socle.Session{TokenHash: HashToken(token), UserID: u.ID, OrgID: m.OrgID, ExpiresAt: socle.Now().Add(ttl)}
	if err := s.Store.CreateSession(ctx, &sess); err != nil {
		return "", Principal{}, err
	}
	p, err := s.principal(ctx, u, m)
	return token, p, err
}

// membership picks the membership a sign-in works in.
func (s *Service) membership(ctx context.Context, userID, orgSlug string) (socle.Membership, error) {
	ms, err := s.Store.Memberships(ctx, userID)
	if err != nil {
		return socle.Membership{}, err
	}
	if len(ms) == 0 {
		return socle.Membership{}, socle.Errorf(socle.EFORBIDDEN, "this account belongs to no organization yet: ask an administrator to add you")
	}
	if orgSlug == "" {
		return ms[0], nil
	}
	org, err := s.Store.OrgBySlug(ctx, orgSlug)
	if err == nil {
		for _, m := range ms {
			if m.OrgID == org.ID {
				return m, nil
			}
		}
	}
	return socle.Membership{}, socle.Errorf(socle.EFORBIDDEN, "you are not a member of organization %q", orgSlug)
}

func (s *Service) principal(ctx context.Context, u socle.User, m socle.Membership) (Principal, error) {
	org, err := s.Store.Org(ctx, m.OrgID)
	if err != nil {
		return Principal{}, err
	}
	return Principal{User: u, Org: org, Role: m.Role}, nil
}

// Session resolves a session token into its principal; EUNAUTHORIZED if it is unknown or
// expired, or if the user lost the membership meanwhile.
func (s *Service) Session(ctx context.Context, token string) (Principal, error) {
	sess, err := s.Store.Session(ctx, HashToken(token))
	if socle.IsKind(err, socle.ENOTFOUND) {
		return Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "your session has ended: sign in again")
	}
	if err != nil {
		return Principal{}, err
	}
	return s.resolve(ctx, sess.UserID, sess.OrgID)
}

// SignOut ends the session of the token.
func (s *Service) SignOut(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, HashToken(token))
}

func (s *Service) resolve(ctx context.Context, userID, orgID string) (Principal, error) {
	u, err := s.Store.User(ctx, userID)
	if err != nil {
		return Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "this account no longer exists")
	}
	ms, err := s.Store.Memberships(ctx, userID)
	if err != nil {
		return Principal{}, err
	}
	for _, m := range ms {
		if m.OrgID == orgID {
			return s.principal(ctx, u, m)
		}
	}
	return Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "you are no longer a member of this organization")
}

// TokenStore is what API tokens need of the store.
type TokenStore interface {
	APITokenByHash(ctx context.Context, tokenHash string) (socle.APIToken, error)
	CreateAPIToken(ctx context.Context, t *socle.APIToken) error
}

// APIToken resolves an API token (the value of "Authorization: Bearer …") into its principal.
func (s *Service) APIToken(ctx context.Context, tokens TokenStore, token string) (Principal, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "the API token is malformed: it starts with %q", tokenPrefix)
	}
	t, err := tokens.APITokenByHash(ctx, HashToken(token))
	if socle.IsKind(err, socle.ENOTFOUND) {
		return Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "the API token is unknown, revoked or expired")
	}
	if err != nil {
		return Principal{}, err
	}
	return s.resolve(ctx, t.UserID, t.OrgID)
}

// CreateAPIToken makes a token for a member of an organization and returns its value, shown
// once: only its hash is kept.
func CreateAPIToken(ctx context.Context, tokens TokenStore, orgID, userID, name string, ttl time.Duration) (string, socle.APIToken, error) {
	value := NewToken()
	t := socle.APIToken{OrgID: orgID, UserID: userID, Name: name, TokenHash: HashToken(value)}
	if ttl > 0 {
		t.ExpiresAt = socle.Now().Add(ttl)
	}
	if err := tokens.CreateAPIToken(ctx, &t); err != nil {
		return "", t, err
	}
	return value, t, nil
}
