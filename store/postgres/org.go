package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

const orgColumns = `id, slug, name, created_at`

func scanOrg(row pgx.Row) (socle.Organization, error) {
	var o socle.Organization
	err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.CreatedAt)
	return o, err
}

// CreateOrg creates an organization; its slug must be free.
func (s *Store) CreateOrg(ctx context.Context, o *socle.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	n := *o
	n.ID, n.CreatedAt = newID(), socle.Now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO orgs (`+orgColumns+`) VALUES ($1, $2, $3, $4)`, n.ID, n.Slug, n.Name, n.CreatedAt); err != nil {
			return err
		}
		return audit(ctx, tx, n.ID, "org.create", "org", n.ID, n.Slug)
	})
	if err == nil {
		*o = n
	}
	return err
}

// Org returns the organization with the given id.
func (s *Store) Org(ctx context.Context, id string) (socle.Organization, error) {
	o, err := scanOrg(s.pool.QueryRow(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id = $1`, id))
	return o, notFound(err, "organization %q not found", id)
}

// OrgBySlug returns the organization with the given slug.
func (s *Store) OrgBySlug(ctx context.Context, slug string) (socle.Organization, error) {
	o, err := scanOrg(s.pool.QueryRow(ctx, `SELECT `+orgColumns+` FROM orgs WHERE slug = $1`, slug))
	return o, notFound(err, "organization %q not found", slug)
}

// Orgs lists every organization by slug.
func (s *Store) Orgs(ctx context.Context) ([]socle.Organization, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+orgColumns+` FROM orgs ORDER BY slug COLLATE "C"`)
	if err != nil {
		return nil, wrap(err)
	}
	orgs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Organization, error) { return scanOrg(r) })
	return orgs, wrap(err)
}
