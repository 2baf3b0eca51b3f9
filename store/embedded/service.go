package embedded

import (
	"context"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// Services returns a catalog version's services in catalog order.
func (s *Store) Services(ctx context.Context, orgID, versionID string) ([]socle.Service, error) {
	var out []socle.Service
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if _, err := getVersion(t, versionID); err != nil {
			return err
		}
		return scan(t.Bucket(bucketServices), versionID, func(v []byte) error {
			var svc socle.Service
			err := jsonUnmarshal(v, &svc)
			out = append(out, svc)
			return err
		})
	})
	return out, err
}

// Service returns one service of a catalog version.
func (s *Store) Service(ctx context.Context, orgID, versionID, serviceID string) (socle.Service, error) {
	var svc socle.Service
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		ord := t.Bucket(bucketServiceIDs).Get(key([]byte(versionID), []byte(serviceID)))
		if ord == nil {
			return socle.Errorf(socle.ENOTFOUND, "service %q of version %q not found", serviceID, versionID)
		}
		_, err = getJSON(t.Bucket(bucketServices), key([]byte(versionID), ord), &svc)
		return err
	})
	return svc, err
}
