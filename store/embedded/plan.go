package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"time"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// SavePlan stores a plan until its ExpiresAt.
func (s *Store) SavePlan(ctx context.Context, p *socle.Plan) error {
	now := socle.Now()
	if !p.ExpiresAt.After(now) {
		return socle.Errorf(socle.EINVALID, "plan expiry %s is not in the future: give a retention period", p.ExpiresAt.Format(time.RFC3339))
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, p.OrgID)
		if err != nil {
			return err
		}
		if p.DraftID != "" {
			// Writes are serialized: no other save of the draft can come between this read
			// and the write below.
			if id := t.Bucket(bucketPlanDrafts).Get([]byte(p.DraftID)); id != nil {
				saved, err := getPlan(t, string(id))
				if err == nil {
					*p = saved
				}
				return err
			}
		}
		p.ID, p.CreatedAt = newID(), now
		if p.DraftID != "" {
			if err := t.Bucket(bucketPlanDrafts).Put([]byte(p.DraftID), []byte(p.ID)); err != nil {
				return err
			}
		}
		p.ExpiresAt = p.ExpiresAt.UTC().Truncate(time.Microsecond)
		if err := putJSON(t.Bucket(bucketPlans), []byte(p.ID), p); err != nil {
			return err
		}
		if err := tx.Bucket(bucketPlanExpiry).Put(expiryKey(p), nil); err != nil {
			return err
		}
		if err := indexCitations(t, p, true); err != nil {
			return err
		}
		return audit(ctx, tx, p.OrgID, "plan.save", "plan", p.ID, "")
	})
}

// expiryKey orders plans by expiry across organizations, so that purging reads only what is due.
func expiryKey(p *socle.Plan) []byte {
	return key(u64(uint64(p.ExpiresAt.UnixMicro())), []byte(p.OrgID), []byte(p.ID))
}

func getPlan(t *bolt.Bucket, id string) (socle.Plan, error) {
	var p socle.Plan
	ok, err := getJSON(t.Bucket(bucketPlans), []byte(id), &p)
	if err == nil && !ok {
		err = socle.Errorf(socle.ENOTFOUND, "plan %q not found", id)
	}
	return p, err
}

// Plan returns one saved plan.
func (s *Store) Plan(ctx context.Context, orgID, id string) (socle.Plan, error) {
	var p socle.Plan
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err == nil {
			p, err = getPlan(t, id)
		}
		return err
	})
	return p, err
}

// Plans lists saved plans, newest first. Plan ids are time-ordered, so the bucket's order is
// creation order.
func (s *Store) Plans(ctx context.Context, orgID string, f socle.PlanFilter) ([]socle.Plan, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var ps []socle.Plan
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		c := t.Bucket(bucketPlans).Cursor()
		for k, v := c.Last(); k != nil && len(ps) < limit; k, v = c.Prev() {
			var p socle.Plan
			if err := jsonUnmarshal(v, &p); err != nil {
				return err
			}
			if !f.Since.IsZero() && p.CreatedAt.Before(f.Since) {
				break // newest first: the rest are older
			}
			if f.AuthorID == "" || p.AuthorID == f.AuthorID {
				ps = append(ps, p)
			}
		}
		return nil
	})
	return ps, err
}

// DeletePlan removes a plan and its feedback.
func (s *Store) DeletePlan(ctx context.Context, orgID, id string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		p, err := getPlan(t, id)
		if err != nil {
			return err
		}
		if err := deletePlan(tx, t, &p); err != nil {
			return err
		}
		return audit(ctx, tx, orgID, "plan.delete", "plan", id, "")
	})
}

func deletePlan(tx *bolt.Tx, t *bolt.Bucket, p *socle.Plan) error {
	if err := t.Bucket(bucketPlans).Delete([]byte(p.ID)); err != nil {
		return err
	}
	if p.DraftID != "" {
		if err := t.Bucket(bucketPlanDrafts).Delete([]byte(p.DraftID)); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketPlanExpiry).Delete(expiryKey(p)); err != nil {
		return err
	}
	if err := indexCitations(t, p, false); err != nil {
		return err
	}
	fb := t.Bucket(bucketFeedback)
	pre := prefix(p.ID)
	var keys [][]byte
	c := fb.Cursor()
	for k, _ := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := fb.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// DeleteExpiredPlans purges the plans due at now, in every organization.
func (s *Store) DeleteExpiredPlans(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		limit := uint64(now.UnixMicro())
		var due []socle.Plan
		c := tx.Bucket(bucketPlanExpiry).Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k[:8]) <= limit; k, _ = c.Next() {
			parts := bytes.Split(k[9:], []byte{0})
			due = append(due, socle.Plan{OrgID: string(parts[0]), ID: string(parts[1])})
		}
		for _, d := range due {
			t, err := tenant(tx, d.OrgID)
			if err != nil {
				return err
			}
			p, err := getPlan(t, d.ID)
			if err != nil {
				return err
			}
			if err := deletePlan(tx, t, &p); err != nil {
				return err
			}
			if err := audit(ctx, tx, p.OrgID, "plan.expire", "plan", p.ID, ""); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// AddFeedback records a verdict on a step of a saved plan.
func (s *Store) AddFeedback(ctx context.Context, f *socle.Feedback) error {
	if !f.Verdict.Valid() {
		return socle.Errorf(socle.EINVALID, "verdict %q is not valid: use useful, wrong or unsupported", f.Verdict)
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, f.OrgID)
		if err != nil {
			return err
		}
		p, err := getPlan(t, f.PlanID)
		if err != nil {
			return err
		}
		if f.Step < 0 || f.Step >= len(p.Steps) {
			return socle.Errorf(socle.EINVALID, "plan has %d steps; step %d does not exist", len(p.Steps), f.Step)
		}
		b := t.Bucket(bucketFeedback)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		f.ID, f.CreatedAt = newID(), socle.Now()
		if err := putJSON(b, key([]byte(f.PlanID), u64(seq)), f); err != nil {
			return err
		}
		return audit(ctx, tx, f.OrgID, "feedback.add", "plan", f.PlanID, string(f.Verdict))
	})
}

// Feedback lists a plan's feedback, oldest first.
func (s *Store) Feedback(ctx context.Context, orgID, planID string) ([]socle.Feedback, error) {
	var fs []socle.Feedback
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if _, err := getPlan(t, planID); err != nil {
			return err
		}
		return scan(t.Bucket(bucketFeedback), planID, func(v []byte) error {
			var f socle.Feedback
			err := jsonUnmarshal(v, &f)
			fs = append(fs, f)
			return err
		})
	})
	return fs, err
}
