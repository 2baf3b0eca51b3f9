package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

// FeedChannel is the LISTEN/NOTIFY channel on which every change appended to the feed is
// announced, at the commit of its transaction. A notification only wakes servers up: they
// read the feed itself, so a lost notification (a pooler in transaction mode, a dropped
// connection) delays a change until the next poll and loses nothing.
const FeedChannel = "socle_index_changes"

// feedLock is the advisory lock that orders the feed's appends (see 00008_change_feed.sql).
const feedLock = 0x50c1e_feed

// appendChange appends a change of the guide's versions to the feed, in the transaction of
// the change. It is called last in the transaction, so that the lock it takes, held until
// commit, serializes only the commits of publishers, which are rare.
func appendChange(ctx context.Context, tx pgx.Tx, v socle.Version) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(feedLock)); err != nil {
		return err
	}
	var seq int64
	err := tx.QueryRow(ctx, `INSERT INTO index_changes (seq, org_id, guide_id, version_id, state, at)
		SELECT coalesce(max(seq), 0) + 1, $1, $2, $3, $4, $5 FROM index_changes RETURNING seq`,
		v.OrgID, v.GuideID, v.ID, v.State, socle.Now()).Scan(&seq)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2::text)`, FeedChannel, strconv.FormatInt(seq, 10))
	return err
}

// IndexChanges lists the feed after a position.
func (s *Store) IndexChanges(ctx context.Context, after int64, limit int) ([]socle.IndexChange, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, org_id, guide_id, version_id, state, at FROM index_changes
		WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, wrap(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.IndexChange, error) {
		var c socle.IndexChange
		err := r.Scan(&c.Seq, &c.OrgID, &c.GuideID, &c.VersionID, &c.State, &c.At)
		return c, err
	})
	return out, wrap(err)
}

// FeedBounds returns the first and last positions the feed holds.
func (s *Store) FeedBounds(ctx context.Context) (socle.FeedBounds, error) {
	var b socle.FeedBounds
	err := s.pool.QueryRow(ctx, `SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM index_changes`).Scan(&b.First, &b.Last)
	return b, wrap(err)
}

// ReportReplica records a server's position.
func (s *Store) ReportReplica(ctx context.Context, r *socle.IndexReplica) error {
	if r.ID == "" {
		return socle.Errorf(socle.EINVALID, "index replica without an id")
	}
	r.SeenAt = socle.Now()
	_, err := s.pool.Exec(ctx, `INSERT INTO index_replicas (id, host, applied, seen_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET host = $2, applied = $3, seen_at = $4`, r.ID, r.Host, r.Applied, r.SeenAt)
	return wrap(err)
}

// Replicas lists the servers' positions.
func (s *Store) Replicas(ctx context.Context) ([]socle.IndexReplica, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, host, applied, seen_at FROM index_replicas ORDER BY id`)
	if err != nil {
		return nil, wrap(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.IndexReplica, error) {
		var x socle.IndexReplica
		err := r.Scan(&x.ID, &x.Host, &x.Applied, &x.SeenAt)
		return x, err
	})
	return out, wrap(err)
}

// DeleteReplica forgets a server (one removed for good).
func (s *Store) DeleteReplica(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM index_replicas WHERE id = $1`, id)
	return wrap(err)
}

// PruneIndexChanges removes the changes no live server needs; see socle.ChangeFeedStore.
func (s *Store) PruneIndexChanges(ctx context.Context, liveSince, keepSince time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM index_replicas WHERE seen_at < $1`, keepSince); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM index_changes
			WHERE seq < (SELECT max(seq) FROM index_changes)
			  AND (at < $2 OR seq <= coalesce((SELECT min(applied) FROM index_replicas WHERE seen_at >= $1), 9223372036854775807))`,
			liveSince, keepSince)
		n = tag.RowsAffected()
		return err
	})
	return int(n), err
}

// Listen calls wake whenever a change is appended to the feed, until ctx ends. It holds a
// connection of its own, outside the pool; when the connection is lost it connects again
// with a growing pause and calls wake once connected, since changes may have been missed
// meanwhile. Behind a pooler in transaction mode notifications never arrive: the follower's
// polling then carries the changes alone.
func (s *Store) Listen(ctx context.Context, wake func()) {
	pause := time.Second
	for ctx.Err() == nil {
		err := s.listen(ctx, wake)
		if ctx.Err() != nil {
			return
		}
		_ = err // the follower reports the database's faults; polling goes on meanwhile
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 30*time.Second)
	}
}

func (s *Store) listen(ctx context.Context, wake func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+FeedChannel); err != nil {
		return err
	}
	wake()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		wake()
	}
}
