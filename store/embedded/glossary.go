package embedded

import (
	"context"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// PutGlossaryEntry creates or replaces the entry for e.Term.
func (s *Store) PutGlossaryEntry(ctx context.Context, e *socle.GlossaryEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, e.OrgID)
		if err != nil {
			return err
		}
		e.UpdatedAt = socle.Now()
		k := socle.GlossaryKey(e.Term)
		if err := putJSON(t.Bucket(bucketGlossary), []byte(k), e); err != nil {
			return err
		}
		return audit(ctx, tx, e.OrgID, "glossary.put", "glossary", k, "")
	})
}

// GlossaryEntry returns the entry for term, compared by GlossaryKey.
func (s *Store) GlossaryEntry(ctx context.Context, orgID, term string) (socle.GlossaryEntry, error) {
	var e socle.GlossaryEntry
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		ok, err := getJSON(t.Bucket(bucketGlossary), []byte(socle.GlossaryKey(term)), &e)
		if err == nil && !ok {
			err = socle.Errorf(socle.ENOTFOUND, "glossary term %q not found", term)
		}
		return err
	})
	return e, err
}

// Glossary lists the organization's entries by key.
func (s *Store) Glossary(ctx context.Context, orgID string) ([]socle.GlossaryEntry, error) {
	var es []socle.GlossaryEntry
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		return t.Bucket(bucketGlossary).ForEach(func(_, v []byte) error {
			var e socle.GlossaryEntry
			err := jsonUnmarshal(v, &e)
			es = append(es, e)
			return err
		})
	})
	return es, err
}

// DeleteGlossaryEntry removes the entry for term.
func (s *Store) DeleteGlossaryEntry(ctx context.Context, orgID, term string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		k := []byte(socle.GlossaryKey(term))
		b := t.Bucket(bucketGlossary)
		if b.Get(k) == nil {
			return socle.Errorf(socle.ENOTFOUND, "glossary term %q not found", term)
		}
		if err := b.Delete(k); err != nil {
			return err
		}
		return audit(ctx, tx, orgID, "glossary.delete", "glossary", string(k), "")
	})
}
