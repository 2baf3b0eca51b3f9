package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

const guideColumns = `id, org_id, slug, title, kind, created_at`

func scanGuide(row pgx.Row) (socle.Guide, error) {
	var g socle.Guide
	err := row.Scan(&g.ID, &g.OrgID, &g.Slug, &g.Title, &g.Kind, &g.CreatedAt)
	return g, err
}

// CreateGuide creates a guide; its slug must be free in the organization.
func (s *Store) CreateGuide(ctx context.Context, g *socle.Guide) error {
	if err := g.Validate(); err != nil {
		return err
	}
	n := *g
	if err := s.inTx(ctx, func(tx pgx.Tx) error { return createGuide(ctx, tx, &n) }); err != nil {
		return err
	}
	*g = n
	return nil
}

// CreateGuideWithVersion creates a guide and its first version in one transaction.
func (s *Store) CreateGuideWithVersion(ctx context.Context, g *socle.Guide, v *socle.Version, c socle.VersionContent) error {
	if err := g.Validate(); err != nil {
		return err
	}
	ng, nv := *g, *v
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := createGuide(ctx, tx, &ng); err != nil {
			return err
		}
		nv.OrgID, nv.GuideID = ng.OrgID, ng.ID
		return createVersion(ctx, tx, &nv, c)
	})
	if err != nil {
		return err
	}
	*g, *v = ng, nv
	return nil
}

func createGuide(ctx context.Context, tx pgx.Tx, g *socle.Guide) error {
	g.ID, g.CreatedAt = newID(), socle.Now()
	if _, err := tx.Exec(ctx, `INSERT INTO guides (`+guideColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
		g.ID, g.OrgID, g.Slug, g.Title, g.Kind, g.CreatedAt); err != nil {
		return err
	}
	return audit(ctx, tx, g.OrgID, "guide.create", "guide", g.ID, g.Slug)
}

// Guide returns one of the organization's guides.
func (s *Store) Guide(ctx context.Context, orgID, id string) (socle.Guide, error) {
	g, err := scanGuide(s.pool.QueryRow(ctx, `SELECT `+guideColumns+` FROM guides WHERE org_id = $1 AND id = $2`, orgID, id))
	return g, notFound(err, "guide %q not found", id)
}

// GuideBySlug returns the organization's guide with the given slug.
func (s *Store) GuideBySlug(ctx context.Context, orgID, slug string) (socle.Guide, error) {
	g, err := scanGuide(s.pool.QueryRow(ctx, `SELECT `+guideColumns+` FROM guides WHERE org_id = $1 AND slug = $2`, orgID, slug))
	return g, notFound(err, "guide %q not found", slug)
}

// Guides lists the organization's guides by slug.
func (s *Store) Guides(ctx context.Context, orgID string, f socle.GuideFilter) ([]socle.Guide, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+guideColumns+` FROM guides WHERE org_id = $1 AND ($2 = '' OR kind = $2) ORDER BY slug COLLATE "C"`, orgID, string(f.Kind))
	if err != nil {
		return nil, wrap(err)
	}
	gs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Guide, error) { return scanGuide(r) })
	if err == nil && len(gs) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return gs, wrap(err)
}

const versionColumns = `id, org_id, guide_id, n, state, title, source_name, source_type, source_sha256, source_size,
	author, note, metadata, section_count, service_count, created_at, published_at, base_n, problems, job_id`

func scanVersion(row pgx.Row) (socle.Version, error) {
	var v socle.Version
	var pubAt *time.Time
	err := row.Scan(&v.ID, &v.OrgID, &v.GuideID, &v.N, &v.State, &v.Title, &v.SourceName, &v.SourceType,
		&v.SourceSHA256, &v.SourceSize, &v.Author, &v.Note, &v.Metadata, &v.Sections, &v.Services,
		&v.CreatedAt, &pubAt, &v.BaseN, &v.Problems, &v.JobID)
	if pubAt != nil {
		v.PublishedAt = *pubAt
	}
	if len(v.Problems) == 0 {
		v.Problems = nil // as written
	}
	return v, err
}

// CreateVersion writes a version and its content in one transaction. The guide's row is locked
// so that concurrent writers get consecutive numbers.
func (s *Store) CreateVersion(ctx context.Context, v *socle.Version, c socle.VersionContent) error {
	n := *v
	if err := s.inTx(ctx, func(tx pgx.Tx) error { return createVersion(ctx, tx, &n, c) }); err != nil {
		return err
	}
	*v = n
	return nil
}

