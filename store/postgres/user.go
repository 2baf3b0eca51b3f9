package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

const userColumns = `id, email, name, password_hash, created_at`

func scanUser(row pgx.Row) (socle.User, error) {
	var u socle.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.CreatedAt)
	return u, err
}

// CreateUser creates a user; the email must be free.
func (s *Store) CreateUser(ctx context.Context, u *socle.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	n := *u
	n.ID, n.CreatedAt = newID(), socle.Now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO users (`+userColumns+`) VALUES ($1, $2, $3, $4, $5)`,
			n.ID, n.Email, n.Name, n.PasswordHash, n.CreatedAt); err != nil {
			return err
		}
		return audit(ctx, tx, "", "user.create", "user", n.ID, "")
	})
	if err == nil {
		*u = n
	}
	return err
}

// User returns the user with the given id.
func (s *Store) User(ctx context.Context, id string) (socle.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, notFound(err, "user %q not found", id)
}

// UserByEmail returns the user with the given email, compared without case.
func (s *Store) UserByEmail(ctx context.Context, email string) (socle.User, error) {
	probe := socle.User{Email: email}
	probe.Validate() // normalizes; a malformed email simply finds nobody
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, probe.Email))
	return u, notFound(err, "no user with email %s", probe.Email)
}

// SetMembership gives the user a role in the organization, replacing an earlier one.
func (s *Store) SetMembership(ctx context.Context, m *socle.Membership) error {
	if !m.Role.Valid() {
		return socle.Errorf(socle.EINVALID, "role %q is not valid: use admin, lead, caseworker or trainer", m.Role)
	}
	at := socle.Now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role, created_at = EXCLUDED.created_at`,
			m.OrgID, m.UserID, m.Role, at); err != nil {
			return err
		}
		if err := autoAssign(ctx, tx, m); err != nil {
			return err
		}
		return audit(ctx, tx, m.OrgID, "membership.set", "user", m.UserID, string(m.Role))
	})
	if err == nil {
		m.CreatedAt = at
	}
	return err
}

const membershipColumns = `org_id, user_id, role, created_at, last_sign_in_at, deactivated_at`

func scanMembership(row pgx.Row) (socle.Membership, error) {
	var m socle.Membership
	var last, off *time.Time
	err := row.Scan(&m.OrgID, &m.UserID, &m.Role, &m.CreatedAt, &last, &off)
	if last != nil {
		m.LastSignInAt = *last
	}
	if off != nil {
		m.DeactivatedAt = *off
	}
	return m, err
}

func (s *Store) memberships(ctx context.Context, where string, arg string) ([]socle.Membership, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+membershipColumns+` FROM memberships WHERE `+where+` ORDER BY org_id, user_id`, arg)
	if err != nil {
		return nil, wrap(err)
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.Membership, error) { return scanMembership(r) })
	return ms, wrap(err)
}

// Memberships lists the user's memberships in every organization.
func (s *Store) Memberships(ctx context.Context, userID string) ([]socle.Membership, error) {
	return s.memberships(ctx, "user_id = $1", userID)
}

// Members lists the organization's memberships.
func (s *Store) Members(ctx context.Context, orgID string) ([]socle.Membership, error) {
	ms, err := s.memberships(ctx, "org_id = $1", orgID)
	if err == nil && len(ms) == 0 {
		err = orgExists(ctx, s.pool, orgID)
	}
	return ms, err
}
