package embedded

import (
	"bytes"
	"context"
	"time"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// updateMember changes a membership in both places it is kept; ENOTFOUND if there is none.
func updateMember(tx *bolt.Tx, orgID, userID string, change func(*socle.Membership)) error {
	t, err := tenant(tx, orgID)
	if err != nil {
		return err
	}
	var m socle.Membership
	ok, err := getJSON(t.Bucket(bucketMembers), []byte(userID), &m)
	if err != nil {
		return err
	}
	if !ok {
		return socle.Errorf(socle.ENOTFOUND, "user %q is not a member of this organization", userID)
	}
	change(&m)
	if err := putJSON(t.Bucket(bucketMembers), []byte(userID), &m); err != nil {
		return err
	}
	return putJSON(tx.Bucket(bucketUserOrgs), key([]byte(userID), []byte(orgID)), &m)
}

// Member returns one membership.
func (s *Store) Member(ctx context.Context, orgID, userID string) (socle.Membership, error) {
	var m socle.Membership
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		ok, err := getJSON(t.Bucket(bucketMembers), []byte(userID), &m)
		if err == nil && !ok {
			err = socle.Errorf(socle.ENOTFOUND, "user %q is not a member of this organization", userID)
		}
		return err
	})
	return m, err
}

// SetMemberActive deactivates or reactivates a member; deactivating ends their sessions and
// tokens in the organization in the same transaction.
func (s *Store) SetMemberActive(ctx context.Context, orgID, userID string, active bool) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		now := socle.Now()
		err := updateMember(tx, orgID, userID, func(m *socle.Membership) {
			if active {
				m.DeactivatedAt = time.Time{}
			} else if m.DeactivatedAt.IsZero() {
				m.DeactivatedAt = now
			}
		})
		if err != nil {
			return err
		}
		if active {
			return audit(ctx, tx, orgID, "member.reactivate", "user", userID, "")
		}
		// Sessions are keyed by token hash: look through them all (a few thousand at most).
		sessions := tx.Bucket(bucketSessions)
		var ended [][]byte
		err = sessions.ForEach(func(k, v []byte) error {
			var sess socle.Session
			if err := jsonUnmarshal(v, &sess); err != nil {
				return err
			}
			if sess.UserID == userID && sess.OrgID == orgID {
				ended = append(ended, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range ended {
			if err := sessions.Delete(k); err != nil {
				return err
			}
		}
		t, _ := tenant(tx, orgID)
		ids, tokens := t.Bucket(bucketTokenIDs), tx.Bucket(bucketTokens)
		var revoked [][2][]byte
		err = ids.ForEach(func(id, hash []byte) error {
			var tok socle.APIToken
			if _, err := getJSON(tokens, hash, &tok); err != nil {
				return err
			}
			if tok.UserID == userID {
				revoked = append(revoked, [2][]byte{bytes.Clone(id), bytes.Clone(hash)})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range revoked {
			if err := ids.Delete(r[0]); err != nil {
				return err
			}
			if err := tokens.Delete(r[1]); err != nil {
				return err
			}
			if err := audit(ctx, tx, orgID, "token.delete", "token", string(r[0]), "member deactivated"); err != nil {
				return err
			}
		}
		return audit(ctx, tx, orgID, "member.deactivate", "user", userID, "")
	})
}

func (s *Store) updateUser(ctx context.Context, userID, action string, change func(*socle.User)) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		var u socle.User
		ok, err := getJSON(tx.Bucket(bucketUsers), []byte(userID), &u)
		if err != nil {
			return err
		}
		if !ok {
			return socle.Errorf(socle.ENOTFOUND, "user %q not found", userID)
		}
		change(&u)
		if err := putJSON(tx.Bucket(bucketUsers), []byte(userID), &u); err != nil {
			return err
		}
		return audit(ctx, tx, "", action, "user", userID, "")
	})
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, userID, hash string) error {
	return s.updateUser(ctx, userID, "user.password", func(u *socle.User) { u.PasswordHash = hash })
}

// SetUserName changes a user's display name.
func (s *Store) SetUserName(ctx context.Context, userID, name string) error {
	return s.updateUser(ctx, userID, "user.rename", func(u *socle.User) { u.Name = name })
}

// CreateLink records a one-time link for a member of the organization.
func (s *Store) CreateLink(ctx context.Context, l *socle.OneTimeLink) error {
	if l.TokenHash == "" || l.UserID == "" || (l.Purpose != socle.LinkInvite && l.Purpose != socle.LinkReset) {
		return socle.Errorf(socle.EINVALID, "a one-time link needs a token hash, a user and a purpose (invite or reset)")
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, l.OrgID)
		if err != nil {
			return err
		}
		if t.Bucket(bucketMembers).Get([]byte(l.UserID)) == nil {
			return socle.Errorf(socle.ENOTFOUND, "user %q is not a member of this organization", l.UserID)
		}
		b := tx.Bucket(bucketLinks)
		if b.Get([]byte(l.TokenHash)) != nil {
			return socle.Errorf(socle.ECONFLICT, "one-time link exists already")
		}
		l.ID, l.CreatedAt = newID(), socle.Now()
		l.ExpiresAt, l.UsedAt = l.ExpiresAt.UTC().Truncate(time.Microsecond), time.Time{}
		if l.CreatedBy == "" {
			l.CreatedBy = socle.ActorFrom(ctx)
		}
		if err := putJSON(b, []byte(l.TokenHash), l); err != nil {
			return err
		}
		if err := t.Bucket(bucketLinkIDs).Put([]byte(l.ID), []byte(l.TokenHash)); err != nil {
			return err
		}
		return audit(ctx, tx, l.OrgID, "link.create", "user", l.UserID, string(l.Purpose))
	})
}

