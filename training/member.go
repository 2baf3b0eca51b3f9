package training

import (
	"context"
	"slices"

	"github.com/socle-project/socle"
)

// MemberStep is a step as a member follows it.
type MemberStep struct {
	Step socle.PathStep
	// Section is what the member reads: the section in the guide's published version when it
	// still has it, else the text the step was pinned to.
	Section  socle.Section
	ShownN   int
	Removed  bool // the section is gone from the published doctrine
	Progress socle.StepProgress
	// ToReread: the member read the step, and a publication changed its section since.
	ToReread bool
	Changes  []socle.ChangeNotice // what changed since the member read it
}

// Read reports whether the member read the step and has nothing new to read in it.
func (m MemberStep) Read() bool { return !m.Progress.ReadAt.IsZero() && !m.ToReread }

// Done reports whether the step is complete: read, and its question answered right.
func (m MemberStep) Done() bool {
	return m.Read() && (m.Step.Question == nil || m.Progress.Right)
}

// MemberPath is a published path as one member follows it.
type MemberPath struct {
	Path     socle.LearningPath
	Content  socle.PathContent
	Steps    []MemberStep
	Done     int
	ToReread int
}

// assigned returns the published path assigned to the member, or ENOTFOUND.
func (s *Service) assigned(ctx context.Context, orgID, userID, pathID string) (socle.LearningPath, error) {
	as, err := s.Store.Assignments(ctx, orgID, socle.ProgressFilter{PathID: pathID, UserID: userID})
	if err != nil {
		return socle.LearningPath{}, err
	}
	p, err := s.Store.LearningPath(ctx, orgID, pathID)
	if err != nil || len(as) == 0 || p.Published == nil {
		return socle.LearningPath{}, socle.Errorf(socle.ENOTFOUND, "learning path %q is not one of your paths", pathID)
	}
	return p, nil
}

// ForMember returns a path as the member follows it, with their progress.
func (s *Service) ForMember(ctx context.Context, orgID, userID, pathID string) (MemberPath, error) {
	p, err := s.assigned(ctx, orgID, userID, pathID)
	if err != nil {
		return MemberPath{}, err
	}
	return s.follow(ctx, orgID, userID, p, true)
}

// follow builds a member's view of a published path; withText reads each section.
func (s *Service) follow(ctx context.Context, orgID, userID string, p socle.LearningPath, withText bool) (MemberPath, error) {
	mp := MemberPath{Path: p, Content: *p.Published}
	progress, err := s.Store.Progress(ctx, orgID, socle.ProgressFilter{PathID: p.ID, UserID: userID})
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return mp, err
	}
	byStep := map[string]socle.StepProgress{}
	for _, pr := range progress {
		byStep[pr.StepID] = pr
	}
	steps := mp.Content.Steps
	readSince := func(st socle.PathStep) int {
		if pr, ok := byStep[st.ID]; ok && !pr.ReadAt.IsZero() {
			return max(pr.ReadN, st.VersionN)
		}
		return st.VersionN
	}
	changes, err := s.notices(ctx, orgID, steps, readSince)
	if err != nil {
		return mp, err
	}
	published := map[string]*socle.Version{}
	for _, st := range steps {
		ms := MemberStep{Step: st, Progress: byStep[st.ID], ShownN: st.VersionN}
		ms.Changes = changes[st.ID]
		ms.ToReread = !ms.Progress.ReadAt.IsZero() && len(ms.Changes) > 0
		if len(ms.Changes) > 0 && ms.Changes[len(ms.Changes)-1].Change == socle.Removed {
			ms.Removed = true
		}
		if withText {
			if err := s.sectionShown(ctx, orgID, &ms, published); err != nil {
				return mp, err
			}
		}
		if ms.Done() {
			mp.Done++
		}
		if ms.ToReread {
			mp.ToReread++
		}
		mp.Steps = append(mp.Steps, ms)
	}
	return mp, nil
}

