package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

const serviceColumns = `service_id, org_id, guide_id, version_id, name, description, provider, audience, eligibility,
	age_min, age_max, territories, contact, link, themes, extra`

func scanService(row pgx.Row) (socle.Service, error) {
	var s socle.Service
	err := row.Scan(&s.ID, &s.OrgID, &s.GuideID, &s.VersionID, &s.Name, &s.Description, &s.Provider, &s.Audience,
		&s.Eligibility, &s.AgeMin, &s.AgeMax, &s.Territories, &s.Contact, &s.Link, &s.Themes, &s.Extra)
	return s, err
}

// Services returns a catalog version's services in catalog order.
func (s *Store) Services(ctx context.Context, orgID, versionID string) ([]socle.Service, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+serviceColumns+` FROM services WHERE org_id = $1 AND version_id = $2 ORDER BY ordinal`, orgID, versionID)
	if err != nil {
		return nil, wrap(err)
	}
	svcs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Service, error) { return scanService(r) })
	if err == nil && len(svcs) == 0 {
		if _, err := s.Version(ctx, orgID, versionID); err != nil {
			return nil, err
		}
	}
	return svcs, wrap(err)
}

// Service returns one service of a catalog version.
func (s *Store) Service(ctx context.Context, orgID, versionID, serviceID string) (socle.Service, error) {
	svc, err := scanService(s.pool.QueryRow(ctx, `SELECT `+serviceColumns+` FROM services WHERE org_id = $1 AND version_id = $2 AND service_id = $3`,
		orgID, versionID, serviceID))
	return svc, notFound(err, "service %q of version %q not found", serviceID, versionID)
}
