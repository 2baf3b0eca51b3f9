package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

const pathColumns = `org_id, id, author, audience, revision, published, draft, created_at, updated_at`

func scanPath(row pgx.Row) (socle.LearningPath, error) {
	var p socle.LearningPath
	err := row.Scan(&p.OrgID, &p.ID, &p.Author, &p.Audience, &p.Revision, &p.Published, &p.Draft, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

func autoRole(a socle.Audience) string {
	if a.AutoAssign {
		return string(a.Role)
	}
	return ""
}

// CreatePath records a new path with its first draft.
func (s *Store) CreatePath(ctx context.Context, p *socle.LearningPath) error {
	if p.Draft == nil {
		return socle.Errorf(socle.EINVALID, "a new path needs its first draft")
	}
	if err := p.Draft.Validate(); err != nil {
		return err
	}
	n := *p
	n.ID, n.CreatedAt, n.Revision, n.Published = newID(), socle.Now(), 0, nil
	n.UpdatedAt = n.CreatedAt
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO learning_paths (`+pathColumns+`, auto_role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			n.OrgID, n.ID, n.Author, n.Audience, n.Revision, n.Published, n.Draft, n.CreatedAt, n.UpdatedAt, autoRole(n.Audience)); err != nil {
			return err
		}
		return audit(ctx, tx, n.OrgID, "path.create", "path", n.ID, n.Draft.Title)
	})
	if err == nil {
		*p = n
	}
	return err
}

// LearningPath returns one of the organization's paths.
func (s *Store) LearningPath(ctx context.Context, orgID, id string) (socle.LearningPath, error) {
	p, err := scanPath(s.pool.QueryRow(ctx, `SELECT `+pathColumns+` FROM learning_paths WHERE org_id = $1 AND id = $2`, orgID, id))
	return p, notFound(err, "learning path %q not found", id)
}

// LearningPaths lists the organization's paths, oldest first.
func (s *Store) LearningPaths(ctx context.Context, orgID string) ([]socle.LearningPath, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+pathColumns+` FROM learning_paths WHERE org_id = $1 ORDER BY id`, orgID)
	if err != nil {
		return nil, wrap(err)
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.LearningPath, error) { return scanPath(r) })
	if err == nil && len(ps) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return ps, wrap(err)
}

// SavePathDraft replaces the path's draft and audience.
func (s *Store) SavePathDraft(ctx context.Context, orgID, id string, d socle.PathContent, a socle.Audience) (socle.LearningPath, error) {
	if err := d.Validate(); err != nil {
		return socle.LearningPath{}, err
	}
	d.PublishedAt = time.Time{}
	var p socle.LearningPath
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		p, err = scanPath(tx.QueryRow(ctx, `UPDATE learning_paths SET draft = $3, audience = $4, auto_role = $5, updated_at = $6
			WHERE org_id = $1 AND id = $2 RETURNING `+pathColumns, orgID, id, &d, a, autoRole(a), socle.Now()))
		if err != nil {
			return notFound(err, "learning path %q not found", id)
		}
		return audit(ctx, tx, orgID, "path.draft", "path", id, d.Title)
	})
	return p, err
}

// PublishPath makes the draft the published revision.
func (s *Store) PublishPath(ctx context.Context, orgID, id string) (socle.LearningPath, error) {
	var p socle.LearningPath
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		p, err = scanPath(tx.QueryRow(ctx, `SELECT `+pathColumns+` FROM learning_paths WHERE org_id = $1 AND id = $2 FOR UPDATE`, orgID, id))
		if err != nil {
			return notFound(err, "learning path %q not found", id)
		}
		if p.Draft == nil {
			return socle.Errorf(socle.ECONFLICT, "path %q has no draft to publish: its revision %d is published already", p.ID, p.Revision)
		}
		p.Published, p.Draft = p.Draft, nil
		p.Revision++
		p.Published.PublishedAt, p.UpdatedAt = socle.Now(), socle.Now()
		if _, err := tx.Exec(ctx, `UPDATE learning_paths SET published = $3, draft = NULL, revision = $4, updated_at = $5 WHERE org_id = $1 AND id = $2`,
			orgID, id, p.Published, p.Revision, p.UpdatedAt); err != nil {
			return err
		}
		return audit(ctx, tx, orgID, "path.publish", "path", id, fmt.Sprintf("revision %d", p.Revision))
	})
	return p, err
}

