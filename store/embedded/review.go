package embedded

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/socle-project/socle"
	bolt "go.etcd.io/bbolt"
)

var settingsKey = []byte("settings")

// Settings returns the organization's settings, or the defaults if it never changed them.
func (s *Store) Settings(ctx context.Context, orgID string) (socle.Settings, error) {
	set := socle.DefaultSettings(orgID)
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		// Decoded onto the defaults, so that a setting added later keeps its default for an
		// organization that saved its settings before.
		_, err = getJSON(t.Bucket(bucketSettings), settingsKey, &set)
		return err
	})
	return set, err
}

// SetSettings replaces the organization's settings.
func (s *Store) SetSettings(ctx context.Context, set *socle.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, set.OrgID)
		if err != nil {
			return err
		}
		set.UpdatedAt = socle.Now()
		if err := putJSON(t.Bucket(bucketSettings), settingsKey, set); err != nil {
			return err
		}
		return audit(ctx, tx, set.OrgID, "settings.update", "org", set.OrgID, fmt.Sprintf("review required: %t; usage kept %d days; plans learn from what caseworkers kept: %t", set.ReviewRequired, set.UsageRetentionDays, set.LearnFromPlans))
	})
}

// AddComment keeps a comment with a version.
func (s *Store) AddComment(ctx context.Context, c *socle.Comment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, c.OrgID)
		if err != nil {
			return err
		}
		return addComment(ctx, tx, t, c)
	})
}

func addComment(ctx context.Context, tx *bolt.Tx, t *bolt.Bucket, c *socle.Comment) error {
	if _, err := getVersion(t, c.VersionID); err != nil {
		return err
	}
	if c.SectionID != "" && t.Bucket(bucketSectionIDs).Get(key([]byte(c.VersionID), []byte(c.SectionID))) == nil {
		return socle.Errorf(socle.ENOTFOUND, "section %q of version %q not found", c.SectionID, c.VersionID)
	}
	b := t.Bucket(bucketComments)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	c.ID, c.CreatedAt = newID(), socle.Now()
	if c.Author == "" {
		c.Author = socle.ActorFrom(ctx)
	}
	if err := putJSON(b, key([]byte(c.VersionID), u64(seq)), c); err != nil {
		return err
	}
	return audit(ctx, tx, c.OrgID, "comment.add", "version", c.VersionID, c.SectionID)
}

// Comments lists a version's comments, oldest first.
func (s *Store) Comments(ctx context.Context, orgID, versionID string) ([]socle.Comment, error) {
	var out []socle.Comment
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if _, err := getVersion(t, versionID); err != nil {
			return err
		}
		return scan(t.Bucket(bucketComments), versionID, func(v []byte) error {
			var c socle.Comment
			err := jsonUnmarshal(v, &c)
			out = append(out, c)
			return err
		})
	})
	return out, err
}

// putNotices writes a publication's change notices in its transaction.
func putNotices(t *bolt.Bucket, v socle.Version, at time.Time, notices []socle.ChangeNotice) error {
	b := t.Bucket(bucketNotices)
	for i := range notices {
		n := notices[i]
		if n.SectionID == "" || (n.Change != socle.Changed && n.Change != socle.Removed) {
			return socle.Errorf(socle.EINVALID, "change notice %d needs a section and a change (changed or removed)", i)
		}
		n.ID, n.OrgID, n.GuideID, n.ToVersionID, n.ToN, n.At = newID(), v.OrgID, v.GuideID, v.ID, v.N, at
		if err := putJSON(b, key([]byte(v.GuideID), u64(uint64(v.N)), []byte(n.SectionID)), &n); err != nil {
			return err
		}
	}
	return nil
}

// ChangeNotices lists a guide's notices by the version that made them, then by section.
func (s *Store) ChangeNotices(ctx context.Context, orgID string, f socle.NoticeFilter) ([]socle.ChangeNotice, error) {
	want := map[string]bool{}
	for _, id := range f.SectionIDs {
		want[id] = true
	}
	var out []socle.ChangeNotice
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if _, err := getGuide(t, f.GuideID); err != nil {
			return err
		}
		p := prefix(f.GuideID)
		c := t.Bucket(bucketNotices).Cursor()
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			var n socle.ChangeNotice
			if err := jsonUnmarshal(v, &n); err != nil {
				return err
			}
			if n.FromN >= f.AfterN && (len(want) == 0 || want[n.SectionID]) {
				out = append(out, n)
			}
		}
		return nil
	})
	return out, err
}

// indexCitations records which sections a saved plan cites, for PlansCiting.
func indexCitations(t *bolt.Bucket, p *socle.Plan, put bool) error {
	b := t.Bucket(bucketPlanCites)
	for _, st := range append(append([]socle.Step(nil), p.Steps...), p.NotCovered...) {
		for _, c := range st.Citations {
			k := key([]byte(c.GuideID), []byte(c.SectionID), []byte(p.ID))
			var err error
			if put {
				err = b.Put(k, nil)
			} else {
				err = b.Delete(k)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// PlansCiting lists the saved plans citing any of the guide's given sections, newest first.
func (s *Store) PlansCiting(ctx context.Context, orgID, guideID string, sectionIDs []string) ([]socle.CitingPlan, error) {
	var out []socle.CitingPlan
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if _, err := getGuide(t, guideID); err != nil {
			return err
		}
		byPlan := map[string]*socle.CitingPlan{}
		c := t.Bucket(bucketPlanCites).Cursor()
		for _, sec := range sectionIDs {
			p := key([]byte(guideID), []byte(sec), nil)
			for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
				planID := string(k[len(p):])
				cp, ok := byPlan[planID]
				if !ok {
					pl, err := getPlan(t, planID)
					if err != nil {
						return err
					}
					cp = &socle.CitingPlan{PlanID: pl.ID, AuthorID: pl.AuthorID, Title: pl.Title, CreatedAt: pl.CreatedAt}
					byPlan[planID] = cp
				}
				cp.SectionIDs = append(cp.SectionIDs, sec)
			}
		}
		for _, cp := range byPlan {
			out = append(out, *cp)
		}
		return nil
	})
	sortCiting(out)
	return out, err
}

// sortCiting orders plans newest first (plan ids are UUIDv7, ordered by creation), and each
// plan's sections by id.
func sortCiting(ps []socle.CitingPlan) {
	for i := range ps {
		sort.Strings(ps[i].SectionIDs)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].PlanID > ps[j].PlanID })
}