func createVersion(ctx context.Context, tx pgx.Tx, n *socle.Version, c socle.VersionContent) error {
	n.ID, n.CreatedAt = newID(), socle.Now()
	if err := c.Prepare(n); err != nil {
		return err
	}
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM guides WHERE org_id = $1 AND id = $2 FOR UPDATE`, n.OrgID, n.GuideID).Scan(&one)
	if err != nil {
		return notFound(err, "guide %q not found", n.GuideID)
	}
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(n), 0) + 1 FROM versions WHERE org_id = $1 AND guide_id = $2`, n.OrgID, n.GuideID).Scan(&n.N); err != nil {
		return err
	}
	if err := n.CheckBase(); err != nil {
		return err
	}
	if n.JobID != "" {
		if err := recordOnJob(ctx, tx, n); err != nil {
			return err
		}
	}
	if n.State == socle.StatePublished {
		if err := archivePublished(ctx, tx, n.OrgID, n.GuideID); err != nil {
			return err
		}
		n.PublishedAt = n.CreatedAt
	}
	if _, err := tx.Exec(ctx, `INSERT INTO versions (`+versionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
		n.ID, n.OrgID, n.GuideID, n.N, n.State, n.Title, n.SourceName, n.SourceType, n.SourceSHA256,
		n.SourceSize, n.Author, n.Note, n.Metadata, n.Sections, n.Services, n.CreatedAt, nullTime(n.PublishedAt),
		n.BaseN, nonNilProblems(n.Problems), n.JobID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO version_sources (version_id, org_id, data) VALUES ($1, $2, $3)`,
		n.ID, n.OrgID, nonNil(c.Source)); err != nil {
		return err
	}
	if err := copySections(ctx, tx, c.Sections); err != nil {
		return err
	}
	if err := copyServices(ctx, tx, c.Services); err != nil {
		return err
	}
	if err := audit(ctx, tx, n.OrgID, "version.create", "version", n.ID, fmt.Sprintf("guide %s version %d (%s)", n.GuideID, n.N, n.State)); err != nil {
		return err
	}
	return appendChange(ctx, tx, *n)
}

func copySections(ctx context.Context, tx pgx.Tx, secs []socle.Section) error {
	if len(secs) == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"sections"},
		[]string{"version_id", "section_id", "org_id", "guide_id", "ordinal", "path", "level", "body", "passages",
			"page_start", "page_end", "page_breaks", "line_start", "line_end", "char_runs"},
		pgx.CopyFromSlice(len(secs), func(i int) ([]any, error) {
			s := &secs[i]
			return []any{s.VersionID, s.ID, s.OrgID, s.GuideID, s.Ordinal, nonNilStrings(s.Path), s.Level, s.Text,
				flattenSpans(s.Passages), s.PageStart, s.PageEnd, s.PageBreaks, s.LineStart, s.LineEnd, flattenRuns(s.Chars)}, nil
		}))
	return err
}

func copyServices(ctx context.Context, tx pgx.Tx, svcs []socle.Service) error {
	if len(svcs) == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"services"},
		[]string{"version_id", "service_id", "org_id", "guide_id", "ordinal", "name", "description", "provider",
			"audience", "eligibility", "age_min", "age_max", "territories", "contact", "link", "themes", "extra"},
		pgx.CopyFromSlice(len(svcs), func(i int) ([]any, error) {
			s := &svcs[i]
			return []any{s.VersionID, s.ID, s.OrgID, s.GuideID, i, s.Name, s.Description, s.Provider,
				s.Audience, s.Eligibility, s.AgeMin, s.AgeMax, s.Territories, s.Contact, s.Link, s.Themes, s.Extra}, nil
		}))
	return err
}

// archivePublished archives the guide's published version, if any. The caller holds the
// guide's row lock.
func archivePublished(ctx context.Context, tx pgx.Tx, orgID, guideID string) error {
	var id string
	err := tx.QueryRow(ctx, `UPDATE versions SET state = 'archived' WHERE org_id = $1 AND guide_id = $2 AND state = 'published' RETURNING id`,
		orgID, guideID).Scan(&id)
	if err == pgx.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	return audit(ctx, tx, orgID, "version.archive", "version", id, "superseded")
}

// Version returns one of the organization's versions.
func (s *Store) Version(ctx context.Context, orgID, id string) (socle.Version, error) {
	v, err := scanVersion(s.pool.QueryRow(ctx, `SELECT `+versionColumns+` FROM versions WHERE org_id = $1 AND id = $2`, orgID, id))
	return v, notFound(err, "version %q not found", id)
}

func (s *Store) versions(ctx context.Context, where string, args ...any) ([]socle.Version, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+versionColumns+` FROM versions WHERE `+where, args...)
	if err != nil {
		return nil, wrap(err)
	}
	vs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Version, error) { return scanVersion(r) })
	return vs, wrap(err)
}

// Versions lists a guide's versions by number.
func (s *Store) Versions(ctx context.Context, orgID, guideID string) ([]socle.Version, error) {
	vs, err := s.versions(ctx, `org_id = $1 AND guide_id = $2 ORDER BY n`, orgID, guideID)
	if err == nil && len(vs) == 0 {
		if _, err := s.Guide(ctx, orgID, guideID); err != nil {
			return nil, err
		}
	}
	return vs, err
}

// PublishedVersions lists the organization's published versions by guide.
func (s *Store) PublishedVersions(ctx context.Context, orgID string) ([]socle.Version, error) {
	vs, err := s.versions(ctx, `org_id = $1 AND state = 'published' ORDER BY guide_id`, orgID)
	if err == nil && len(vs) == 0 {
		err = orgExists(ctx, s.pool, orgID)
	}
	return vs, err
}

// SetVersionState moves a version through review.
func (s *Store) SetVersionState(ctx context.Context, orgID string, c socle.StateChange) (socle.Version, error) {
	var v socle.Version
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var guideID string
		err := tx.QueryRow(ctx, `SELECT guide_id FROM versions WHERE org_id = $1 AND id = $2`, orgID, c.VersionID).Scan(&guideID)
		if err != nil {
			return notFound(err, "version %q not found", c.VersionID)
		}
		// Lock the guide first, as CreateVersion does, so that publishers queue up.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM guides WHERE id = $1 FOR UPDATE`, guideID); err != nil {
			return err
		}
		if v, err = scanVersion(tx.QueryRow(ctx, `SELECT `+versionColumns+` FROM versions WHERE id = $1`, c.VersionID)); err != nil {
			return err
		}
		if !v.State.CanMoveTo(c.State) {
			return socle.Errorf(socle.ECONFLICT, "version %d cannot move from %s to %s", v.N, v.State, c.State)
		}
		if c.State == socle.StatePublished {
			var cur int
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(n), 0) FROM versions WHERE org_id = $1 AND guide_id = $2 AND state = 'published'`, orgID, guideID).Scan(&cur); err != nil {
				return err
			}
			if cur != c.Expect {
				return socle.ErrPublishedMeanwhile(v.N, c.Expect, cur)
			}
			if err := archivePublished(ctx, tx, orgID, v.GuideID); err != nil {
				return err
			}
			now := socle.Now()
			if v.PublishedAt.IsZero() {
				v.PublishedAt = now
			}
			if err := putNotices(ctx, tx, v, now, c.Notices); err != nil {
				return err
			}
		}
		v.State = c.State
		if _, err := tx.Exec(ctx, `UPDATE versions SET state = $2, published_at = $3 WHERE id = $1`, v.ID, v.State, nullTime(v.PublishedAt)); err != nil {
			return err
		}
		if c.Comment != "" {
			cm := socle.Comment{OrgID: orgID, VersionID: v.ID, State: c.State, Body: c.Comment}
			if err := cm.Validate(); err != nil {
				return err
			}
			if err := addComment(ctx, tx, &cm); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, orgID, "version."+string(c.State), "version", v.ID, fmt.Sprintf("version %d", v.N)); err != nil {
			return err
		}
		return appendChange(ctx, tx, v)
	})
	return v, err
}

// VersionSource returns the bytes the version was made from.
func (s *Store) VersionSource(ctx context.Context, orgID, versionID string) ([]byte, error) {
	var src []byte
	err := s.pool.QueryRow(ctx, `SELECT data FROM version_sources WHERE org_id = $1 AND version_id = $2`, orgID, versionID).Scan(&src)
	return src, notFound(err, "version %q not found", versionID)
}

const sectionColumns = `version_id, section_id, org_id, guide_id, ordinal, path, level, body, passages,
	page_start, page_end, page_breaks, line_start, line_end, char_runs`

func scanSection(row pgx.Row) (socle.Section, error) {
	var s socle.Section
	var passages, runs []int
	err := row.Scan(&s.VersionID, &s.ID, &s.OrgID, &s.GuideID, &s.Ordinal, &s.Path, &s.Level, &s.Text, &passages,
		&s.PageStart, &s.PageEnd, &s.PageBreaks, &s.LineStart, &s.LineEnd, &runs)
	s.Passages = unflattenSpans(passages)
	s.Chars = unflattenRuns(runs)
	if len(s.Path) == 0 {
		s.Path = nil
	}
	return s, err
}

// Sections returns a version's sections in order.
func (s *Store) Sections(ctx context.Context, orgID, versionID string) ([]socle.Section, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sectionColumns+` FROM sections WHERE org_id = $1 AND version_id = $2 ORDER BY ordinal`, orgID, versionID)
	if err != nil {
		return nil, wrap(err)
	}
	secs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Section, error) { return scanSection(r) })
	if err == nil && len(secs) == 0 {
		if _, err := s.Version(ctx, orgID, versionID); err != nil {
			return nil, err
		}
	}
	return secs, wrap(err)
}

// Section returns one section of a version.
func (s *Store) Section(ctx context.Context, orgID, versionID, sectionID string) (socle.Section, error) {
	sec, err := scanSection(s.pool.QueryRow(ctx, `SELECT `+sectionColumns+` FROM sections WHERE org_id = $1 AND version_id = $2 AND section_id = $3`,
		orgID, versionID, sectionID))
	return sec, notFound(err, "section %q of version %q not found", sectionID, versionID)
}
