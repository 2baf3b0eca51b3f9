package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

// CreateGuide creates a guide; its slug must be free in the organization.
func (s *Store) CreateGuide(ctx context.Context, g *socle.Guide) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error { return createGuide(ctx, tx, g) })
}

// CreateGuideWithVersion creates a guide and its first version in one transaction.
func (s *Store) CreateGuideWithVersion(ctx context.Context, g *socle.Guide, v *socle.Version, c socle.VersionContent) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		if err := createGuide(ctx, tx, g); err != nil {
			return err
		}
		v.OrgID, v.GuideID = g.OrgID, g.ID
		return createVersion(ctx, tx, v, c)
	})
}

func createGuide(ctx context.Context, tx *bolt.Tx, g *socle.Guide) error {
	t, err := tenant(tx, g.OrgID)
	if err != nil {
		return err
	}
	slugs := t.Bucket(bucketGuideSlugs)
	if slugs.Get([]byte(g.Slug)) != nil {
		return socle.Errorf(socle.ECONFLICT, "a guide with slug %q exists already in this organization: choose another slug or add a version to it", g.Slug)
	}
	g.ID, g.CreatedAt = newID(), socle.Now()
	if err := putJSON(t.Bucket(bucketGuides), []byte(g.ID), g); err != nil {
		return err
	}
	if err := slugs.Put([]byte(g.Slug), []byte(g.ID)); err != nil {
		return err
	}
	return audit(ctx, tx, g.OrgID, "guide.create", "guide", g.ID, g.Slug)
}

func getGuide(t *bolt.Bucket, id string) (socle.Guide, error) {
	var g socle.Guide
	ok, err := getJSON(t.Bucket(bucketGuides), []byte(id), &g)
	if err == nil && !ok {
		err = socle.Errorf(socle.ENOTFOUND, "guide %q not found", id)
	}
	return g, err
}

// Guide returns one of the organization's guides.
func (s *Store) Guide(ctx context.Context, orgID, id string) (socle.Guide, error) {
	var g socle.Guide
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err == nil {
			g, err = getGuide(t, id)
		}
		return err
	})
	return g, err
}

// GuideBySlug returns the organization's guide with the given slug.
func (s *Store) GuideBySlug(ctx context.Context, orgID, slug string) (socle.Guide, error) {
	var g socle.Guide
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		id := t.Bucket(bucketGuideSlugs).Get([]byte(slug))
		if id == nil {
			return socle.Errorf(socle.ENOTFOUND, "guide %q not found", slug)
		}
		g, err = getGuide(t, string(id))
		return err
	})
	return g, err
}

// Guides lists the organization's guides by slug.
func (s *Store) Guides(ctx context.Context, orgID string, f socle.GuideFilter) ([]socle.Guide, error) {
	var gs []socle.Guide
	// A guide's record holds its kind as JSON encodes it: a record without that string is of
	// another kind, and is not decoded. The planner lists an organization's few catalogs
	// among thousands of guides for every plan, and decoding them all was a tenth of a plan.
	var kind []byte
	if f.Kind != "" {
		var err error
		if kind, err = json.Marshal(f.Kind); err != nil {
			return nil, err
		}
	}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		guides := t.Bucket(bucketGuides)
		return t.Bucket(bucketGuideSlugs).ForEach(func(_, id []byte) error {
			if data := guides.Get(id); kind != nil && data != nil && !bytes.Contains(data, kind) {
				return nil
			}
			g, err := getGuide(t, string(id))
			if err == nil && (f.Kind == "" || g.Kind == f.Kind) {
				gs = append(gs, g)
			}
			return err
		})
	})
	return gs, err
}

// CreateVersion writes a version and its content in one transaction.
func (s *Store) CreateVersion(ctx context.Context, v *socle.Version, c socle.VersionContent) error {
	return s.update(ctx, func(tx *bolt.Tx) error { return createVersion(ctx, tx, v, c) })
}

