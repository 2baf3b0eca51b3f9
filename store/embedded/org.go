package embedded

import (
	"context"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// CreateOrg creates the organization and its tenant buckets.
func (s *Store) CreateOrg(ctx context.Context, o *socle.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		slugs := tx.Bucket(bucketOrgSlugs)
		if slugs.Get([]byte(o.Slug)) != nil {
			return socle.Errorf(socle.ECONFLICT, "an organization with slug %q exists already: choose another slug", o.Slug)
		}
		o.ID, o.CreatedAt = newID(), socle.Now()
		if err := putJSON(tx.Bucket(bucketOrgs), []byte(o.ID), o); err != nil {
			return err
		}
		if err := slugs.Put([]byte(o.Slug), []byte(o.ID)); err != nil {
			return err
		}
		t, err := tx.Bucket(bucketTenants).CreateBucket([]byte(o.ID))
		if err != nil {
			return err
		}
		for _, name := range tenantBuckets {
			if _, err := t.CreateBucket(name); err != nil {
				return err
			}
		}
		return audit(ctx, tx, o.ID, "org.create", "org", o.ID, o.Slug)
	})
}

// Org returns the organization with the given id.
func (s *Store) Org(ctx context.Context, id string) (socle.Organization, error) {
	var o socle.Organization
	err := s.view(ctx, func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bucketOrgs), []byte(id), &o)
		if err == nil && !ok {
			err = socle.Errorf(socle.ENOTFOUND, "organization %q not found", id)
		}
		return err
	})
	return o, err
}

// OrgBySlug returns the organization with the given slug.
func (s *Store) OrgBySlug(ctx context.Context, slug string) (socle.Organization, error) {
	var id []byte
	err := s.view(ctx, func(tx *bolt.Tx) error {
		id = append(id, tx.Bucket(bucketOrgSlugs).Get([]byte(slug))...)
		return nil
	})
	if err != nil {
		return socle.Organization{}, err
	}
	if len(id) == 0 {
		return socle.Organization{}, socle.Errorf(socle.ENOTFOUND, "organization %q not found", slug)
	}
	return s.Org(ctx, string(id))
}

// Orgs lists every organization, ordered by slug.
func (s *Store) Orgs(ctx context.Context) ([]socle.Organization, error) {
	var orgs []socle.Organization
	err := s.view(ctx, func(tx *bolt.Tx) error {
		all := tx.Bucket(bucketOrgs)
		return tx.Bucket(bucketOrgSlugs).ForEach(func(_, id []byte) error {
			var o socle.Organization
			if _, err := getJSON(all, id, &o); err != nil {
				return err
			}
			orgs = append(orgs, o)
			return nil
		})
	})
	return orgs, err
}
