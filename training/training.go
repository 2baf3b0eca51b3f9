// Package training runs the trainers' work: learning paths through the organization's
// published doctrine, check questions, assignments, each member's progress, and what a newer
// publication means for a path (a step updated for the trainer, to re-read for members who had
// read it). Paths and progress hold no case data.
package training

import (
	"context"
	"strings"

	"github.com/socle-project/socle"
)

// Store is what training needs of the authoring store.
type Store interface {
	socle.GuideStore
	socle.PathStore
	socle.UserStore
	ChangeNotices(ctx context.Context, orgID string, f socle.NoticeFilter) ([]socle.ChangeNotice, error)
	Plans(ctx context.Context, orgID string, f socle.PlanFilter) ([]socle.Plan, error)
}

// Service is the training service.
type Service struct {
	Store Store
}

// Draft is a path as a trainer writes it: steps name a guide and a section; the service pins
// each to the guide's published version.
type Draft struct {
	Title       string
	Description string
	Audience    socle.Audience
	Steps       []StepDraft
}

// StepDraft is one step as written: ID is empty for a new step, and kept for an existing one
// so that members' progress on it stays.
type StepDraft struct {
	ID        string
	Guide     string // slug
	Version   int    // the version to pin; 0: the published one
	SectionID string
	Note      string
	Question  *socle.Question
}

// pin resolves a draft into a path revision: each step points to a section of a published
// version of one of the organization's guides, and named members are the organization's.
func (s *Service) pin(ctx context.Context, orgID string, d Draft) (socle.PathContent, socle.Audience, error) {
	c := socle.PathContent{Title: d.Title, Description: strings.TrimSpace(d.Description)}
	guides := map[string]socle.Guide{}
	versions := map[string][]socle.Version{}
	for i, sd := range d.Steps {
		g, ok := guides[sd.Guide]
		if !ok {
			var err error
			if g, err = s.Store.GuideBySlug(ctx, orgID, sd.Guide); err != nil {
				if socle.IsKind(err, socle.ENOTFOUND) {
					return c, d.Audience, socle.Errorf(socle.EINVALID, "step %d: guide %q is not one of this organization's guides", i+1, sd.Guide)
				}
				return c, d.Audience, err
			}
			if versions[g.ID], err = s.Store.Versions(ctx, orgID, g.ID); err != nil {
				return c, d.Audience, err
			}
			guides[sd.Guide] = g
		}
		v, err := publishedVersion(g, versions[g.ID], sd.Version, i+1)
		if err != nil {
			return c, d.Audience, err
		}
		sec, err := s.Store.Section(ctx, orgID, v.ID, sd.SectionID)
		if socle.IsKind(err, socle.ENOTFOUND) {
			return c, d.Audience, socle.Errorf(socle.EINVALID, "step %d: version %d of %q has no section %q", i+1, v.N, g.Slug, sd.SectionID)
		}
		if err != nil {
			return c, d.Audience, err
		}
		id := sd.ID
		if id == "" {
			id = newStepID()
		}
		c.Steps = append(c.Steps, socle.PathStep{ID: id, GuideID: g.ID, GuideSlug: g.Slug, VersionID: v.ID, VersionN: v.N,
			SectionID: sec.ID, Path: sec.Path, Note: strings.TrimSpace(sd.Note), Question: sd.Question})
	}
	a, err := s.audience(ctx, orgID, d.Audience)
	if err != nil {
		return c, a, err
	}
	return c, a, c.Validate()
}

// publishedVersion picks the version a step is pinned to: version n if it is or was published,
// else the published one. A draft or a version in review is refused: members follow the
// doctrine as published.
func publishedVersion(g socle.Guide, vs []socle.Version, n, step int) (socle.Version, error) {
	for _, v := range vs {
		switch {
		case n == 0 && v.State == socle.StatePublished:
			return v, nil
		case n != 0 && v.N == n:
			if v.State == socle.StatePublished || !v.PublishedAt.IsZero() {
				return v, nil
			}
			return v, socle.Errorf(socle.EINVALID, "step %d: version %d of %q is a %s, not published doctrine: a step points to a published section", step, n, g.Slug, v.State)
		}
	}
	if n == 0 {
		return socle.Version{}, socle.Errorf(socle.EINVALID, "step %d: guide %q has no published version yet", step, g.Slug)
	}
	return socle.Version{}, socle.Errorf(socle.EINVALID, "step %d: guide %q has no version %d", step, g.Slug, n)
}

