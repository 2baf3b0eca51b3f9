package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

const planColumns = `id, org_id, author_id, title, case_digest, steps, not_covered, generator, created_at, expires_at, draft_id`

func scanPlan(row pgx.Row) (socle.Plan, error) {
	var p socle.Plan
	var draft *string
	err := row.Scan(&p.ID, &p.OrgID, &p.AuthorID, &p.Title, &p.CaseDigest, &p.Steps, &p.NotCovered, &p.Generator, &p.CreatedAt, &p.ExpiresAt, &draft)
	if draft != nil {
		p.DraftID = *draft
	}
	return p, err
}

// SavePlan stores a plan until its ExpiresAt; a plan of a draft already saved is not stored
// again: *p becomes the plan saved first.
func (s *Store) SavePlan(ctx context.Context, p *socle.Plan) error {
	n := *p
	n.ID, n.CreatedAt = newID(), socle.Now()
	n.ExpiresAt = n.ExpiresAt.UTC().Truncate(time.Microsecond)
	if !n.ExpiresAt.After(n.CreatedAt) {
		return socle.Errorf(socle.EINVALID, "plan expiry %s is not in the future: give a retention period", n.ExpiresAt.Format(time.RFC3339))
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// A second save of a draft conflicts on plans_draft, waiting for a concurrent first
		// save to commit (or roll back, and then this one stores the plan): it then reads the
		// plan that one stored, committed before this statement's end.
		tag, err := tx.Exec(ctx, `INSERT INTO plans (`+planColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULLIF($11, ''))
			ON CONFLICT (org_id, draft_id) WHERE draft_id IS NOT NULL DO NOTHING`,
			n.ID, n.OrgID, n.AuthorID, n.Title, n.CaseDigest, nonNilSteps(n.Steps), nonNilSteps(n.NotCovered), n.Generator, n.CreatedAt, n.ExpiresAt, n.DraftID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			n, err = scanPlan(tx.QueryRow(ctx, `SELECT `+planColumns+` FROM plans WHERE org_id = $1 AND draft_id = $2`, p.OrgID, p.DraftID))
			return notFound(err, "the plan saved from this draft was deleted meanwhile")
		}
		if err := indexCitations(ctx, tx, &n); err != nil {
			return err
		}
		return audit(ctx, tx, n.OrgID, "plan.save", "plan", n.ID, "")
	})
	if err == nil {
		*p = n
	}
	return err
}

// Plan returns one saved plan.
func (s *Store) Plan(ctx context.Context, orgID, id string) (socle.Plan, error) {
	p, err := scanPlan(s.pool.QueryRow(ctx, `SELECT `+planColumns+` FROM plans WHERE org_id = $1 AND id = $2`, orgID, id))
	return p, notFound(err, "plan %q not found", id)
}

// Plans lists saved plans, newest first (plan ids are time-ordered).
func (s *Store) Plans(ctx context.Context, orgID string, f socle.PlanFilter) ([]socle.Plan, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.pool.Query(ctx, `SELECT `+planColumns+` FROM plans WHERE org_id = $1 AND ($2 = '' OR author_id = $2)
		AND created_at >= $4 ORDER BY id DESC LIMIT $3`, orgID, f.AuthorID, limit, f.Since)
	if err != nil {
		return nil, wrap(err)
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Plan, error) { return scanPlan(r) })
	if err == nil && len(ps) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return ps, wrap(err)
}

// DeletePlan removes a plan and, by cascade, its feedback.
func (s *Store) DeletePlan(ctx context.Context, orgID, id string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM plans WHERE org_id = $1 AND id = $2`, orgID, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return socle.Errorf(socle.ENOTFOUND, "plan %q not found", id)
		}
		return audit(ctx, tx, orgID, "plan.delete", "plan", id, "")
	})
}

// DeleteExpiredPlans purges the plans due at now, in every organization.
func (s *Store) DeleteExpiredPlans(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `DELETE FROM plans WHERE expires_at <= $1 RETURNING org_id, id`, now)
		if err != nil {
			return err
		}
		type due struct{ org, id string }
		gone, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (due, error) {
			var d due
			err := r.Scan(&d.org, &d.id)
			return d, err
		})
		if err != nil {
			return err
		}
		for _, d := range gone {
			if err := audit(ctx, tx, d.org, "plan.expire", "plan", d.id, ""); err != nil {
				return err
			}
		}
		n = len(gone)
		return nil
	})
	return n, err
}

// AddFeedback records a verdict on a step of a saved plan.
func (s *Store) AddFeedback(ctx context.Context, f *socle.Feedback) error {
	if !f.Verdict.Valid() {
		return socle.Errorf(socle.EINVALID, "verdict %q is not valid: use useful, wrong or unsupported", f.Verdict)
	}
	n := *f
	n.ID, n.CreatedAt = newID(), socle.Now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var steps int
		err := tx.QueryRow(ctx, `SELECT jsonb_array_length(steps) FROM plans WHERE org_id = $1 AND id = $2 FOR SHARE`, n.OrgID, n.PlanID).Scan(&steps)
		if err != nil {
			return notFound(err, "plan %q not found", n.PlanID)
		}
		if n.Step < 0 || n.Step >= steps {
			return socle.Errorf(socle.EINVALID, "plan has %d steps; step %d does not exist", steps, n.Step)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO feedback (id, org_id, plan_id, step, user_id, verdict, comment, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, n.ID, n.OrgID, n.PlanID, n.Step, n.UserID, n.Verdict, n.Comment, n.CreatedAt); err != nil {
			return err
		}
		return audit(ctx, tx, n.OrgID, "feedback.add", "plan", n.PlanID, string(n.Verdict))
	})
	if err == nil {
		*f = n
	}
	return err
}

// Feedback lists a plan's feedback, oldest first.
func (s *Store) Feedback(ctx context.Context, orgID, planID string) ([]socle.Feedback, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, org_id, plan_id, step, user_id, verdict, comment, created_at
		FROM feedback WHERE org_id = $1 AND plan_id = $2 ORDER BY seq`, orgID, planID)
	if err != nil {
		return nil, wrap(err)
	}
	fs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Feedback, error) {
		var f socle.Feedback
		err := r.Scan(&f.ID, &f.OrgID, &f.PlanID, &f.Step, &f.UserID, &f.Verdict, &f.Comment, &f.CreatedAt)
		return f, err
	})
	if err == nil && len(fs) == 0 {
		if _, err := s.Plan(ctx, orgID, planID); err != nil {
			return nil, err
		}
	}
	return fs, wrap(err)
}

// nonNilSteps stores no steps as an empty list: pgx writes a nil slice as NULL, which the
// columns refuse.
func nonNilSteps(s []socle.Step) []socle.Step {
	if s == nil {
		return []socle.Step{}
	}
	return s
}
