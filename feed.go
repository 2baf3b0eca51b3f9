package socle

import (
	"context"
	"time"
)

// The change feed keeps several servers' search indexes in step with one store. Every change
// that alters what a search index must hold (a version created, published, withdrawn or
// archived) appends an IndexChange in the transaction of the change, so that the log holds a
// change exactly when the store does. Each server applies the changes after the last one its
// local index has applied, and records its position (IndexReplica) so that old changes can be
// pruned once every live server has them.
//
// The feed is one log for the whole deployment, not one per organization: a server's index
// holds every organization, so its position is one number, and a change of one organization
// must never wait behind another's. Changes carry only ids (no text), and what a server reads
// to apply one goes through the organization-scoped store methods with the change's own
// organization id.

// IndexChange is one entry of the change feed: the versions of one guide changed.
type IndexChange struct {
	Seq       int64 // position in the feed, increasing in commit order
	OrgID     string
	GuideID   string
	VersionID string       // the version that changed
	State     VersionState // its state after the change
	At        time.Time
}

// FeedBounds are the first and last positions the feed holds; zero when it is empty.
type FeedBounds struct {
	First, Last int64
}

// IndexReplica is one server's local index as the feed knows it: how far it has applied
// the feed, and when it last said so.
type IndexReplica struct {
	ID      string // stable per index directory
	Host    string // for operators: host name and address
	Applied int64
	SeenAt  time.Time
}

// ChangeFeedStore keeps the change feed and the positions of the servers applying it.
type ChangeFeedStore interface {
	// IndexChanges lists the changes after the position given, oldest first, at most limit
	// (0 means 1000).
	IndexChanges(ctx context.Context, after int64, limit int) ([]IndexChange, error)
	FeedBounds(ctx context.Context) (FeedBounds, error)
	// ReportReplica records a replica's position and stamps SeenAt with now.
	ReportReplica(ctx context.Context, r *IndexReplica) error
	Replicas(ctx context.Context) ([]IndexReplica, error) // by ID
	DeleteReplica(ctx context.Context, id string) error
	// PruneIndexChanges removes the changes that every replica seen at or after liveSince has
	// applied, and the changes older than keepSince whoever still needs them (a server that
	// far behind rebuilds its index); it always keeps the newest change, so that the feed's
	// last position survives. Replicas not seen since keepSince are forgotten. It returns how
	// many changes it removed.
	PruneIndexChanges(ctx context.Context, liveSince, keepSince time.Time) (int, error)
}
