package embedded

import (
	"context"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// SetPassageRule records the rule for its passage and need, replacing an earlier one.
func (s *Store) SetPassageRule(ctx context.Context, r *socle.PassageRule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	n := *r
	n.At = socle.Now()
	err := s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, n.OrgID)
		if err != nil {
			return err
		}
		if _, err := getGuide(t, n.GuideID); err != nil {
			return err
		}
		if err := putJSON(t.Bucket(bucketPassageRules), []byte(n.Key()), &n); err != nil {
			return err
		}
		return audit(ctx, tx, n.OrgID, "passage.rule", "guide", n.GuideID, n.AuditDetail())
	})
	if err == nil {
		*r = n
	}
	return err
}

// DeletePassageRule withdraws the rule of a passage and need.
func (s *Store) DeletePassageRule(ctx context.Context, orgID, k string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		b := t.Bucket(bucketPassageRules)
		var r socle.PassageRule
		ok, err := getJSON(b, []byte(k), &r)
		if err != nil {
			return err
		}
		if !ok {
			return socle.Errorf(socle.ENOTFOUND, "no rule on passage %q", k)
		}
		if err := b.Delete([]byte(k)); err != nil {
			return err
		}
		return audit(ctx, tx, orgID, "passage.rule.delete", "guide", r.GuideID, r.WithdrawnDetail())
	})
}

// PassageRules lists the organization's rules, by key.
func (s *Store) PassageRules(ctx context.Context, orgID string) ([]socle.PassageRule, error) {
	var out []socle.PassageRule
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		return t.Bucket(bucketPassageRules).ForEach(func(_, v []byte) error {
			var r socle.PassageRule
			err := jsonUnmarshal(v, &r)
			out = append(out, r)
			return err
		})
	})
	return out, err
}