// Assign gives a member a path; assigning twice keeps the first.
func (s *Store) Assign(ctx context.Context, a *socle.Assignment) error {
	n := *a
	n.AssignedAt = socle.Now()
	if n.AssignedBy == "" {
		n.AssignedBy = socle.ActorFrom(ctx)
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM learning_paths WHERE org_id = $1 AND id = $2`, n.OrgID, n.PathID).Scan(&one); err != nil {
			return notFound(err, "learning path %q not found", n.PathID)
		}
		if err := tx.QueryRow(ctx, `SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2`, n.OrgID, n.UserID).Scan(&one); err != nil {
			return notFound(err, "%q is not a member of this organization", n.UserID)
		}
		err := tx.QueryRow(ctx, `INSERT INTO path_assignments (org_id, path_id, user_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT DO NOTHING RETURNING 1`, n.OrgID, n.PathID, n.UserID, n.AssignedBy, n.AssignedAt).Scan(&one)
		if err == pgx.ErrNoRows {
			// Assigned before: that assignment stays.
			return tx.QueryRow(ctx, `SELECT assigned_by, assigned_at FROM path_assignments WHERE org_id = $1 AND path_id = $2 AND user_id = $3`,
				n.OrgID, n.PathID, n.UserID).Scan(&n.AssignedBy, &n.AssignedAt)
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, n.OrgID, "path.assign", "path", n.PathID, n.UserID)
	})
	if err == nil {
		*a = n
	}
	return err
}

// autoAssign gives a member added with a role the published paths whose audience says so, in
// the membership's transaction.
func autoAssign(ctx context.Context, q querier, m *socle.Membership) error {
	_, err := q.Exec(ctx, `INSERT INTO path_assignments (org_id, path_id, user_id, assigned_by, assigned_at)
		SELECT org_id, id, $3, 'system', $4 FROM learning_paths WHERE org_id = $1 AND auto_role = $2 AND revision > 0
		ON CONFLICT DO NOTHING`, m.OrgID, string(m.Role), m.UserID, socle.Now())
	return err
}

// Unassign takes a path back from a member; their progress is kept.
func (s *Store) Unassign(ctx context.Context, orgID, pathID, userID string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM path_assignments WHERE org_id = $1 AND path_id = $2 AND user_id = $3`, orgID, pathID, userID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return socle.Errorf(socle.ENOTFOUND, "path %q is not assigned to %q", pathID, userID)
		}
		return audit(ctx, tx, orgID, "path.unassign", "path", pathID, userID)
	})
}

// Assignments lists the organization's assignments, by path then member.
func (s *Store) Assignments(ctx context.Context, orgID string, f socle.ProgressFilter) ([]socle.Assignment, error) {
	rows, err := s.pool.Query(ctx, `SELECT org_id, path_id, user_id, assigned_by, assigned_at FROM path_assignments
		WHERE org_id = $1 AND ($2 = '' OR path_id = $2) AND ($3 = '' OR user_id = $3) ORDER BY path_id, user_id`, orgID, f.PathID, f.UserID)
	if err != nil {
		return nil, wrap(err)
	}
	as, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Assignment, error) {
		var a socle.Assignment
		err := r.Scan(&a.OrgID, &a.PathID, &a.UserID, &a.AssignedBy, &a.AssignedAt)
		return a, err
	})
	if err == nil && len(as) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return as, wrap(err)
}

// SaveProgress records a member's progress on a step.
func (s *Store) SaveProgress(ctx context.Context, p *socle.StepProgress) error {
	if p.StepID == "" {
		return socle.Errorf(socle.EINVALID, "progress names no step")
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO path_progress (org_id, path_id, user_id, step_id, read_at, read_n, answer, right_answer, attempts, answered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (org_id, path_id, user_id, step_id) DO UPDATE SET read_at = excluded.read_at, read_n = excluded.read_n,
		answer = excluded.answer, right_answer = excluded.right_answer, attempts = excluded.attempts, answered_at = excluded.answered_at`,
		p.OrgID, p.PathID, p.UserID, p.StepID, nullTime(p.ReadAt), p.ReadN, nonNilInts(p.Answer), p.Right, p.Attempts, nullTime(p.AnsweredAt))
	if err != nil {
		err = wrap(err)
		if socle.IsKind(err, socle.ENOTFOUND) {
			return socle.Errorf(socle.ENOTFOUND, "path %q or member %q not found in this organization", p.PathID, p.UserID)
		}
	}
	return err
}

// Progress lists progress records, by path, member and step.
func (s *Store) Progress(ctx context.Context, orgID string, f socle.ProgressFilter) ([]socle.StepProgress, error) {
	rows, err := s.pool.Query(ctx, `SELECT org_id, path_id, user_id, step_id, read_at, read_n, answer, right_answer, attempts, answered_at
		FROM path_progress WHERE org_id = $1 AND ($2 = '' OR path_id = $2) AND ($3 = '' OR user_id = $3)
		ORDER BY path_id COLLATE "C", user_id COLLATE "C", step_id COLLATE "C"`, orgID, f.PathID, f.UserID)
	if err != nil {
		return nil, wrap(err)
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.StepProgress, error) {
		var p socle.StepProgress
		var readAt, answeredAt *time.Time
		err := r.Scan(&p.OrgID, &p.PathID, &p.UserID, &p.StepID, &readAt, &p.ReadN, &p.Answer, &p.Right, &p.Attempts, &answeredAt)
		if readAt != nil {
			p.ReadAt = *readAt
		}
		if answeredAt != nil {
			p.AnsweredAt = *answeredAt
		}
		if len(p.Answer) == 0 {
			p.Answer = nil
		}
		return p, err
	})
	if err == nil && len(ps) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return ps, wrap(err)
}

func nonNilInts(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}
