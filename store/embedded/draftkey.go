package embedded

import (
	"context"
	"crypto/rand"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// draftKeyName is the draft key's place in the tenant's settings bucket.
var draftKeyName = []byte("draft-key")

// DraftKey returns the organization's draft-sealing key, making it at first use.
func (s *Store) DraftKey(ctx context.Context, orgID string) ([]byte, error) {
	var key []byte
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err == nil {
			key = append(key, t.Bucket(bucketSettings).Get(draftKeyName)...)
		}
		return err
	})
	if err != nil || len(key) == socle.DraftKeySize {
		return key, err
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		b := t.Bucket(bucketSettings)
		if k := b.Get(draftKeyName); len(k) == socle.DraftKeySize {
			key = append(key[:0], k...)
			return nil
		}
		key = make([]byte, socle.DraftKeySize)
		rand.Read(key)
		return b.Put(draftKeyName, key)
	})
	return key, err
}
