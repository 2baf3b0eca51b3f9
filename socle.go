// Package socle is the domain of Socle: organizations and their members, guides with immutable
// versions cut into citable sections, service catalogs, the glossary, plans with their citations,
// and the contracts every store honours. It imports only the standard library.
package socle

import (
	"context"
	"time"
)

// Now returns the current time as stores record it: UTC, truncated to the microsecond so that
// a value read back from either store compares equal to the one written.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

type actorKey struct{}

// WithActor returns a context that names the user doing the work. Stores record this id as the
// actor of the audit events they write in the same transaction as each change.
func WithActor(ctx context.Context, userID string) context.Context {
	return context.WithValue(ctx, actorKey{}, userID)
}

// ActorFrom returns the user id set by WithActor, or "system" for work not done on behalf of a
// user (start-up seeding, reindexing, retention purges).
func ActorFrom(ctx context.Context) string {
	if id, ok := ctx.Value(actorKey{}).(string); ok && id != "" {
		return id
	}
	return "system"
}