func createVersion(ctx context.Context, tx *bolt.Tx, v *socle.Version, c socle.VersionContent) error {
	t, err := tenant(tx, v.OrgID)
	if err != nil {
		return err
	}
	if _, err := getGuide(t, v.GuideID); err != nil {
		return err
	}
	v.ID, v.CreatedAt = newID(), socle.Now()
	if err := c.Prepare(v); err != nil {
		return err
	}
	last, err := lastVersionN(t, v.GuideID)
	if err != nil {
		return err
	}
	v.N = last + 1
	if err := v.CheckBase(); err != nil {
		return err
	}
	if v.JobID != "" {
		if err := recordOnJob(t, v); err != nil {
			return err
		}
	}
	if v.State == socle.StatePublished {
		if err := archivePublished(ctx, tx, t, v.GuideID); err != nil {
			return err
		}
		v.PublishedAt = v.CreatedAt
	}
	if err := putJSON(t.Bucket(bucketVersions), []byte(v.ID), v); err != nil {
		return err
	}
	if err := t.Bucket(bucketVersionNs).Put(key([]byte(v.GuideID), u64(uint64(v.N))), []byte(v.ID)); err != nil {
		return err
	}
	if err := t.Bucket(bucketSources).Put([]byte(v.ID), c.Source); err != nil {
		return err
	}
	sections, sectionIDs := t.Bucket(bucketSections), t.Bucket(bucketSectionIDs)
	for i := range c.Sections {
		ord := u64(uint64(i))
		if err := putJSON(sections, key([]byte(v.ID), ord), &c.Sections[i]); err != nil {
			return err
		}
		if err := sectionIDs.Put(key([]byte(v.ID), []byte(c.Sections[i].ID)), ord); err != nil {
			return err
		}
	}
	services, serviceIDs := t.Bucket(bucketServices), t.Bucket(bucketServiceIDs)
	for i := range c.Services {
		ord := u64(uint64(i))
		if err := putJSON(services, key([]byte(v.ID), ord), &c.Services[i]); err != nil {
			return err
		}
		if err := serviceIDs.Put(key([]byte(v.ID), []byte(c.Services[i].ID)), ord); err != nil {
			return err
		}
	}
	if err := audit(ctx, tx, v.OrgID, "version.create", "version", v.ID, fmt.Sprintf("guide %s version %d (%s)", v.GuideID, v.N, v.State)); err != nil {
		return err
	}
	return appendChange(tx, *v)
}

func lastVersionN(t *bolt.Bucket, guideID string) (int, error) {
	p := prefix(guideID)
	c := t.Bucket(bucketVersionNs).Cursor()
	// Seek past the guide's keys, then step back to its last one.
	k, _ := c.Seek(append(prefix(guideID), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, p) {
		return 0, nil
	}
	return int(binary.BigEndian.Uint64(k[len(p):])), nil
}

// archivePublished archives the guide's published version, if any.
func archivePublished(ctx context.Context, tx *bolt.Tx, t *bolt.Bucket, guideID string) error {
	versions := t.Bucket(bucketVersions)
	p := prefix(guideID)
	c := t.Bucket(bucketVersionNs).Cursor()
	for k, id := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, id = c.Next() {
		var v socle.Version
		if _, err := getJSON(versions, id, &v); err != nil {
			return err
		}
		if v.State != socle.StatePublished {
			continue
		}
		v.State = socle.StateArchived
		if err := putJSON(versions, id, &v); err != nil {
			return err
		}
		if err := audit(ctx, tx, v.OrgID, "version.archive", "version", v.ID, "superseded"); err != nil {
			return err
		}
	}
	return nil
}

func getVersion(t *bolt.Bucket, id string) (socle.Version, error) {
	var v socle.Version
	ok, err := getJSON(t.Bucket(bucketVersions), []byte(id), &v)
	if err == nil && !ok {
		err = socle.Errorf(socle.ENOTFOUND, "version %q not found", id)
	}
	return v, err
}

// Version returns one of the organization's versions.
func (s *Store) Version(ctx context.Context, orgID, id string) (socle.Version, error) {
	var v socle.Version
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err == nil {
			v, err = getVersion(t, id)
		}
		return err
	})
	return v, err
}

// Versions lists a guide's versions by number.
func (s *Store) Versions(ctx context.Context, orgID, guideID string) ([]socle.Version, error) {
	var vs []socle.Version
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if _, err := getGuide(t, guideID); err != nil {
			return err
		}
		p := prefix(guideID)
		c := t.Bucket(bucketVersionNs).Cursor()
		for k, id := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, id = c.Next() {
			v, err := getVersion(t, string(id))
			if err != nil {
				return err
			}
			vs = append(vs, v)
		}
		return nil
	})
	return vs, err
}

