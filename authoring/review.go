package authoring

import (
	"context"
	"fmt"
	"strings"

	"github.com/socle-project/socle"
)

// The rules of review. A version goes draft → review → published; a reviewer may send it back
// to draft with a comment saying what to change, and anyone who edits the doctrine may archive
// it. When the organization requires review (the default), a draft goes through review before
// publication and its own author may not publish it: another lead or an administrator does.
// Publishing a version written from an older version than the one published would silently
// undo what was published since, so it is refused. An archived version that was published
// before may be published again, to roll back, without review: it was reviewed once.

// Move moves version n of the guide to state, on behalf of the context's actor, with comment
// kept with the version. It keeps the indexes in step and, for a publication, records the
// sections changed or removed since the version it replaces, so that plans citing them can say
// so.
func (s *Service) Move(ctx context.Context, orgID, slug string, n int, state socle.VersionState, comment string) (socle.Version, error) {
	if !state.Valid() {
		return socle.Version{}, socle.Errorf(socle.EINVALID, "state %q is not valid: use draft, review, published or archived", state)
	}
	g, vs, err := s.guideVersions(ctx, orgID, slug, true)
	if err != nil {
		return socle.Version{}, err
	}
	v, err := byNumber(g, vs, n)
	if err != nil {
		return socle.Version{}, err
	}
	if v.State == state {
		return *v, socle.Errorf(socle.ECONFLICT, "version %d is %s already", n, state)
	}
	if !v.State.CanMoveTo(state) {
		return *v, socle.Errorf(socle.ECONFLICT, "version %d is %s and cannot become %s: %s", n, v.State, state, allowedMoves(v.State))
	}
	change := socle.StateChange{VersionID: v.ID, State: state, Comment: comment}
	switch state {
	case socle.StateDraft:
		if comment == "" {
			return *v, socle.Errorf(socle.EINVALID, "say in a comment what should change before sending version %d back to its author", n)
		}
	case socle.StatePublished:
		pub := published(vs)
		if err := s.mayPublish(ctx, orgID, v, pub); err != nil {
			return *v, err
		}
		if pub != nil {
			change.Expect = pub.N
			if change.Notices, err = s.notices(ctx, g, *pub, *v); err != nil {
				return *v, err
			}
		}
	}
	moved, err := s.Store.SetVersionState(ctx, orgID, change)
	if err != nil || s.Indexer == nil {
		return moved, err
	}
	switch {
	case state == socle.StatePublished:
		err = s.Indexer.Publish(ctx, moved)
	case v.State == socle.StatePublished:
		err = s.Indexer.Withdraw(ctx, moved)
	}
	if err != nil {
		return moved, fmt.Errorf("authoring: version %d is %s but the index was not updated (run `socle reindex`): %w", moved.N, moved.State, err)
	}
	return moved, nil
}

func allowedMoves(from socle.VersionState) string {
	switch from {
	case socle.StateDraft:
		return "a draft goes to review (or is archived)"
	case socle.StateReview:
		return "a version in review is published, sent back to draft or archived"
	case socle.StatePublished:
		return "a published version can only be archived; make a new version to change it"
	}
	return "an archived version that was published can be published again"
}

// mayPublish applies the rules of review to the publication of v in place of pub (nil: none).
func (s *Service) mayPublish(ctx context.Context, orgID string, v, pub *socle.Version) error {
	if v.State == socle.StateArchived {
		if v.PublishedAt.IsZero() {
			return socle.Errorf(socle.ECONFLICT, "version %d was archived without ever being published: open it in the editor and save it as a new version to use its text", v.N)
		}
		return nil // a rollback to a version reviewed and published before
	}
	set, err := s.Store.Settings(ctx, orgID)
	if err != nil {
		return err
	}
	if set.ReviewRequired {
		if v.State != socle.StateReview {
			return socle.Errorf(socle.ECONFLICT, "version %d is a draft: submit it for review first; this organization requires a review before publication", v.N)
		}
		if actor := socle.ActorFrom(ctx); actor == v.Author && actor != "system" {
			return socle.Errorf(socle.ECONFLICT, "this organization requires a review: another lead or an administrator publishes version %d, which you wrote", v.N)
		}
	}
	if pub != nil && pub.N > v.BaseN {
		return socle.Errorf(socle.ECONFLICT, "version %d was written from version %d, but version %d has been published since: publishing it would undo version %d's changes. Compare the two, then make a new version from version %d", v.N, v.BaseN, pub.N, pub.N, pub.N)
	}
	return nil
}

// notices lists the sections of pub that v changes or removes.
func (s *Service) notices(ctx context.Context, g socle.Guide, pub, v socle.Version) ([]socle.ChangeNotice, error) {
	d, err := s.compareVersions(ctx, g, pub, v)
	if err != nil {
		return nil, err
	}
	var out []socle.ChangeNotice
	for _, sd := range d.Sections {
		if sd.Old == nil || !sd.TextChanged() {
			continue
		}
		out = append(out, socle.ChangeNotice{SectionID: sd.Old.ID, Path: sd.Old.Path, Change: sd.Change,
			FromVersionID: pub.ID, FromN: pub.N})
	}
	return out, nil
}

// AddComment keeps a comment by the context's actor on version n of the guide, or on one of
// its sections.
func (s *Service) AddComment(ctx context.Context, orgID, slug string, n int, sectionID, body string) (socle.Comment, error) {
	g, vs, err := s.guideVersions(ctx, orgID, slug, true)
	if err != nil {
		return socle.Comment{}, err
	}
	v, err := byNumber(g, vs, n)
	if err != nil {
		return socle.Comment{}, err
	}
	c := socle.Comment{OrgID: orgID, VersionID: v.ID, SectionID: sectionID, Body: body}
	err = s.Store.AddComment(ctx, &c)
	return c, err
}