// UseLink marks a live link used and returns it.
func (s *Store) UseLink(ctx context.Context, tokenHash string) (socle.OneTimeLink, error) {
	var l socle.OneTimeLink
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLinks)
		ok, err := getJSON(b, []byte(tokenHash), &l)
		if err != nil {
			return err
		}
		now := socle.Now()
		if !ok || !l.UsedAt.IsZero() || !l.ExpiresAt.After(now) {
			return socle.Errorf(socle.ENOTFOUND, "this link is unknown, used or expired: ask an administrator for a new one")
		}
		l.UsedAt = now
		if err := putJSON(b, []byte(tokenHash), &l); err != nil {
			return err
		}
		return audit(ctx, tx, l.OrgID, "link.use", "user", l.UserID, string(l.Purpose))
	})
	return l, err
}

// Links lists the organization's live links, oldest first.
func (s *Store) Links(ctx context.Context, orgID string) ([]socle.OneTimeLink, error) {
	var out []socle.OneTimeLink
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		now := socle.Now()
		return t.Bucket(bucketLinkIDs).ForEach(func(_, hash []byte) error {
			var l socle.OneTimeLink
			ok, err := getJSON(tx.Bucket(bucketLinks), hash, &l)
			if err == nil && ok && l.UsedAt.IsZero() && l.ExpiresAt.After(now) {
				out = append(out, l)
			}
			return err
		})
	})
	return out, err
}

// DeleteLink withdraws a link.
func (s *Store) DeleteLink(ctx context.Context, orgID, id string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		hash := t.Bucket(bucketLinkIDs).Get([]byte(id))
		if hash == nil {
			return socle.Errorf(socle.ENOTFOUND, "link %q not found", id)
		}
		var l socle.OneTimeLink
		if _, err := getJSON(tx.Bucket(bucketLinks), hash, &l); err != nil {
			return err
		}
		if err := tx.Bucket(bucketLinks).Delete(hash); err != nil {
			return err
		}
		if err := t.Bucket(bucketLinkIDs).Delete([]byte(id)); err != nil {
			return err
		}
		return audit(ctx, tx, orgID, "link.delete", "user", l.UserID, string(l.Purpose))
	})
}

