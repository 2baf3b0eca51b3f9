package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

// Member returns one membership.
func (s *Store) Member(ctx context.Context, orgID, userID string) (socle.Membership, error) {
	m, err := scanMembership(s.pool.QueryRow(ctx, `SELECT `+membershipColumns+` FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID))
	if err != nil {
		if oerr := orgExists(ctx, s.pool, orgID); oerr != nil {
			return m, oerr
		}
	}
	return m, notFound(err, "user %q is not a member of this organization", userID)
}

// SetMemberActive deactivates or reactivates a member; deactivating ends their sessions and
// tokens in the organization in the same transaction.
func (s *Store) SetMemberActive(ctx context.Context, orgID, userID string, active bool) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var off any
		if !active {
			off = socle.Now()
		}
		tag, err := tx.Exec(ctx, `UPDATE memberships SET deactivated_at = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE coalesce(deactivated_at, $3) END
			WHERE org_id = $1 AND user_id = $2`, orgID, userID, off)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			if err := orgExists(ctx, tx, orgID); err != nil {
				return err
			}
			return socle.Errorf(socle.ENOTFOUND, "user %q is not a member of this organization", userID)
		}
		if active {
			return audit(ctx, tx, orgID, "member.reactivate", "user", userID, "")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE org_id = $1 AND user_id = $2`, orgID, userID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `DELETE FROM api_tokens WHERE org_id = $1 AND user_id = $2 RETURNING id`, orgID, userID)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := audit(ctx, tx, orgID, "token.delete", "token", id, "member deactivated"); err != nil {
				return err
			}
		}
		return audit(ctx, tx, orgID, "member.deactivate", "user", userID, "")
	})
}

func (s *Store) updateUser(ctx context.Context, userID, action, set string, value any) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET `+set+` = $2 WHERE id = $1`, userID, value)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return socle.Errorf(socle.ENOTFOUND, "user %q not found", userID)
		}
		return audit(ctx, tx, "", action, "user", userID, "")
	})
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, userID, hash string) error {
	return s.updateUser(ctx, userID, "user.password", "password_hash", hash)
}

// SetUserName changes a user's display name.
func (s *Store) SetUserName(ctx context.Context, userID, name string) error {
	return s.updateUser(ctx, userID, "user.rename", "name", name)
}

const linkColumns = `id, token_hash, org_id, user_id, purpose, created_by, created_at, expires_at, used_at`

func scanLink(row pgx.Row) (socle.OneTimeLink, error) {
	var l socle.OneTimeLink
	var used *time.Time
	err := row.Scan(&l.ID, &l.TokenHash, &l.OrgID, &l.UserID, &l.Purpose, &l.CreatedBy, &l.CreatedAt, &l.ExpiresAt, &used)
	if used != nil {
		l.UsedAt = *used
	}
	return l, err
}

// CreateLink records a one-time link for a member of the organization.
func (s *Store) CreateLink(ctx context.Context, l *socle.OneTimeLink) error {
	if l.TokenHash == "" || l.UserID == "" || (l.Purpose != socle.LinkInvite && l.Purpose != socle.LinkReset) {
		return socle.Errorf(socle.EINVALID, "a one-time link needs a token hash, a user and a purpose (invite or reset)")
	}
	n := *l
	n.ID, n.CreatedAt, n.UsedAt = newID(), socle.Now(), time.Time{}
	n.ExpiresAt = n.ExpiresAt.UTC().Truncate(time.Microsecond)
	if n.CreatedBy == "" {
		n.CreatedBy = socle.ActorFrom(ctx)
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2`, n.OrgID, n.UserID).Scan(&one); err != nil {
			if err := orgExists(ctx, tx, n.OrgID); err != nil {
				return err
			}
			return notFound(err, "user %q is not a member of this organization", n.UserID)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO one_time_links (`+linkColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)`,
			n.ID, n.TokenHash, n.OrgID, n.UserID, n.Purpose, n.CreatedBy, n.CreatedAt, n.ExpiresAt); err != nil {
			return err
		}
		return audit(ctx, tx, n.OrgID, "link.create", "user", n.UserID, string(n.Purpose))
	})
	if err == nil {
		*l = n
	}
	return err
}

// UseLink marks a live link used and returns it.
func (s *Store) UseLink(ctx context.Context, tokenHash string) (socle.OneTimeLink, error) {
	var l socle.OneTimeLink
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		l, err = scanLink(tx.QueryRow(ctx, `UPDATE one_time_links SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING `+linkColumns, tokenHash, socle.Now()))
		if err != nil {
			return notFound(err, "this link is unknown, used or expired: ask an administrator for a new one")
		}
		return audit(ctx, tx, l.OrgID, "link.use", "user", l.UserID, string(l.Purpose))
	})
	return l, err
}

// Links lists the organization's live links, oldest first.
func (s *Store) Links(ctx context.Context, orgID string) ([]socle.OneTimeLink, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+linkColumns+` FROM one_time_links
		WHERE org_id = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY id`, orgID, socle.Now())
	if err != nil {
		return nil, wrap(err)
	}
	ls, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.OneTimeLink, error) { return scanLink(r) })
	if err == nil && len(ls) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return ls, wrap(err)
}