// Impact is what publishing a version would change for the doctrine's readers.
type Impact struct {
	Against *socle.Version     // the published version it would replace; nil if none
	Changes []SectionDiff      // sections of the published version whose text it changes or removes
	Plans   []socle.CitingPlan // saved plans citing those sections
	Paths   []PathUse          // published learning paths with steps on those sections
	// Rules are the leads' rules on passages of the guide whose words the version no longer
	// holds: a rule names its passage by its words, so it would stop applying.
	Rules []RuleUse
}

// RuleUse is a lead's rule on a passage that a version rewrites or removes.
type RuleUse struct {
	socle.PassageRule
	Quote string // the passage's words, as the version the rule was set on has them
}

// PathUse is a learning path some of whose published steps are on changed sections: after
// publication, members who read them are asked to read them again.
type PathUse struct {
	ID, Title string
	Steps     int // its steps on the changed sections
}

// Impact compares version n with the published version and finds the saved plans that cite
// the sections it changes or removes.
func (s *Service) Impact(ctx context.Context, orgID, slug string, n int) (Impact, error) {
	g, vs, err := s.guideVersions(ctx, orgID, slug, true)
	if err != nil {
		return Impact{}, err
	}
	v, err := byNumber(g, vs, n)
	if err != nil {
		return Impact{}, err
	}
	var imp Impact
	imp.Against = published(vs)
	if imp.Against == nil || imp.Against.ID == v.ID {
		return imp, nil
	}
	d, err := s.compareVersions(ctx, g, *imp.Against, *v)
	if err != nil {
		return imp, err
	}
	var ids []string
	for _, sd := range d.Sections {
		if sd.Old != nil && sd.TextChanged() {
			imp.Changes = append(imp.Changes, sd)
			ids = append(ids, sd.Old.ID)
		}
	}
	if len(ids) == 0 {
		return imp, nil
	}
	if imp.Plans, err = s.Store.PlansCiting(ctx, orgID, g.ID, ids); err != nil {
		return imp, err
	}
	if imp.Paths, err = s.pathsOn(ctx, orgID, g.ID, ids); err != nil {
		return imp, err
	}
	imp.Rules, err = s.rulesLost(ctx, g, vs, d)
	return imp, err
}

// rulesLost lists the rules on the guide's passages whose words the compared version no longer
// holds in the section that had them (or in the section it became). A rule whose passage cannot
// be read any more (its version gone, its span past the text) is left out: nothing says it
// changed.
func (s *Service) rulesLost(ctx context.Context, g socle.Guide, vs []socle.Version, d Diff) ([]RuleUse, error) {
	rules, err := s.Store.PassageRules(ctx, g.OrgID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return nil, err
	}
	becomes := map[string]SectionDiff{} // the published version's section id → how it fares
	for _, sd := range d.Sections {
		if sd.Old != nil {
			becomes[sd.Old.ID] = sd
		}
	}
	texts := map[int]map[string]string{} // version n → section id → text, read once
	var out []RuleUse
	for _, ru := range rules {
		if ru.GuideID != g.ID {
			continue
		}
		if texts[ru.VersionN] == nil {
			texts[ru.VersionN] = map[string]string{}
			for _, v := range vs {
				if v.N != ru.VersionN {
					continue
				}
				secs, err := s.Store.Sections(ctx, g.OrgID, v.ID)
				if err != nil {
					return nil, err
				}
				for _, sec := range secs {
					texts[ru.VersionN][sec.ID] = sec.Text
				}
			}
		}
		text := texts[ru.VersionN][ru.SectionID]
		if ru.Span.Start < 0 || ru.Span.End <= ru.Span.Start || ru.Span.End > len(text) {
			continue
		}
		quote := text[ru.Span.Start:ru.Span.End]
		if socle.PassageDigest(quote) != ru.Digest {
			continue // not the words the rule names
		}
		sd, compared := becomes[ru.SectionID]
		if !compared || !strings.Contains(foldSpaces(sd.Old.Text), foldSpaces(quote)) {
			continue // the published version had already left these words: not this change's
		}
		if sd.New != nil && strings.Contains(foldSpaces(sd.New.Text), foldSpaces(quote)) {
			continue
		}
		out = append(out, RuleUse{PassageRule: ru, Quote: quote})
	}
	return out, nil
}

// foldSpaces is text as socle.PassageDigest reads it: lower case, spaces collapsed.
func foldSpaces(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// pathsOn lists the published learning paths with steps on the guide's given sections.
func (s *Service) pathsOn(ctx context.Context, orgID, guideID string, sectionIDs []string) ([]PathUse, error) {
	ps, err := s.Store.LearningPaths(ctx, orgID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return nil, err
	}
	changed := map[string]bool{}
	for _, id := range sectionIDs {
		changed[id] = true
	}
	var out []PathUse
	for _, p := range ps {
		if p.Published == nil {
			continue
		}
		u := PathUse{ID: p.ID, Title: p.Published.Title}
		for _, st := range p.Published.Steps {
			if st.GuideID == guideID && changed[st.SectionID] {
				u.Steps++
			}
		}
		if u.Steps > 0 {
			out = append(out, u)
		}
	}
	return out, nil
}

// Settings returns the organization's settings.
func (s *Service) Settings(ctx context.Context, orgID string) (socle.Settings, error) {
	return s.Store.Settings(ctx, orgID)
}

// SetReviewRequired changes whether publication needs a second person.
func (s *Service) SetReviewRequired(ctx context.Context, orgID string, required bool) (socle.Settings, error) {
	set, err := s.Store.Settings(ctx, orgID)
	if err != nil {
		return set, err
	}
	set.ReviewRequired = required
	err = s.Store.SetSettings(ctx, &set)
	return set, err
}
