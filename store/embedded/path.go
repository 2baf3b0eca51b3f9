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

// CreatePath records a new path with its first draft.
func (s *Store) CreatePath(ctx context.Context, p *socle.LearningPath) error {
	if p.Draft == nil {
		return socle.Errorf(socle.EINVALID, "a new path needs its first draft")
	}
	if err := p.Draft.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, p.OrgID)
		if err != nil {
			return err
		}
		p.ID, p.CreatedAt = newID(), socle.Now()
		p.UpdatedAt, p.Revision, p.Published = p.CreatedAt, 0, nil
		if err := putJSON(t.Bucket(bucketPaths), []byte(p.ID), p); err != nil {
			return err
		}
		return audit(ctx, tx, p.OrgID, "path.create", "path", p.ID, p.Draft.Title)
	})
}

func getPath(t *bolt.Bucket, id string) (socle.LearningPath, error) {
	var p socle.LearningPath
	ok, err := getJSON(t.Bucket(bucketPaths), []byte(id), &p)
	if err == nil && !ok {
		err = socle.Errorf(socle.ENOTFOUND, "learning path %q not found", id)
	}
	return p, err
}

// LearningPath returns one of the organization's paths.
func (s *Store) LearningPath(ctx context.Context, orgID, id string) (socle.LearningPath, error) {
	var p socle.LearningPath
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err == nil {
			p, err = getPath(t, id)
		}
		return err
	})
	return p, err
}

// LearningPaths lists the organization's paths, oldest first (ids are ordered by creation).
func (s *Store) LearningPaths(ctx context.Context, orgID string) ([]socle.LearningPath, error) {
	var out []socle.LearningPath
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		return t.Bucket(bucketPaths).ForEach(func(_, v []byte) error {
			var p socle.LearningPath
			err := jsonUnmarshal(v, &p)
			out = append(out, p)
			return err
		})
	})
	return out, err
}

// SavePathDraft replaces the path's draft and audience.
func (s *Store) SavePathDraft(ctx context.Context, orgID, id string, d socle.PathContent, a socle.Audience) (socle.LearningPath, error) {
	if err := d.Validate(); err != nil {
		return socle.LearningPath{}, err
	}
	var p socle.LearningPath
	err := s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if p, err = getPath(t, id); err != nil {
			return err
		}
		d.PublishedAt = time.Time{} // a draft is not published
		p.Draft, p.Audience, p.UpdatedAt = &d, a, socle.Now()
		if err := putJSON(t.Bucket(bucketPaths), []byte(p.ID), &p); err != nil {
			return err
		}
		return audit(ctx, tx, orgID, "path.draft", "path", p.ID, d.Title)
	})
	return p, err
}

// PublishPath makes the draft the published revision.
func (s *Store) PublishPath(ctx context.Context, orgID, id string) (socle.LearningPath, error) {
	var p socle.LearningPath
	err := s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		if p, err = getPath(t, id); err != nil {
			return err
		}
		if p.Draft == nil {
			return socle.Errorf(socle.ECONFLICT, "path %q has no draft to publish: its revision %d is published already", p.ID, p.Revision)
		}
		p.Published, p.Draft = p.Draft, nil
		p.Revision++
		p.Published.PublishedAt, p.UpdatedAt = socle.Now(), socle.Now()
		if err := putJSON(t.Bucket(bucketPaths), []byte(p.ID), &p); err != nil {
			return err
		}
		return audit(ctx, tx, orgID, "path.publish", "path", p.ID, fmt.Sprintf("revision %d", p.Revision))
	})
	return p, err
}

// Assign gives a member a path; assigning twice keeps the first.
func (s *Store) Assign(ctx context.Context, a *socle.Assignment) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, a.OrgID)
		if err != nil {
			return err
		}
		if _, err := getPath(t, a.PathID); err != nil {
			return err
		}
		if t.Bucket(bucketMembers).Get([]byte(a.UserID)) == nil {
			return socle.Errorf(socle.ENOTFOUND, "%q is not a member of this organization", a.UserID)
		}
		k := key([]byte(a.PathID), []byte(a.UserID))
		if ok, err := getJSON(t.Bucket(bucketAssigned), k, a); ok || err != nil {
			return err
		}
		a.AssignedAt = socle.Now()
		if a.AssignedBy == "" {
			a.AssignedBy = socle.ActorFrom(ctx)
		}
		if err := putJSON(t.Bucket(bucketAssigned), k, a); err != nil {
			return err
		}
		return audit(ctx, tx, a.OrgID, "path.assign", "path", a.PathID, a.UserID)
	})
}