// DeleteLink withdraws a link.
func (s *Store) DeleteLink(ctx context.Context, orgID, id string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var userID, purpose string
		err := tx.QueryRow(ctx, `DELETE FROM one_time_links WHERE org_id = $1 AND id = $2 RETURNING user_id, purpose`, orgID, id).Scan(&userID, &purpose)
		if err != nil {
			return notFound(err, "link %q not found", id)
		}
		return audit(ctx, tx, orgID, "link.delete", "user", userID, purpose)
	})
}

// LinkIdentity links a provider's account to a user.
func (s *Store) LinkIdentity(ctx context.Context, id *socle.Identity) error {
	if id.Issuer == "" || id.Subject == "" || id.UserID == "" {
		return socle.Errorf(socle.EINVALID, "an identity needs an issuer, a subject and a user")
	}
	n := *id
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var owner string
		var created time.Time
		err := tx.QueryRow(ctx, `SELECT user_id, created_at FROM identities WHERE issuer = $1 AND subject = $2 FOR UPDATE`, n.Issuer, n.Subject).Scan(&owner, &created)
		switch {
		case err == nil && owner != n.UserID:
			return socle.Errorf(socle.ECONFLICT, "this account of %s is linked to another user", n.Issuer)
		case err == nil:
			n.CreatedAt = created
			_, err = tx.Exec(ctx, `UPDATE identities SET email = $3 WHERE issuer = $1 AND subject = $2`, n.Issuer, n.Subject, n.Email)
			return err
		case err != pgx.ErrNoRows:
			return err
		}
		n.CreatedAt = socle.Now()
		if _, err := tx.Exec(ctx, `INSERT INTO identities (issuer, subject, user_id, email, created_at) VALUES ($1, $2, $3, $4, $5)`,
			n.Issuer, n.Subject, n.UserID, n.Email, n.CreatedAt); err != nil {
			return err
		}
		return audit(ctx, tx, "", "identity.link", "user", n.UserID, n.Issuer)
	})
	if err == nil {
		*id = n
	}
	return err
}

// IdentityUser returns the link of a provider's account.
func (s *Store) IdentityUser(ctx context.Context, issuer, subject string) (socle.Identity, error) {
	var id socle.Identity
	err := s.pool.QueryRow(ctx, `SELECT issuer, subject, user_id, email, created_at FROM identities WHERE issuer = $1 AND subject = $2`, issuer, subject).
		Scan(&id.Issuer, &id.Subject, &id.UserID, &id.Email, &id.CreatedAt)
	return id, notFound(err, "no user is linked to this account of %s", issuer)
}

// AddFailure counts a failure under key, in one statement so that concurrent servers count
// every failure.
func (s *Store) AddFailure(ctx context.Context, key string, now, since time.Time) (socle.Failures, error) {
	f := socle.Failures{Key: key}
	if key == "" {
		return f, socle.Errorf(socle.EINVALID, "a failure count needs a key")
	}
	now = now.UTC().Truncate(time.Microsecond)
	err := s.pool.QueryRow(ctx, `INSERT INTO failures (key, count, first_at, last_at) VALUES ($1, 1, $2, $2)
		ON CONFLICT (key) DO UPDATE SET
			count = CASE WHEN failures.last_at < $3 THEN 1 ELSE failures.count + 1 END,
			first_at = CASE WHEN failures.last_at < $3 THEN $2 ELSE failures.first_at END,
			last_at = $2
		RETURNING count, first_at, last_at`, key, now, since).Scan(&f.Count, &f.First, &f.Last)
	return f, wrap(err)
}

// Failures returns the count under key.
func (s *Store) Failures(ctx context.Context, key string) (socle.Failures, error) {
	f := socle.Failures{Key: key}
	err := s.pool.QueryRow(ctx, `SELECT count, first_at, last_at FROM failures WHERE key = $1`, key).Scan(&f.Count, &f.First, &f.Last)
	if err == pgx.ErrNoRows {
		return f, nil
	}
	return f, wrap(err)
}

// ResetFailures forgets the count under key.
func (s *Store) ResetFailures(ctx context.Context, key string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM failures WHERE key = $1`, key)
	return wrap(err)
}

// DeleteFailuresBefore forgets the counts whose last failure is before t.
func (s *Store) DeleteFailuresBefore(ctx context.Context, t time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM failures WHERE last_at < $1`, t)
	return int(tag.RowsAffected()), wrap(err)
}

// MarkAPITokenUsed records the token's last use.
func (s *Store) MarkAPITokenUsed(ctx context.Context, tokenHash string, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1`, tokenHash, at.UTC().Truncate(time.Microsecond))
	if err == nil && tag.RowsAffected() == 0 {
		return socle.Errorf(socle.ENOTFOUND, "API token not found")
	}
	return wrap(err)
}
