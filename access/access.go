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
	socle.MemberStore
	socle.LinkStore
	socle.IdentityStore
	socle.ThrottleStore
	socle.TokenUseStore
}

// Service signs people in and resolves tokens into principals.
type Service struct {
	Store Store
	// SessionTTL is how long a browser session lasts; 0 means 12 hours, a working day.
	SessionTTL time.Duration
	// Throttle is the policy against password guessing; the zero value is the default.
	Throttle Throttle
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
// token to put in a cookie. client is the caller's network address, for throttling; failed
// attempts are counted per account and per address, and an attempt that comes too soon after
// too many failures is refused (ETOOMANY, with a *Throttled cause saying when to retry)
// before any password is checked.
func (s *Service) SignIn(ctx context.Context, client, email, password, orgSlug string) (string, Principal, error) {
	keys := throttleKeys(email, client)
	if err := s.checkThrottle(ctx, keys); err != nil {
		return "", Principal{}, err
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return "", Principal{}, err
	}
	hash := u.PasswordHash
	if hash == "" { // unknown email, invitation not accepted yet, or single sign-on only
		hash = dummyHash()
	}
	// The same work whether the email exists or not, so that timing tells nothing.
	if !checkPassword(hash, password) || u.PasswordHash == "" {
		if ferr := s.recordFailure(ctx, keys); ferr != nil {
			return "", Principal{}, ferr
		}
		return "", Principal{}, errBadCredentials
	}
	if err := s.Store.ResetFailures(ctx, keys[0]); err != nil {
		return "", Principal{}, err
	}
	m, err := s.membership(ctx, u.ID, orgSlug)
	if err != nil {
		return "", Principal{}, err
	}
	return s.open(ctx, u, m)
}

// open starts a session for the member.
func (s *Service) open(ctx context.Context, u socle.User, m socle.Membership) (string, Principal, error) {
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
	active := ms[:0:0]
	for _, m := range ms {
		if m.Active() {
			active = append(active, m)
		}
	}
	if len(active) == 0 && len(ms) > 0 {
		return socle.Membership{}, socle.Errorf(socle.EFORBIDDEN, "your access was deactivated by an administrator of your organization: ask them to restore it")
	}
	if len(active) == 0 {
		return socle.Membership{}, socle.Errorf(socle.EFORBIDDEN, "this account belongs to no organization yet: ask an administrator to add you")
	}
	if orgSlug == "" {
		return active[0], nil
	}
	org, err := s.Store.OrgBySlug(ctx, orgSlug)
	if err == nil {
		for _, m := range active {
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
	if socle.IsKind(err, socle.ENOTFOUND) {
		return Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "this account no longer exists")
	}
	if err != nil {
		return Principal{}, err // the store failing (a database outage) is not the caller's fault
	}
	ms, err := s.Store.Memberships(ctx, userID)
	if err != nil {
		return Principal{}, err
	}
	for _, m := range ms {
		if m.OrgID == orgID && m.Active() {
			return s.principal(ctx, u, m)
		}
	}
	return Principal{}, socle.Errorf(socle.EUNAUTHORIZED, "you are no longer a member of this organization, or your access was deactivated")
}

// TokenStore is what API tokens need of the store.
type TokenStore interface {
	APITokenByHash(ctx context.Context, tokenHash string) (socle.APIToken, error)
	CreateAPIToken(ctx context.Context, t *socle.APIToken) error
	MarkAPITokenUsed(ctx context.Context, tokenHash string, at time.Time) error
}

// tokenUseGrain is how precisely a token's last use is kept: writing it on every call would
// put a database write on every API request.
const tokenUseGrain = time.Minute

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
	p, err := s.resolve(ctx, t.UserID, t.OrgID)
	if err != nil {
		return p, err
	}
	if now := socle.Now(); now.Sub(t.LastUsedAt) >= tokenUseGrain {
		if err := tokens.MarkAPITokenUsed(ctx, t.TokenHash, now); err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
			return Principal{}, err
		}
	}
	return p, nil
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
