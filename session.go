package socle

import "time"

// Session is a signed-in browser session. The store keeps only the SHA-256 of the cookie's
// token, so that a copy of the database does not let anyone sign in.
type Session struct {
	TokenHash string // hex SHA-256 of the token
	UserID    string
	OrgID     string // the organization the user works in during this session
	CreatedAt time.Time
	ExpiresAt time.Time
}

// APIToken lets a program (a case management system) call the API as one member of one
// organization. As for sessions, only the token's hash is stored.
type APIToken struct {
	ID        string
	OrgID     string
	UserID    string // the member the token acts as; it has that member's role
	Name      string // what it is for, e.g. "logiciel de suivi"
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time // zero: never expires
	// LastUsedAt is when the token last called the API, to the minute (zero: never).
	LastUsedAt time.Time
}
