package embedded

import (
	"context"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// AppendAudit records an event that is not the side effect of a store change (a sign-in, a
// plan generated but not saved).
func (s *Store) AppendAudit(ctx context.Context, e *socle.AuditEvent) error {
	if e.Action == "" {
		return socle.Errorf(socle.EINVALID, "audit event has no action")
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		e.ID, e.At = newID(), socle.Now()
		if e.Actor == "" {
			e.Actor = socle.ActorFrom(ctx)
		}
		return appendAudit(tx, e)
	})
}

// Audit lists the organization's events, newest first.
func (s *Store) Audit(ctx context.Context, orgID string, f socle.AuditFilter) ([]socle.AuditEvent, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var es []socle.AuditEvent
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		c := t.Bucket(bucketAudit).Cursor()
		for k, v := c.Last(); k != nil && len(es) < limit; k, v = c.Prev() {
			var e socle.AuditEvent
			if err := jsonUnmarshal(v, &e); err != nil {
				return err
			}
			if !f.Until.IsZero() && !e.At.Before(f.Until) {
				continue
			}
			if !f.Since.IsZero() && e.At.Before(f.Since) {
				break // newest first: every event from here on is older
			}
			if f.Match(e) {
				es = append(es, e)
			}
		}
		return nil
	})
	return es, err
}
