package socle

import (
	"strings"
	"time"
)

// User is a person who signs in. Users are global; what they may see comes from their
// memberships, one per organization.
type User struct {
	ID           string
	Email        string // stored lowercased; unique
	Name         string
	PasswordHash string // a self-describing hash (argon2id or bcrypt); never the password
	CreatedAt    time.Time
}

// Validate checks the fields a caller must set and normalizes the email.
func (u *User) Validate() error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if at := strings.IndexByte(u.Email, '@'); at < 1 || at == len(u.Email)-1 {
		return Errorf(EINVALID, "email %q is not valid: expected name@domain", u.Email)
	}
	return nil
}

// Role is what a member may do within an organization.
type Role string

const (
	RoleAdmin      Role = "admin"      // manages members and everything else
	RoleLead       Role = "lead"       // methodology lead: uploads, reviews and publishes guides, keeps the glossary
	RoleCaseworker Role = "caseworker" // asks for plans
	RoleTrainer    Role = "trainer"    // builds learning paths and follows progress
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleLead, RoleCaseworker, RoleTrainer:
		return true
	}
	return false
}

// Membership gives a user a role in an organization.
type Membership struct {
	OrgID     string
	UserID    string
	Role      Role
	CreatedAt time.Time
	// LastSignInAt is when the user last opened a session in this organization (zero: never).
	LastSignInAt time.Time
	// DeactivatedAt, when set, is when an administrator deactivated the member: they can no
	// longer sign in to the organization, and their sessions and tokens there ended then.
	DeactivatedAt time.Time
}

// Active reports whether the member may sign in to the organization.
func (m Membership) Active() bool { return m.DeactivatedAt.IsZero() }
