package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"sort"
	"time"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// The change feed of the embedded store. One process owns the file, so there is only ever one
// replica; the feed is kept all the same, so that the embedded and the PostgreSQL modes apply
// changes to their indexes by one path.
var (
	bucketChanges  = []byte("index-changes")  // seq (8 bytes) → IndexChange
	bucketReplicas = []byte("index-replicas") // replica id → IndexReplica
)

// appendChange appends a change of the guide's versions to the feed, in the transaction of the
// change. bbolt's bucket sequence never goes back, even after pruning.
func appendChange(tx *bolt.Tx, v socle.Version) error {
	b := tx.Bucket(bucketChanges)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	c := socle.IndexChange{Seq: int64(seq), OrgID: v.OrgID, GuideID: v.GuideID, VersionID: v.ID, State: v.State, At: socle.Now()}
	return putJSON(b, u64(seq), &c)
}

// IndexChanges lists the feed after a position.
func (s *Store) IndexChanges(ctx context.Context, after int64, limit int) ([]socle.IndexChange, error) {
	if limit <= 0 {
		limit = 1000
	}
	var out []socle.IndexChange
	err := s.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketChanges).Cursor()
		for k, v := c.Seek(u64(uint64(max(after, 0)) + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var ch socle.IndexChange
			if err := jsonUnmarshal(v, &ch); err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// FeedBounds returns the first and last positions the feed holds.
func (s *Store) FeedBounds(ctx context.Context) (socle.FeedBounds, error) {
	var b socle.FeedBounds
	err := s.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketChanges).Cursor()
		if k, _ := c.First(); k != nil {
			b.First = int64(binary.BigEndian.Uint64(k))
		}
		if k, _ := c.Last(); k != nil {
			b.Last = int64(binary.BigEndian.Uint64(k))
		}
		return nil
	})
	return b, err
}

// ReportReplica records a replica's position.
func (s *Store) ReportReplica(ctx context.Context, r *socle.IndexReplica) error {
	if r.ID == "" {
		return socle.Errorf(socle.EINVALID, "index replica without an id")
	}
	r.SeenAt = socle.Now()
	return s.update(ctx, func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketReplicas), []byte(r.ID), r)
	})
}

// Replicas lists the replicas' positions.
func (s *Store) Replicas(ctx context.Context) ([]socle.IndexReplica, error) {
	var out []socle.IndexReplica
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketReplicas).ForEach(func(_, v []byte) error {
			var r socle.IndexReplica
			if err := jsonUnmarshal(v, &r); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

// DeleteReplica forgets a replica.
func (s *Store) DeleteReplica(ctx context.Context, id string) error {
	return s.update(ctx, func(tx *bolt.Tx) error { return tx.Bucket(bucketReplicas).Delete([]byte(id)) })
}

// PruneIndexChanges removes the changes no live replica needs; see socle.ChangeFeedStore.
func (s *Store) PruneIndexChanges(ctx context.Context, liveSince, keepSince time.Time) (int, error) {
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		reps := tx.Bucket(bucketReplicas)
		need := int64(-1) // the lowest position a live replica has applied; -1: none live
		var forget [][]byte
		err := reps.ForEach(func(k, v []byte) error {
			var r socle.IndexReplica
			if err := jsonUnmarshal(v, &r); err != nil {
				return err
			}
			switch {
			case r.SeenAt.Before(keepSince):
				forget = append(forget, bytes.Clone(k))
			case !r.SeenAt.Before(liveSince) && (need < 0 || r.Applied < need):
				need = r.Applied
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range forget {
			if err := reps.Delete(k); err != nil {
				return err
			}
		}
		b := tx.Bucket(bucketChanges)
		last, _ := b.Cursor().Last()
		var drop [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil && !bytes.Equal(k, last); k, v = c.Next() {
			var ch socle.IndexChange
			if err := jsonUnmarshal(v, &ch); err != nil {
				return err
			}
			if ch.At.Before(keepSince) || need < 0 || ch.Seq <= need {
				drop = append(drop, bytes.Clone(k))
			}
		}
		for _, k := range drop {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(drop)
		return nil
	})
	return n, err
}
