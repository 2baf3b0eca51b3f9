package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

// CreateSession records a new session.
func (s *Store) CreateSession(ctx context.Context, sess *socle.Session) error {
	if sess.TokenHash == "" || sess.UserID == "" {
		return socle.Errorf(socle.EINVALID, "a session needs a token hash and a user")
	}
	n := *sess
	n.CreatedAt, n.ExpiresAt = socle.Now(), n.ExpiresAt.UTC().Truncate(time.Microsecond)
	var org any
	if n.OrgID != "" {
		org = n.OrgID
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, org_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			n.TokenHash, n.UserID, org, n.CreatedAt, n.ExpiresAt); err != nil {
			return err
		}
		// The sign-in shows on the members page.
		_, err := tx.Exec(ctx, `UPDATE memberships SET last_sign_in_at = $3 WHERE org_id = $1 AND user_id = $2`, org, n.UserID, n.CreatedAt)
		return err
	})
	if err != nil {
		return err
	}
	*sess = n
	return nil
}

// Session returns a live session by token hash.
func (s *Store) Session(ctx context.Context, tokenHash string) (socle.Session, error) {
	var sess socle.Session
	var org *string
	err := s.pool.QueryRow(ctx, `SELECT token_hash, user_id, org_id, created_at, expires_at FROM sessions
		WHERE token_hash = $1 AND expires_at > $2`, tokenHash, socle.Now()).
		Scan(&sess.TokenHash, &sess.UserID, &org, &sess.CreatedAt, &sess.ExpiresAt)
	if org != nil {
		sess.OrgID = *org
	}
	return sess, notFound(err, "session not found or expired")
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return wrap(err)
}

// DeleteExpiredSessions purges expired sessions.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now)
	return int(tag.RowsAffected()), wrap(err)
}

const tokenColumns = `id, org_id, user_id, name, token_hash, created_at, expires_at`

func scanToken(row pgx.Row) (socle.APIToken, error) {
	var t socle.APIToken
	var exp, used *time.Time
	err := row.Scan(&t.ID, &t.OrgID, &t.UserID, &t.Name, &t.TokenHash, &t.CreatedAt, &exp, &used)
	if exp != nil {
		t.ExpiresAt = *exp
	}
	if used != nil {
		t.LastUsedAt = *used
	}
	return t, err
}

// CreateAPIToken records a new API token for a member of the organization.
func (s *Store) CreateAPIToken(ctx context.Context, t *socle.APIToken) error {
	if t.TokenHash == "" || t.UserID == "" || t.Name == "" {
		return socle.Errorf(socle.EINVALID, "an API token needs a token hash, a user and a name")
	}
	n := *t
	n.ID, n.CreatedAt, n.ExpiresAt = newID(), socle.Now(), n.ExpiresAt.UTC().Truncate(time.Microsecond)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2`, n.OrgID, n.UserID).Scan(&one); err != nil {
			if err := orgExists(ctx, tx, n.OrgID); err != nil {
				return err
			}
			return notFound(err, "user %q is not a member of this organization", n.UserID)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO api_tokens (`+tokenColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			n.ID, n.OrgID, n.UserID, n.Name, n.TokenHash, n.CreatedAt, nullTime(n.ExpiresAt)); err != nil {
			return err
		}
		return audit(ctx, tx, n.OrgID, "token.create", "token", n.ID, n.Name)
	})
	if err == nil {
		*t = n
	}
	return err
}

// APITokenByHash returns a live token by hash.
func (s *Store) APITokenByHash(ctx context.Context, tokenHash string) (socle.APIToken, error) {
	t, err := scanToken(s.pool.QueryRow(ctx, `SELECT `+tokenColumns+`, last_used_at FROM api_tokens
		WHERE token_hash = $1 AND (expires_at IS NULL OR expires_at > $2)`, tokenHash, socle.Now()))
	return t, notFound(err, "API token not found or expired")
}

// APITokens lists the organization's tokens, oldest first.
func (s *Store) APITokens(ctx context.Context, orgID string) ([]socle.APIToken, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tokenColumns+`, last_used_at FROM api_tokens WHERE org_id = $1 ORDER BY id`, orgID)
	if err != nil {
		return nil, wrap(err)
	}
	ts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.APIToken, error) { return scanToken(r) })
	if err == nil && len(ts) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return ts, wrap(err)
}

// DeleteAPIToken revokes a token.
func (s *Store) DeleteAPIToken(ctx context.Context, orgID, id string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM api_tokens WHERE org_id = $1 AND id = $2`, orgID, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return socle.Errorf(socle.ENOTFOUND, "API token %q not found", id)
		}
		return audit(ctx, tx, orgID, "token.delete", "token", id, "")
	})
}