// autoAssign gives a member added with a role the published paths whose audience says so.
func autoAssign(t *bolt.Bucket, m *socle.Membership) error {
	return t.Bucket(bucketPaths).ForEach(func(_, v []byte) error {
		var p socle.LearningPath
		if err := jsonUnmarshal(v, &p); err != nil {
			return err
		}
		if p.Published == nil || !p.Audience.AutoAssign || p.Audience.Role != m.Role {
			return nil
		}
		k := key([]byte(p.ID), []byte(m.UserID))
		if t.Bucket(bucketAssigned).Get(k) != nil {
			return nil
		}
		return putJSON(t.Bucket(bucketAssigned), k, &socle.Assignment{OrgID: m.OrgID, PathID: p.ID, UserID: m.UserID, AssignedBy: "system", AssignedAt: socle.Now()})
	})
}

// Unassign takes a path back from a member; their progress is kept.
func (s *Store) Unassign(ctx context.Context, orgID, pathID, userID string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		k := key([]byte(pathID), []byte(userID))
		if t.Bucket(bucketAssigned).Get(k) == nil {
			return socle.Errorf(socle.ENOTFOUND, "path %q is not assigned to %q", pathID, userID)
		}
		if err := t.Bucket(bucketAssigned).Delete(k); err != nil {
			return err
		}
		return audit(ctx, tx, orgID, "path.unassign", "path", pathID, userID)
	})
}

// Assignments lists the organization's assignments, by path then member.
func (s *Store) Assignments(ctx context.Context, orgID string, f socle.ProgressFilter) ([]socle.Assignment, error) {
	var out []socle.Assignment
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		return t.Bucket(bucketAssigned).ForEach(func(_, v []byte) error {
			var a socle.Assignment
			if err := jsonUnmarshal(v, &a); err != nil {
				return err
			}
			if (f.PathID == "" || a.PathID == f.PathID) && (f.UserID == "" || a.UserID == f.UserID) {
				out = append(out, a)
			}
			return nil
		})
	})
	return out, err
}

// SaveProgress records a member's progress on a step.
func (s *Store) SaveProgress(ctx context.Context, p *socle.StepProgress) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, p.OrgID)
		if err != nil {
			return err
		}
		if _, err := getPath(t, p.PathID); err != nil {
			return err
		}
		if t.Bucket(bucketMembers).Get([]byte(p.UserID)) == nil {
			return socle.Errorf(socle.ENOTFOUND, "%q is not a member of this organization", p.UserID)
		}
		if p.StepID == "" {
			return socle.Errorf(socle.EINVALID, "progress names no step")
		}
		return putJSON(t.Bucket(bucketProgress), key([]byte(p.PathID), []byte(p.UserID), []byte(p.StepID)), p)
	})
}

// Progress lists progress records, by path, member and step.
func (s *Store) Progress(ctx context.Context, orgID string, f socle.ProgressFilter) ([]socle.StepProgress, error) {
	var out []socle.StepProgress
	err := s.view(ctx, func(tx *bolt.Tx) error {
		t, err := tenant(tx, orgID)
		if err != nil {
			return err
		}
		c := t.Bucket(bucketProgress).Cursor()
		var p []byte
		if f.PathID != "" {
			p = prefix(f.PathID)
		}
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			var sp socle.StepProgress
			if err := jsonUnmarshal(v, &sp); err != nil {
				return err
			}
			if f.UserID == "" || sp.UserID == f.UserID {
				out = append(out, sp)
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.PathID != b.PathID {
			return a.PathID < b.PathID
		}
		if a.UserID != b.UserID {
			return a.UserID < b.UserID
		}
		return a.StepID < b.StepID
	})
	return out, err
}
