package embedded

import (
	"bytes"
	"context"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// CreateUser creates a user; the email must be free.
func (s *Store) CreateUser(ctx context.Context, u *socle.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		emails := tx.Bucket(bucketUserEmails)
		if emails.Get([]byte(u.Email)) != nil {
			return socle.Errorf(socle.ECONFLICT, "a user with email %s exists already", u.Email)
		}
		u.ID, u.CreatedAt = newID(), socle.Now()
		if err := putJSON(tx.Bucket(bucketUsers), []byte(u.ID), u); err != nil {
			return err
		}
		if err := emails.Put([]byte(u.Email), []byte(u.ID)); err != nil {
			return err
		}
		return audit(ctx, tx, "", "user.create", "user", u.ID, "")
	})
}

// User returns the user with the given id.
func (s *Store) User(ctx context.Context, id string) (socle.User, error) {
	var u socle.User
	err := s.view(ctx, func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bucketUsers), []byte(id), &u)
		if err == nil && !ok {
			err = socle.Errorf(socle.ENOTFOUND, "user %q not found", id)
		}
		return err
	})
	return u, err
}

// UserByEmail returns the user with the given email, compared without case.
func (s *Store) UserByEmail(ctx context.Context, email string) (socle.User, error) {
	probe := socle.User{Email: email}
	probe.Validate() // normalizes; a malformed email simply finds nobody
	var id []byte
	if err := s.view(ctx, func(tx *bolt.Tx) error {
		id = append(id, tx.Bucket(bucketUserEmails).Get([]byte(probe.Email))...)
		return nil
	}); err != nil {
		return socle.User{}, err
	}
	if len(id) == 0 {
		return socle.User{}, socle.Errorf(socle.ENOTFOUND, "no user with email %s", probe.Email)
	}
	return s.User(ctx, string(id))
}

// SetMembership gives the user a role in the organization, replacing an earlier one.
func (s *Store) SetMembership(ctx context.Context, m *socle.Membership) error {
	if !m.Role.Valid() {
		return socle.Errorf(socle.EINVALID, "role %q is not valid: use admin, lead, caseworker or trainer", m.Role)
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, m.OrgID)
		if err != nil {
			return err
		}
		if tx.Bucket(bucketUsers).Get([]byte(m.UserID)) == nil {
			return socle.Errorf(socle.ENOTFOUND, "user %q not found", m.UserID)
		}
		m.CreatedAt = socle.Now()
		// A new role keeps the member's state: last sign-in, deactivation.
		var old socle.Membership
		if ok, err := getJSON(t.Bucket(bucketMembers), []byte(m.UserID), &old); err != nil {
			return err
		} else if ok {
			m.LastSignInAt, m.DeactivatedAt = old.LastSignInAt, old.DeactivatedAt
		}
		if err := putJSON(t.Bucket(bucketMembers), []byte(m.UserID), m); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketUserOrgs), key([]byte(m.UserID), []byte(m.OrgID)), m); err != nil {
			return err
		}
		if err := autoAssign(t, m); err != nil {
			return err
		}
		return audit(ctx, tx, m.OrgID, "membership.set", "user", m.UserID, string(m.Role))
	})
}

// Memberships lists the user's memberships in every organization.
func (s *Store) Memberships(ctx context.Context, userID string) ([]socle.Membership, error) {
	var ms []socle.Membership
	err := s.view(ctx, func(tx *bolt.Tx) error {
		p := prefix(userID)
		c := tx.Bucket(bucketUserOrgs).Cursor()
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			var m socle.Membership
			if err := jsonUnmarshal(v, &m); err != nil {
				return err
			}
			ms = append(ms, m)
		}
		return nil
	})
	return ms, err
}

// Members lists the organization's memberships.
func (s *Store) Members(ctx context.Context, orgID string) ([]socle.Membership, error) {
	var ms []socle.Membership
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		return t.Bucket(bucketMembers).ForEach(func(_, v []byte) error {
			var m socle.Membership
			if err := jsonUnmarshal(v, &m); err != nil {
				return err
			}
			ms = append(ms, m)
			return nil
		})
	})
	return ms, err
}
