package training

import (
	"context"

	"github.com/socle-project/socle"
)

// StepStatus is a step as the trainer sees it: whether a publication since its pinned version
// changed or removed its section.
type StepStatus struct {
	Step   socle.PathStep
	Change socle.Change        // "" while the pinned text is current; Changed or Removed
	Latest *socle.ChangeNotice // the last publication that changed or removed it
}

// Updated reports whether the doctrine moved under the step.
func (s StepStatus) Updated() bool { return s.Change != "" }

// notices returns, by step id, the changes published to each step's section after the version
// given by since (the pinned version for a trainer, the version read for a member), oldest
// first.
func (s *Service) notices(ctx context.Context, orgID string, steps []socle.PathStep, since func(socle.PathStep) int) (map[string][]socle.ChangeNotice, error) {
	type guideQuery struct {
		sections []string
		after    int
	}
	byGuide := map[string]*guideQuery{}
	for _, st := range steps {
		q := byGuide[st.GuideID]
		if q == nil {
			q = &guideQuery{after: since(st)}
			byGuide[st.GuideID] = q
		}
		q.sections = append(q.sections, st.SectionID)
		q.after = min(q.after, since(st))
	}
	out := map[string][]socle.ChangeNotice{}
	for guideID, q := range byGuide {
		ns, err := s.Store.ChangeNotices(ctx, orgID, socle.NoticeFilter{GuideID: guideID, SectionIDs: q.sections, AfterN: q.after})
		if socle.IsKind(err, socle.ENOTFOUND) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, st := range steps {
			if st.GuideID != guideID {
				continue
			}
			for _, n := range ns {
				if n.SectionID == st.SectionID && n.FromN >= since(st) {
					out[st.ID] = append(out[st.ID], n)
				}
			}
		}
	}
	return out, nil
}

// Statuses tells, for each step, whether the doctrine changed since the version it is pinned
// to: the trainer then reviews the note and the question, or replaces a removed section.
func (s *Service) Statuses(ctx context.Context, orgID string, steps []socle.PathStep) ([]StepStatus, error) {
	ns, err := s.notices(ctx, orgID, steps, func(st socle.PathStep) int { return st.VersionN })
	if err != nil {
		return nil, err
	}
	out := make([]StepStatus, len(steps))
	for i, st := range steps {
		out[i] = StepStatus{Step: st}
		if list := ns[st.ID]; len(list) > 0 {
			last := list[len(list)-1]
			out[i].Change, out[i].Latest = last.Change, &last
		}
	}
	return out, nil
}

// PathView is a path as its trainer sees it: both revisions, and the steps of the one being
// worked on with their status.
type PathView struct {
	Path  socle.LearningPath
	Steps []StepStatus // of the current revision (the draft, else the published one)
}

// View returns a path for its trainer.
func (s *Service) View(ctx context.Context, orgID, id string) (PathView, error) {
	p, err := s.Store.LearningPath(ctx, orgID, id)
	if err != nil {
		return PathView{}, err
	}
	v := PathView{Path: p}
	if cur := p.Current(); cur != nil {
		v.Steps, err = s.Statuses(ctx, orgID, cur.Steps)
	}
	return v, err
}
