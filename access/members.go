package access

import (
	"context"
	"strings"
	"time"

	"github.com/socle-project/socle"
)

// How long one-time links last: an invitation a week (people are away), a password reset a
// day.
const (
	InviteTTL = 7 * 24 * time.Hour
	ResetTTL  = 24 * time.Hour
)

// Invitation is what Invite did: the member, and the one-time link's token when the person
// must set a password (empty when their account has one already).
type Invitation struct {
	User   socle.User
	Member socle.Membership
	Token  string
}

// Invite makes the person with this email a member of the organization with the role. A new
// account gets no password: the invitation's one-time link (Token) lets its holder set one.
// An existing account joins with the password it has.
func (s *Service) Invite(ctx context.Context, orgID, email, name string, role socle.Role) (Invitation, error) {
	if !role.Valid() {
		return Invitation{}, socle.Errorf(socle.EINVALID, "role %q is not valid: use admin, lead, caseworker or trainer", role)
	}
	u, err := s.Store.UserByEmail(ctx, email)
	switch {
	case socle.IsKind(err, socle.ENOTFOUND):
		u = socle.User{Email: email, Name: strings.TrimSpace(name)}
		if err := s.Store.CreateUser(ctx, &u); err != nil {
			return Invitation{}, err
		}
	case err != nil:
		return Invitation{}, err
	default:
		if _, err := s.Store.Member(ctx, orgID, u.ID); err == nil {
			return Invitation{}, socle.Errorf(socle.ECONFLICT, "%s is a member of this organization already: change their role instead", u.Email)
		} else if !socle.IsKind(err, socle.ENOTFOUND) {
			return Invitation{}, err
		}
	}
	m := socle.Membership{OrgID: orgID, UserID: u.ID, Role: role}
	if err := s.Store.SetMembership(ctx, &m); err != nil {
		return Invitation{}, err
	}
	inv := Invitation{User: u, Member: m}
	if u.PasswordHash == "" {
		inv.Token, err = s.newLink(ctx, orgID, u.ID, socle.LinkInvite, InviteTTL)
	}
	return inv, err
}

// ResetLink makes a one-time link with which a member sets a new password.
func (s *Service) ResetLink(ctx context.Context, orgID, userID string) (string, error) {
	m, err := s.Store.Member(ctx, orgID, userID)
	if err != nil {
		return "", err
	}
	if !m.Active() {
		return "", socle.Errorf(socle.ECONFLICT, "this member is deactivated: reactivate them first")
	}
	return s.newLink(ctx, orgID, userID, socle.LinkReset, ResetTTL)
}

func (s *Service) newLink(ctx context.Context, orgID, userID string, purpose socle.LinkPurpose, ttl time.Duration) (string, error) {
	token := NewToken()
	l := socle.OneTimeLink{TokenHash: HashToken(token), OrgID: orgID, UserID: userID, Purpose: purpose, ExpiresAt: socle.Now().Add(ttl)}
	if err := s.Store.CreateLink(ctx, &l); err != nil {
		return "", err
	}
	return token, nil
}

// UseLink sets the password of the link's member and opens a session for them in the link's
// organization. The password is checked before the link is spent, so that a password too
// short does not cost the link.
func (s *Service) UseLink(ctx context.Context, token, password string) (string, Principal, error) {
	hash, err := HashPassword(password)
	if err != nil {
		return "", Principal{}, err
	}
	l, err := s.Store.UseLink(ctx, HashToken(strings.TrimSpace(token)))
	if err != nil {
		return "", Principal{}, err
	}
	if err := s.Store.SetPassword(socle.WithActor(ctx, l.UserID), l.UserID, hash); err != nil {
		return "", Principal{}, err
	}
	u, err := s.Store.User(ctx, l.UserID)
	if err != nil {
		return "", Principal{}, err
	}
	// A new password ends a throttling of the account (someone guessing at it locks its owner
	// out of password sign-in until then).
	if err := s.Store.ResetFailures(ctx, throttleKeys(u.Email, "")[0]); err != nil {
		return "", Principal{}, err
	}
	m, err := s.Store.Member(ctx, l.OrgID, l.UserID)
	if err != nil {
		return "", Principal{}, err
	}
	if !m.Active() {
		return "", Principal{}, socle.Errorf(socle.EFORBIDDEN, "your password is set, but your access was deactivated meanwhile: ask an administrator")
	}
	return s.open(ctx, u, m)
}

// SetRole changes a member's role. An organization keeps at least one active administrator.
func (s *Service) SetRole(ctx context.Context, orgID, userID string, role socle.Role) error {
	m, err := s.Store.Member(ctx, orgID, userID)
	if err != nil {
		return err
	}
	if m.Role == socle.RoleAdmin && role != socle.RoleAdmin && m.Active() {
		if err := s.keepAnAdmin(ctx, orgID, userID); err != nil {
			return err
		}
	}
	m.Role = role
	return s.Store.SetMembership(ctx, &m)
}

// SetActive deactivates a member, which ends their sessions and API tokens in the organization
// at once, or reactivates them. An organization keeps at least one active administrator.
func (s *Service) SetActive(ctx context.Context, orgID, userID string, active bool) error {
	m, err := s.Store.Member(ctx, orgID, userID)
	if err != nil {
		return err
	}
	if !active && m.Role == socle.RoleAdmin && m.Active() {
		if err := s.keepAnAdmin(ctx, orgID, userID); err != nil {
			return err
		}
	}
	return s.Store.SetMemberActive(ctx, orgID, userID, active)
}

func (s *Service) keepAnAdmin(ctx context.Context, orgID, leaving string) error {
	ms, err := s.Store.Members(ctx, orgID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.UserID != leaving && m.Role == socle.RoleAdmin && m.Active() {
			return nil
		}
	}
	return socle.Errorf(socle.ECONFLICT, "this is the organization's last active administrator: make someone else administrator first")
}
