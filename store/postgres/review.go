package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

// Settings returns the organization's settings, or the defaults if it never changed them.
func (s *Store) Settings(ctx context.Context, orgID string) (socle.Settings, error) {
	set := socle.DefaultSettings(orgID)
	var at time.Time
	err := s.pool.QueryRow(ctx, `SELECT review_required, usage_retention_days, learn_from_plans, updated_at FROM org_settings WHERE org_id = $1`, orgID).Scan(&set.ReviewRequired, &set.UsageRetentionDays, &set.LearnFromPlans, &at)
	if err == pgx.ErrNoRows {
		return set, orgExists(ctx, s.pool, orgID)
	}
	set.UpdatedAt = at
	return set, wrap(err)
}

// SetSettings replaces the organization's settings.
func (s *Store) SetSettings(ctx context.Context, set *socle.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	n := *set
	n.UpdatedAt = socle.Now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO org_settings (org_id, review_required, usage_retention_days, learn_from_plans, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (org_id) DO UPDATE SET review_required = excluded.review_required,
			usage_retention_days = excluded.usage_retention_days, learn_from_plans = excluded.learn_from_plans, updated_at = excluded.updated_at`,
			n.OrgID, n.ReviewRequired, n.UsageRetentionDays, n.LearnFromPlans, n.UpdatedAt); err != nil {
			return err
		}
		return audit(ctx, tx, n.OrgID, "settings.update", "org", n.OrgID, fmt.Sprintf("review required: %t; usage kept %d days; plans learn from what caseworkers kept: %t", n.ReviewRequired, n.UsageRetentionDays, n.LearnFromPlans))
	})
	if err == nil {
		*set = n
	}
	return err
}

// AddComment keeps a comment with a version.
func (s *Store) AddComment(ctx context.Context, c *socle.Comment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	n := *c
	if err := s.inTx(ctx, func(tx pgx.Tx) error { return addComment(ctx, tx, &n) }); err != nil {
		return err
	}
	*c = n
	return nil
}

func addComment(ctx context.Context, tx pgx.Tx, c *socle.Comment) error {
	var one int
	if err := tx.QueryRow(ctx, `SELECT 1 FROM versions WHERE org_id = $1 AND id = $2`, c.OrgID, c.VersionID).Scan(&one); err != nil {
		return notFound(err, "version %q not found", c.VersionID)
	}
	if c.SectionID != "" {
		err := tx.QueryRow(ctx, `SELECT 1 FROM sections WHERE org_id = $1 AND version_id = $2 AND section_id = $3`, c.OrgID, c.VersionID, c.SectionID).Scan(&one)
		if err != nil {
			return notFound(err, "section %q of version %q not found", c.SectionID, c.VersionID)
		}
	}
	c.ID, c.CreatedAt = newID(), socle.Now()
	if c.Author == "" {
		c.Author = socle.ActorFrom(ctx)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO version_comments (org_id, id, version_id, section_id, author, state, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.OrgID, c.ID, c.VersionID, c.SectionID, c.Author, c.State, c.Body, c.CreatedAt); err != nil {
		return err
	}
	return audit(ctx, tx, c.OrgID, "comment.add", "version", c.VersionID, c.SectionID)
}

// Comments lists a version's comments, oldest first.
func (s *Store) Comments(ctx context.Context, orgID, versionID string) ([]socle.Comment, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, org_id, version_id, section_id, author, state, body, created_at
		FROM version_comments WHERE org_id = $1 AND version_id = $2 ORDER BY seq`, orgID, versionID)
	if err != nil {
		return nil, wrap(err)
	}
	cs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Comment, error) {
		var c socle.Comment
		err := r.Scan(&c.ID, &c.OrgID, &c.VersionID, &c.SectionID, &c.Author, &c.State, &c.Body, &c.CreatedAt)
		return c, err
	})
	if err == nil && len(cs) == 0 {
		if _, err := s.Version(ctx, orgID, versionID); err != nil {
			return nil, err
		}
	}
	return cs, wrap(err)
}

