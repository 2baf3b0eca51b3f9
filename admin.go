package socle

import "time"

// LinkPurpose says what a one-time link lets its holder do.
type LinkPurpose string

const (
	LinkInvite LinkPurpose = "invite" // a new member sets their password and joins
	LinkReset  LinkPurpose = "reset"  // a member sets a new password
)

// OneTimeLink lets the person who holds it set a member's password once, before it expires:
// an invitation or a password reset. As for sessions, only the SHA-256 of its token is kept.
type OneTimeLink struct {
	ID        string
	TokenHash string
	OrgID     string
	UserID    string
	Purpose   LinkPurpose
	CreatedBy string // the administrator who made it
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time // zero until used
}

// Identity links an account at an OpenID provider (issuer and subject) to a user, so that
// single sign-on finds the user by the provider's stable id rather than by email.
type Identity struct {
	Issuer    string
	Subject   string
	UserID    string
	Email     string // as the provider said at the last sign-in
	CreatedAt time.Time
}

// Failures counts failed attempts under one key (a sign-in's account or client address, as a
// hash).
type Failures struct {
	Key   string
	Count int
	First time.Time
	Last  time.Time
}