// sectionShown reads the section a member reads for a step: in the published version of its
// guide when it is there, else as pinned.
func (s *Service) sectionShown(ctx context.Context, orgID string, ms *MemberStep, published map[string]*socle.Version) error {
	st := ms.Step
	pub, ok := published[st.GuideID]
	if !ok {
		vs, err := s.Store.Versions(ctx, orgID, st.GuideID)
		if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
			return err
		}
		if i := slices.IndexFunc(vs, func(v socle.Version) bool { return v.State == socle.StatePublished }); i >= 0 {
			pub = &vs[i]
		}
		published[st.GuideID] = pub
	}
	if pub != nil && !ms.Removed {
		sec, err := s.Store.Section(ctx, orgID, pub.ID, st.SectionID)
		if err == nil {
			ms.Section, ms.ShownN = sec, pub.N
			return nil
		}
		if !socle.IsKind(err, socle.ENOTFOUND) {
			return err
		}
	}
	sec, err := s.Store.Section(ctx, orgID, st.VersionID, st.SectionID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return err
	}
	ms.Section, ms.ShownN = sec, st.VersionN
	return nil
}

// MyPaths lists the published paths assigned to a member, with their progress.
func (s *Service) MyPaths(ctx context.Context, orgID, userID string) ([]MemberPath, error) {
	as, err := s.Store.Assignments(ctx, orgID, socle.ProgressFilter{UserID: userID})
	if err != nil {
		return nil, err
	}
	var out []MemberPath
	for _, a := range as {
		p, err := s.Store.LearningPath(ctx, orgID, a.PathID)
		if err != nil {
			return nil, err
		}
		if p.Published == nil {
			continue
		}
		mp, err := s.follow(ctx, orgID, userID, p, false)
		if err != nil {
			return nil, err
		}
		out = append(out, mp)
	}
	return out, nil
}

// step finds a step of a member's path.
func (s *Service) step(ctx context.Context, orgID, userID, pathID, stepID string) (MemberPath, MemberStep, error) {
	mp, err := s.ForMember(ctx, orgID, userID, pathID)
	if err != nil {
		return mp, MemberStep{}, err
	}
	for _, ms := range mp.Steps {
		if ms.Step.ID == stepID {
			return mp, ms, nil
		}
	}
	return mp, MemberStep{}, socle.Errorf(socle.ENOTFOUND, "the path has no step %q", stepID)
}

// MarkRead records that the member read a step, in the version shown to them.
func (s *Service) MarkRead(ctx context.Context, orgID, userID, pathID, stepID string) (socle.StepProgress, error) {
	_, ms, err := s.step(ctx, orgID, userID, pathID, stepID)
	if err != nil {
		return socle.StepProgress{}, err
	}
	pr := ms.Progress
	pr.OrgID, pr.PathID, pr.StepID, pr.UserID = orgID, pathID, stepID, userID
	pr.ReadAt, pr.ReadN = socle.Now(), ms.ShownN
	return pr, s.Store.SaveProgress(ctx, &pr)
}

// Answer records a member's answer to a step's question and tells whether it is right.
func (s *Service) Answer(ctx context.Context, orgID, userID, pathID, stepID string, choices []int) (socle.StepProgress, *socle.Question, error) {
	_, ms, err := s.step(ctx, orgID, userID, pathID, stepID)
	if err != nil {
		return socle.StepProgress{}, nil, err
	}
	q := ms.Step.Question
	if q == nil {
		return socle.StepProgress{}, nil, socle.Errorf(socle.EINVALID, "this step has no question")
	}
	if len(choices) == 0 {
		return socle.StepProgress{}, q, socle.Errorf(socle.EINVALID, "choose at least one answer")
	}
	for _, c := range choices {
		if c < 0 || c >= len(q.Choices) {
			return socle.StepProgress{}, q, socle.Errorf(socle.EINVALID, "answer %d is not one of the %d choices", c+1, len(q.Choices))
		}
	}
	pr := ms.Progress
	pr.OrgID, pr.PathID, pr.StepID, pr.UserID = orgID, pathID, stepID, userID
	pr.Answer, pr.Right, pr.AnsweredAt = choices, q.Check(choices), socle.Now()
	pr.Attempts++
	return pr, q, s.Store.SaveProgress(ctx, &pr)
}
