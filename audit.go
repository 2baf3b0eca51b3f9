package socle

import "time"

// AuditEvent records who did what to which object. Stores write one in the same transaction as
// each change they make, with the actor taken from the context (see WithActor).
type AuditEvent struct {
	ID         string
	OrgID      string // empty for events outside any organization (a new user)
	Actor      string // user id, or "system"
	Action     string // verb.object, e.g. "version.create", "version.publish"
	ObjectKind string
	ObjectID   string
	Detail     string // short and free of personal data
	At         time.Time
}