// audience checks that a path's audience names a role and members of the organization.
func (s *Service) audience(ctx context.Context, orgID string, a socle.Audience) (socle.Audience, error) {
	if a.Role != "" && !a.Role.Valid() {
		return a, socle.Errorf(socle.EINVALID, "role %q is not valid: use admin, lead, caseworker or trainer", a.Role)
	}
	if a.AutoAssign && a.Role == "" {
		return a, socle.Errorf(socle.EINVALID, "automatic assignment needs a role: choose whose new members follow the path")
	}
	if len(a.Members) == 0 {
		return a, nil
	}
	ids, err := s.memberIDs(ctx, orgID, a.Members)
	a.Members = ids
	return a, err
}

// memberIDs resolves members named by user id or email into user ids; anyone who is not a
// member of the organization is refused.
func (s *Service) memberIDs(ctx context.Context, orgID string, names []string) ([]string, error) {
	ms, err := s.Store.Members(ctx, orgID)
	if err != nil {
		return nil, err
	}
	member := map[string]bool{}
	for _, m := range ms {
		member[m.UserID] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		id := n
		if strings.Contains(n, "@") {
			u, err := s.Store.UserByEmail(ctx, n)
			if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
				return nil, err
			}
			id = u.ID
		}
		if !member[id] {
			return nil, socle.Errorf(socle.EINVALID, "%s is not a member of this organization: add them first, or check the address", n)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// Create records a new path as a draft.
func (s *Service) Create(ctx context.Context, orgID, author string, d Draft) (socle.LearningPath, error) {
	c, a, err := s.pin(ctx, orgID, d)
	if err != nil {
		return socle.LearningPath{}, err
	}
	p := socle.LearningPath{OrgID: orgID, Author: author, Audience: a, Draft: &c}
	err = s.Store.CreatePath(ctx, &p)
	return p, err
}

// SaveDraft replaces a path's draft; on a published path it starts the next revision.
func (s *Service) SaveDraft(ctx context.Context, orgID, id string, d Draft) (socle.LearningPath, error) {
	c, a, err := s.pin(ctx, orgID, d)
	if err != nil {
		return socle.LearningPath{}, err
	}
	return s.Store.SavePathDraft(ctx, orgID, id, c, a)
}

// Publish makes a path's draft what members follow, and assigns it to the members it names.
func (s *Service) Publish(ctx context.Context, orgID, id string) (socle.LearningPath, error) {
	p, err := s.Store.PublishPath(ctx, orgID, id)
	if err != nil {
		return p, err
	}
	for _, m := range p.Audience.Members {
		if err := s.Store.Assign(ctx, &socle.Assignment{OrgID: orgID, PathID: p.ID, UserID: m}); err != nil {
			return p, err
		}
	}
	return p, nil
}

// Assign gives a published path to members named by id or email, and to every current member
// of role when set; it returns how many members it was assigned to.
func (s *Service) Assign(ctx context.Context, orgID, pathID string, members []string, role socle.Role) (int, error) {
	p, err := s.Store.LearningPath(ctx, orgID, pathID)
	if err != nil {
		return 0, err
	}
	if p.Published == nil {
		return 0, socle.Errorf(socle.ECONFLICT, "publish the path before assigning it: members follow its published revision")
	}
	ids, err := s.memberIDs(ctx, orgID, members)
	if err != nil {
		return 0, err
	}
	if role != "" {
		if !role.Valid() {
			return 0, socle.Errorf(socle.EINVALID, "role %q is not valid: use admin, lead, caseworker or trainer", role)
		}
		ms, err := s.Store.Members(ctx, orgID)
		if err != nil {
			return 0, err
		}
		for _, m := range ms {
			if m.Role == role {
				ids = append(ids, m.UserID)
			}
		}
	}
	if len(ids) == 0 {
		return 0, socle.Errorf(socle.EINVALID, "name the members to assign the path to, or a role")
	}
	n := 0
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := s.Store.Assign(ctx, &socle.Assignment{OrgID: orgID, PathID: pathID, UserID: id}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