// PublishedVersions lists the organization's published versions, ordered by guide id.
func (s *Store) PublishedVersions(ctx context.Context, orgID string) ([]socle.Version, error) {
	var vs []socle.Version
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		// version-ns is ordered by guide then number, which gives a stable order.
		return t.Bucket(bucketVersionNs).ForEach(func(_, id []byte) error {
			v, err := getVersion(t, string(id))
			if err == nil && v.State == socle.StatePublished {
				vs = append(vs, v)
			}
			return err
		})
	})
	return vs, err
}

// SetVersionState moves a version through review.
func (s *Store) SetVersionState(ctx context.Context, orgID string, c socle.StateChange) (socle.Version, error) {
	var v socle.Version
	err := s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if v, err = getVersion(t, c.VersionID); err != nil {
			return err
		}
		if !v.State.CanMoveTo(c.State) {
			return socle.Errorf(socle.ECONFLICT, "version %d cannot move from %s to %s", v.N, v.State, c.State)
		}
		if c.State == socle.StatePublished {
			if cur := publishedN(t, v.GuideID); cur != c.Expect {
				return socle.ErrPublishedMeanwhile(v.N, c.Expect, cur)
			}
			if err := archivePublished(ctx, tx, t, v.GuideID); err != nil {
				return err
			}
			now := socle.Now()
			if v.PublishedAt.IsZero() {
				v.PublishedAt = now
			}
			// The notices are dated by this publication, not the version's first one.
			if err := putNotices(t, v, now, c.Notices); err != nil {
				return err
			}
		}
		v.State = c.State
		if err := putJSON(t.Bucket(bucketVersions), []byte(v.ID), &v); err != nil {
			return err
		}
		if c.Comment != "" {
			cm := socle.Comment{OrgID: orgID, VersionID: v.ID, State: c.State, Body: c.Comment}
			if err := cm.Validate(); err != nil {
				return err
			}
			if err := addComment(ctx, tx, t, &cm); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, orgID, "version."+string(c.State), "version", v.ID, fmt.Sprintf("version %d", v.N)); err != nil {
			return err
		}
		return appendChange(tx, v)
	})
	return v, err
}

// publishedN returns the number of the guide's published version, 0 if none.
func publishedN(t *bolt.Bucket, guideID string) int {
	p := prefix(guideID)
	c := t.Bucket(bucketVersionNs).Cursor()
	for k, id := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, id = c.Next() {
		if v, err := getVersion(t, string(id)); err == nil && v.State == socle.StatePublished {
			return v.N
		}
	}
	return 0
}

// VersionSource returns the bytes the version was made from.
func (s *Store) VersionSource(ctx context.Context, orgID, versionID string) ([]byte, error) {
	var src []byte
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if _, err := getVersion(t, versionID); err != nil {
			return err
		}
		src = bytes.Clone(t.Bucket(bucketSources).Get([]byte(versionID)))
		return nil
	})
	return src, err
}

// Sections returns a version's sections in order.
func (s *Store) Sections(ctx context.Context, orgID, versionID string) ([]socle.Section, error) {
	var out []socle.Section
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		v, err := getVersion(t, versionID)
		if err != nil {
			return err
		}
		out = make([]socle.Section, 0, v.Sections)
		return scan(t.Bucket(bucketSections), versionID, func(v []byte) error {
			var sec socle.Section
			err := jsonUnmarshal(v, &sec)
			out = append(out, sec)
			return err
		})
	})
	return out, err
}

// Section returns one section of a version.
func (s *Store) Section(ctx context.Context, orgID, versionID, sectionID string) (socle.Section, error) {
	var sec socle.Section
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		ord := t.Bucket(bucketSectionIDs).Get(key([]byte(versionID), []byte(sectionID)))
		if ord == nil {
			return socle.Errorf(socle.ENOTFOUND, "section %q of version %q not found", sectionID, versionID)
		}
		_, err = getJSON(t.Bucket(bucketSections), key([]byte(versionID), ord), &sec)
		return err
	})
	return sec, err
}

// scan calls fn with each value whose key starts with id and the separator.
func scan(b *bolt.Bucket, id string, fn func(v []byte) error) error {
	p := prefix(id)
	c := b.Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}