// LinkIdentity links a provider's account to a user.
func (s *Store) LinkIdentity(ctx context.Context, id *socle.Identity) error {
	if id.Issuer == "" || id.Subject == "" || id.UserID == "" {
		return socle.Errorf(socle.EINVALID, "an identity needs an issuer, a subject and a user")
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketUsers).Get([]byte(id.UserID)) == nil {
			return socle.Errorf(socle.ENOTFOUND, "user %q not found", id.UserID)
		}
		b := tx.Bucket(bucketIdentities)
		k := key([]byte(id.Issuer), []byte(id.Subject))
		var old socle.Identity
		ok, err := getJSON(b, k, &old)
		if err != nil {
			return err
		}
		if ok && old.UserID != id.UserID {
			return socle.Errorf(socle.ECONFLICT, "this account of %s is linked to another user", id.Issuer)
		}
		id.CreatedAt = socle.Now()
		if ok {
			id.CreatedAt = old.CreatedAt
		}
		if err := putJSON(b, k, id); err != nil {
			return err
		}
		if ok {
			return nil
		}
		return audit(ctx, tx, "", "identity.link", "user", id.UserID, id.Issuer)
	})
}

// IdentityUser returns the link of a provider's account.
func (s *Store) IdentityUser(ctx context.Context, issuer, subject string) (socle.Identity, error) {
	var id socle.Identity
	err := s.view(ctx, func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bucketIdentities), key([]byte(issuer), []byte(subject)), &id)
		if err == nil && !ok {
			err = socle.Errorf(socle.ENOTFOUND, "no user is linked to this account of %s", issuer)
		}
		return err
	})
	return id, err
}

// AddFailure counts a failure under key.
func (s *Store) AddFailure(ctx context.Context, k string, now, since time.Time) (socle.Failures, error) {
	var f socle.Failures
	if k == "" {
		return f, socle.Errorf(socle.EINVALID, "a failure count needs a key")
	}
	now = now.UTC().Truncate(time.Microsecond)
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFailures)
		ok, err := getJSON(b, []byte(k), &f)
		if err != nil {
			return err
		}
		if !ok || f.Last.Before(since) {
			f = socle.Failures{Key: k, First: now}
		}
		f.Count++
		f.Last = now
		return putJSON(b, []byte(k), &f)
	})
	return f, err
}

// Failures returns the count under key.
func (s *Store) Failures(ctx context.Context, k string) (socle.Failures, error) {
	f := socle.Failures{Key: k}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bucketFailures), []byte(k), &f)
		return err
	})
	return f, err
}

// ResetFailures forgets the count under key.
func (s *Store) ResetFailures(ctx context.Context, k string) error {
	return s.update(ctx, func(tx *bolt.Tx) error { return tx.Bucket(bucketFailures).Delete([]byte(k)) })
}

// DeleteFailuresBefore forgets the counts whose last failure is before t.
func (s *Store) DeleteFailuresBefore(ctx context.Context, t time.Time) (int, error) {
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFailures)
		var due [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var f socle.Failures
			if err := jsonUnmarshal(v, &f); err != nil {
				return err
			}
			if f.Last.Before(t) {
				due = append(due, bytes.Clone(k))
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

// MarkAPITokenUsed records the token's last use.
func (s *Store) MarkAPITokenUsed(ctx context.Context, tokenHash string, at time.Time) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		var t socle.APIToken
		ok, err := getJSON(b, []byte(tokenHash), &t)
		if err != nil {
			return err
		}
		if !ok {
			return socle.Errorf(socle.ENOTFOUND, "API token not found")
		}
		t.LastUsedAt = at.UTC().Truncate(time.Microsecond)
		return putJSON(b, []byte(tokenHash), &t)
	})
}
