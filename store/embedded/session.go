package embedded

import (
	"context"
	"time"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// CreateSession records a new session.
func (s *Store) CreateSession(ctx context.Context, sess *socle.Session) error {
	if sess.TokenHash == "" || sess.UserID == "" {
		return socle.Errorf(socle.EINVALID, "a session needs a token hash and a user")
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketUsers).Get([]byte(sess.UserID)) == nil {
			return socle.Errorf(socle.ENOTFOUND, "user %q not found", sess.UserID)
		}
		b := tx.Bucket(bucketSessions)
		if b.Get([]byte(sess.TokenHash)) != nil {
			return socle.Errorf(socle.ECONFLICT, "session exists already")
		}
		sess.CreatedAt = socle.Now()
		if sess.OrgID != "" {
			if _, err := tenant(tx, sess.OrgID); err != nil {
				return err
			}
			if err := updateMember(tx, sess.OrgID, sess.UserID, func(m *socle.Membership) { m.LastSignInAt = sess.CreatedAt }); err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
				return err
			}
		}
		sess.ExpiresAt = sess.ExpiresAt.UTC().Truncate(time.Microsecond)
		return putJSON(b, []byte(sess.TokenHash), sess)
	})
}

// Session returns a live session by token hash.
func (s *Store) Session(ctx context.Context, tokenHash string) (socle.Session, error) {
	var sess socle.Session
	err := s.view(ctx, func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bucketSessions), []byte(tokenHash), &sess)
		if err == nil && (!ok || !sess.ExpiresAt.After(socle.Now())) {
			err = socle.Errorf(socle.ENOTFOUND, "session not found or expired")
		}
		return err
	})
	return sess, err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSessions).Delete([]byte(tokenHash))
	})
}

// DeleteExpiredSessions purges expired sessions.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions)
		var due [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var sess socle.Session
			if err := jsonUnmarshal(v, &sess); err != nil {
				return err
			}
			if !sess.ExpiresAt.After(now) {
				due = append(due, k)
			}
			return nil
		})
		for _, k := range due {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(due)
		return err
	})
	return n, err
}

// CreateAPIToken records a new API token for a member of the organization.
func (s *Store) CreateAPIToken(ctx context.Context, t *socle.APIToken) error {
	if t.TokenHash == "" || t.UserID == "" || t.Name == "" {
		return socle.Errorf(socle.EINVALID, "an API token needs a token hash, a user and a name")
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		tb, err := tenant(tx, t.OrgID)
		if err != nil {
			return err
		}
		if tb.Bucket(bucketMembers).Get([]byte(t.UserID)) == nil {
			return socle.Errorf(socle.ENOTFOUND, "user %q is not a member of this organization", t.UserID)
		}
		b := tx.Bucket(bucketTokens)
		if b.Get([]byte(t.TokenHash)) != nil {
			return socle.Errorf(socle.ECONFLICT, "API token exists already")
		}
		t.ID, t.CreatedAt = newID(), socle.Now()
		t.ExpiresAt = t.ExpiresAt.UTC().Truncate(time.Microsecond)
		if err := putJSON(b, []byte(t.TokenHash), t); err != nil {
			return err
		}
		if err := tb.Bucket(bucketTokenIDs).Put([]byte(t.ID), []byte(t.TokenHash)); err != nil {
			return err
		}
		return audit(ctx, tx, t.OrgID, "token.create", "token", t.ID, t.Name)
	})
}

// APITokenByHash returns a live token by hash.
func (s *Store) APITokenByHash(ctx context.Context, tokenHash string) (socle.APIToken, error) {
	var t socle.APIToken
	err := s.view(ctx, func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bucketTokens), []byte(tokenHash), &t)
		if err == nil && (!ok || !t.ExpiresAt.IsZero() && !t.ExpiresAt.After(socle.Now())) {
			err = socle.Errorf(socle.ENOTFOUND, "API token not found or expired")
		}
		return err
	})
	return t, err
}

// APITokens lists the organization's tokens, oldest first (ids are time-ordered).
func (s *Store) APITokens(ctx context.Context, orgID string) ([]socle.APIToken, error) {
	var ts []socle.APIToken
	err := s.view(ctx, func(tx *bolt.Tx) error {
		tb, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		all := tx.Bucket(bucketTokens)
		return tb.Bucket(bucketTokenIDs).ForEach(func(_, hash []byte) error {
			var t socle.APIToken
			_, err := getJSON(all, hash, &t)
			ts = append(ts, t)
			return err
		})
	})
	return ts, err
}

// DeleteAPIToken revokes a token.
func (s *Store) DeleteAPIToken(ctx context.Context, orgID, id string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		tb, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		hash := tb.Bucket(bucketTokenIDs).Get([]byte(id))
		if hash == nil {
			return socle.Errorf(socle.ENOTFOUND, "API token %q not found", id)
		}
		if err := tx.Bucket(bucketTokens).Delete(hash); err != nil {
			return err
		}
		if err := tb.Bucket(bucketTokenIDs).Delete([]byte(id)); err != nil {
			return err
		}
		return audit(ctx, tx, orgID, "token.delete", "token", id, "")
	})
}
