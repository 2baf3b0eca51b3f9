package postgres

import (
	"context"
	"crypto/rand"

	"github.com/socle-project/socle"
)

// DraftKey returns the organization's draft-sealing key, making it at first use. Two servers
// asking at once both insert; the one that loses reads the winner's key.
func (s *Store) DraftKey(ctx context.Context, orgID string) ([]byte, error) {
	fresh := make([]byte, socle.DraftKeySize)
	rand.Read(fresh)
	if _, err := s.pool.Exec(ctx, `INSERT INTO draft_keys (org_id, key, created_at) SELECT id, $2, $3 FROM orgs WHERE id = $1
		ON CONFLICT (org_id) DO NOTHING`, orgID, fresh, socle.Now()); err != nil {
		return nil, wrap(err)
	}
	var key []byte
	err := s.pool.QueryRow(ctx, `SELECT key FROM draft_keys WHERE org_id = $1`, orgID).Scan(&key)
	return key, notFound(err, "organization %q not found", orgID)
}