// putNotices writes a publication's change notices in its transaction.
func putNotices(ctx context.Context, tx pgx.Tx, v socle.Version, at time.Time, notices []socle.ChangeNotice) error {
	if len(notices) == 0 {
		return nil
	}
	for i, n := range notices {
		if n.SectionID == "" || (n.Change != socle.Changed && n.Change != socle.Removed) {
			return socle.Errorf(socle.EINVALID, "change notice %d needs a section and a change (changed or removed)", i)
		}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"change_notices"},
		[]string{"org_id", "guide_id", "to_n", "section_id", "id", "path", "change", "from_version_id", "from_n", "to_version_id", "at"},
		pgx.CopyFromSlice(len(notices), func(i int) ([]any, error) {
			n := &notices[i]
			return []any{v.OrgID, v.GuideID, v.N, n.SectionID, newID(), nonNilStrings(n.Path), n.Change, n.FromVersionID, n.FromN, v.ID, at}, nil
		}))
	return err
}

// ChangeNotices lists a guide's notices by the version that made them, then by section.
func (s *Store) ChangeNotices(ctx context.Context, orgID string, f socle.NoticeFilter) ([]socle.ChangeNotice, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, org_id, guide_id, section_id, path, change, from_version_id, from_n, to_version_id, to_n, at
		FROM change_notices WHERE org_id = $1 AND guide_id = $2 AND from_n >= $3 AND (cardinality($4::text[]) = 0 OR section_id = ANY($4))
		ORDER BY to_n, section_id COLLATE "C"`, orgID, f.GuideID, f.AfterN, nonNilStrings(f.SectionIDs))
	if err != nil {
		return nil, wrap(err)
	}
	ns, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.ChangeNotice, error) {
		var n socle.ChangeNotice
		err := r.Scan(&n.ID, &n.OrgID, &n.GuideID, &n.SectionID, &n.Path, &n.Change, &n.FromVersionID, &n.FromN, &n.ToVersionID, &n.ToN, &n.At)
		if len(n.Path) == 0 {
			n.Path = nil
		}
		return n, err
	})
	if err == nil && len(ns) == 0 {
		if _, err := s.Guide(ctx, orgID, f.GuideID); err != nil {
			return nil, err
		}
	}
	return ns, wrap(err)
}

// PlansCiting lists the saved plans citing any of the guide's given sections, newest first.
func (s *Store) PlansCiting(ctx context.Context, orgID, guideID string, sectionIDs []string) ([]socle.CitingPlan, error) {
	rows, err := s.pool.Query(ctx, `SELECT p.id, p.author_id, p.title, p.created_at, array_agg(c.section_id ORDER BY c.section_id COLLATE "C")
		FROM plan_citations c JOIN plans p ON p.org_id = c.org_id AND p.id = c.plan_id
		WHERE c.org_id = $1 AND c.guide_id = $2 AND c.section_id = ANY($3)
		GROUP BY p.id, p.author_id, p.title, p.created_at ORDER BY p.id DESC`, orgID, guideID, nonNilStrings(sectionIDs))
	if err != nil {
		return nil, wrap(err)
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.CitingPlan, error) {
		var p socle.CitingPlan
		err := r.Scan(&p.PlanID, &p.AuthorID, &p.Title, &p.CreatedAt, &p.SectionIDs)
		return p, err
	})
	if err == nil && len(ps) == 0 {
		if _, err := s.Guide(ctx, orgID, guideID); err != nil {
			return nil, err
		}
	}
	return ps, wrap(err)
}

// indexCitations records which sections a saved plan cites, for PlansCiting.
func indexCitations(ctx context.Context, tx pgx.Tx, p *socle.Plan) error {
	seen := map[[2]string]bool{}
	var rows [][]any
	for _, st := range append(append([]socle.Step(nil), p.Steps...), p.NotCovered...) {
		for _, c := range st.Citations {
			k := [2]string{c.GuideID, c.SectionID}
			if !seen[k] {
				seen[k] = true
				rows = append(rows, []any{p.OrgID, c.GuideID, c.SectionID, p.ID})
			}
		}
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"plan_citations"}, []string{"org_id", "guide_id", "section_id", "plan_id"}, pgx.CopyFromRows(rows))
	return err
}
