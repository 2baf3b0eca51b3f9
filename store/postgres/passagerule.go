package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

const ruleColumns = `org_id, need, guide_id, digest, rule, version_n, section_id, span_start, span_end, user_id, at`

func scanRule(row pgx.Row) (socle.PassageRule, error) {
	var r socle.PassageRule
	err := row.Scan(&r.OrgID, &r.Need, &r.GuideID, &r.Digest, &r.Rule, &r.VersionN, &r.SectionID, &r.Span.Start, &r.Span.End, &r.UserID, &r.At)
	return r, err
}

// SetPassageRule records the rule for its passage and need, replacing an earlier one.
func (s *Store) SetPassageRule(ctx context.Context, r *socle.PassageRule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	n := *r
	n.At = socle.Now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM guides WHERE org_id = $1 AND id = $2`, n.OrgID, n.GuideID).Scan(&one); err != nil {
			if err := orgExists(ctx, tx, n.OrgID); err != nil {
				return err
			}
			return notFound(err, "guide %q not found", n.GuideID)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO passage_rules (`+ruleColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (org_id, need, guide_id, digest) DO UPDATE SET rule = excluded.rule, version_n = excluded.version_n,
			section_id = excluded.section_id, span_start = excluded.span_start, span_end = excluded.span_end,
			user_id = excluded.user_id, at = excluded.at`,
			n.OrgID, n.Need, n.GuideID, n.Digest, n.Rule, n.VersionN, n.SectionID, n.Span.Start, n.Span.End, n.UserID, n.At); err != nil {
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
func (s *Store) DeletePassageRule(ctx context.Context, orgID, key string) error {
	// The key is need|guide id|digest: neither a need code nor a digest holds a bar.
	first, last := strings.IndexByte(key, '|'), strings.LastIndexByte(key, '|')
	if first < 0 || last == first {
		if err := orgExists(ctx, s.pool, orgID); err != nil {
			return err
		}
		return socle.Errorf(socle.ENOTFOUND, "no rule on passage %q", key)
	}
	need, guideID, digest := key[:first], key[first+1:last], key[last+1:]
	return s.inTx(ctx, func(tx pgx.Tx) error {
		r, err := scanRule(tx.QueryRow(ctx, `DELETE FROM passage_rules WHERE org_id = $1 AND need = $2 AND guide_id = $3 AND digest = $4
			RETURNING `+ruleColumns, orgID, need, guideID, digest))
		if err == pgx.ErrNoRows {
			if err := orgExists(ctx, tx, orgID); err != nil {
				return err
			}
		}
		if err != nil {
			return notFound(err, "no rule on passage %q", key)
		}
		return audit(ctx, tx, orgID, "passage.rule.delete", "guide", r.GuideID, r.WithdrawnDetail())
	})
}

// PassageRules lists the organization's rules, by key.
func (s *Store) PassageRules(ctx context.Context, orgID string) ([]socle.PassageRule, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+ruleColumns+` FROM passage_rules WHERE org_id = $1
		ORDER BY (need || '|' || guide_id || '|' || digest) COLLATE "C"`, orgID)
	if err != nil {
		return nil, wrap(err)
	}
	rs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.PassageRule, error) { return scanRule(r) })
	if err == nil && len(rs) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return rs, wrap(err)
}
