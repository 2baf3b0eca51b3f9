package orgarchive

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
)

// The parts of an organization's archive beyond its guides and members: its settings, the
// review comments of each version, its learning paths with who follows them and how far they
// got, and its leads' rules on the passages plans propose. Archives made before these parts
// existed lack their files; they import with the defaults and without them.

type settingsFile struct {
	ReviewRequired     bool `json:"review_required"`
	UsageRetentionDays int  `json:"usage_retention_days"`
	// LearnFromPlans is absent from archives made before it existed: those keep the default
	// (on).
	LearnFromPlans *bool `json:"learn_from_plans,omitempty"`
}

// commentFile is a review comment; its time is the store's and is not kept (order is).
type commentFile struct {
	SectionID string             `json:"section_id,omitempty"`
	Author    string             `json:"author"` // an email
	State     socle.VersionState `json:"state,omitempty"`
	Body      string             `json:"body"`
}

// pathFile is a learning path: its steps name versions as "slug@n". Revision numbers and
// publication times are the store's: an imported path starts again at revision 1.
type pathFile struct {
	Author    string            `json:"author"` // an email
	Audience  pathAudienceFile  `json:"audience"`
	Published *pathContentFile  `json:"published"`
	Draft     *pathContentFile  `json:"draft"`
	Assigned  []string          `json:"assigned"` // emails, in the order assigned
	Progress  []stepProgressRow `json:"progress"`
}

type pathAudienceFile struct {
	Role       socle.Role `json:"role,omitempty"`
	AutoAssign bool       `json:"auto_assign,omitempty"`
	Members    []string   `json:"members,omitempty"` // emails
}

type pathContentFile struct {
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Steps       []pathStepFile `json:"steps"`
}

type pathStepFile struct {
	ID        string          `json:"id"`
	Version   string          `json:"version"` // "slug@n"
	SectionID string          `json:"section_id"`
	Path      []string        `json:"path"`
	Note      string          `json:"note,omitempty"`
	Question  *socle.Question `json:"question,omitempty"`
}

type stepProgressRow struct {
	Member     string    `json:"member"` // an email
	Step       string    `json:"step"`
	ReadAt     time.Time `json:"read_at"`
	ReadN      int       `json:"read_n,omitempty"`
	Answer     []int     `json:"answer,omitempty"`
	Right      bool      `json:"right,omitempty"`
	Attempts   int       `json:"attempts,omitempty"`
	AnsweredAt time.Time `json:"answered_at"`
}

func exportSettings(ctx context.Context, s socle.Store, tw tarWriter, orgID string) error {
	set, err := s.Settings(ctx, orgID)
	if err != nil {
		return err
	}
	return tw.json("settings.json", settingsFile{ReviewRequired: set.ReviewRequired, UsageRetentionDays: set.UsageRetentionDays, LearnFromPlans: &set.LearnFromPlans})
}

func exportComments(ctx context.Context, s socle.Store, tw tarWriter, dir string, v socle.Version, email map[string]string) error {
	cs, err := s.Comments(ctx, v.OrgID, v.ID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return err
	}
	out := []commentFile{}
	for _, c := range cs {
		out = append(out, commentFile{SectionID: c.SectionID, Author: orSelf(email, c.Author), State: c.State, Body: c.Body})
	}
	return tw.json(dir+"comments.json", out)
}

// orSelf returns the email of a user id, or the id itself when it names no member (system).
func orSelf(email map[string]string, id string) string {
	if e := email[id]; e != "" {
		return e
	}
	return id
}

func exportPaths(ctx context.Context, s socle.Store, tw tarWriter, orgID string, email, versionRef map[string]string) error {
	ps, err := s.LearningPaths(ctx, orgID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return err
	}
	content := func(c *socle.PathContent) *pathContentFile {
		if c == nil {
			return nil
		}
		out := &pathContentFile{Title: c.Title, Description: c.Description, Steps: []pathStepFile{}}
		for _, st := range c.Steps {
			out.Steps = append(out.Steps, pathStepFile{ID: st.ID, Version: versionRef[st.VersionID], SectionID: st.SectionID,
				Path: orNil(st.Path), Note: st.Note, Question: st.Question})
		}
		return out
	}
	out := []pathFile{}
	for _, p := range ps {
		pf := pathFile{Author: orSelf(email, p.Author), Published: content(p.Published), Draft: content(p.Draft),
			Audience: pathAudienceFile{Role: p.Audience.Role, AutoAssign: p.Audience.AutoAssign}, Assigned: []string{}, Progress: []stepProgressRow{}}
		for _, id := range p.Audience.Members {
			pf.Audience.Members = append(pf.Audience.Members, orSelf(email, id))
		}
		as, err := s.Assignments(ctx, orgID, socle.ProgressFilter{PathID: p.ID})
		if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
			return err
		}
		for _, a := range as {
			pf.Assigned = append(pf.Assigned, orSelf(email, a.UserID))
		}
		prog, err := s.Progress(ctx, orgID, socle.ProgressFilter{PathID: p.ID})
		if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
			return err
		}
		for _, g := range prog {
			pf.Progress = append(pf.Progress, stepProgressRow{Member: orSelf(email, g.UserID), Step: g.StepID, ReadAt: g.ReadAt.UTC(), ReadN: g.ReadN,
				Answer: orNil(g.Answer), Right: g.Right, Attempts: g.Attempts, AnsweredAt: g.AnsweredAt.UTC()})
		}
		sort.SliceStable(pf.Progress, func(i, j int) bool {
			a, b := pf.Progress[i], pf.Progress[j]
			return a.Member < b.Member || a.Member == b.Member && a.Step < b.Step
		})
		out = append(out, pf)
	}
	return tw.json("paths.json", out)
}

// importComments adds a version's review comments.
func importComments(ctx context.Context, s socle.Store, orgID, versionID string, cs []commentFile, userID map[string]string) error {
	for _, c := range cs {
		if err := s.AddComment(ctx, &socle.Comment{OrgID: orgID, VersionID: versionID, SectionID: c.SectionID,
			Author: orSelf(userID, c.Author), State: c.State, Body: c.Body}); err != nil {
			return fmt.Errorf("comment: %w", err)
		}
	}
	return nil
}

// importPaths creates the archive's paths: the published revision first, published, then the
// draft; then their assignments and their members' progress.
func importPaths(ctx context.Context, s socle.Store, orgID string, ps []pathFile, userID map[string]string, versionID map[string][2]string) (int, error) {
	content := func(c *pathContentFile) (*socle.PathContent, error) {
		if c == nil {
			return nil, nil
		}
		out := &socle.PathContent{Title: c.Title, Description: c.Description}
		for _, st := range c.Steps {
			ids, ok := versionID[st.Version]
			if !ok {
				return nil, socle.Errorf(socle.EINVALID, "path %q: step %s names version %s, which the archive lacks", c.Title, st.ID, st.Version)
			}
			slug, n, _ := strings.Cut(st.Version, "@")
			vn, _ := strconv.Atoi(n)
			out.Steps = append(out.Steps, socle.PathStep{ID: st.ID, GuideID: ids[0], GuideSlug: slug, VersionID: ids[1], VersionN: vn,
				SectionID: st.SectionID, Path: st.Path, Note: st.Note, Question: st.Question})
		}
		return out, nil
	}
	for i, pf := range ps {
		published, err := content(pf.Published)
		if err != nil {
			return i, err
		}
		draft, err := content(pf.Draft)
		if err != nil {
			return i, err
		}
		aud := socle.Audience{Role: pf.Audience.Role, AutoAssign: pf.Audience.AutoAssign}
		for _, m := range pf.Audience.Members {
			aud.Members = append(aud.Members, orSelf(userID, m))
		}
		first := published
		if first == nil {
			first = draft
		}
		if first == nil {
			continue
		}
		p := socle.LearningPath{OrgID: orgID, Author: orSelf(userID, pf.Author), Audience: aud, Draft: first}
		if err := s.CreatePath(ctx, &p); err != nil {
			return i, fmt.Errorf("path %q: %w", first.Title, err)
		}
		if published != nil {
			if _, err := s.PublishPath(ctx, orgID, p.ID); err != nil {
				return i, fmt.Errorf("path %q: %w", first.Title, err)
			}
			if draft != nil {
				if _, err := s.SavePathDraft(ctx, orgID, p.ID, *draft, aud); err != nil {
					return i, fmt.Errorf("path %q: %w", first.Title, err)
				}
			}
		}
		for _, m := range pf.Assigned {
			if err := s.Assign(ctx, &socle.Assignment{OrgID: orgID, PathID: p.ID, UserID: orSelf(userID, m)}); err != nil {
				return i, fmt.Errorf("path %q: assignment of %s: %w", first.Title, m, err)
			}
		}
		for _, g := range pf.Progress {
			if err := s.SaveProgress(ctx, &socle.StepProgress{OrgID: orgID, PathID: p.ID, StepID: g.Step, UserID: orSelf(userID, g.Member),
				ReadAt: g.ReadAt, ReadN: g.ReadN, Answer: g.Answer, Right: g.Right, Attempts: g.Attempts, AnsweredAt: g.AnsweredAt}); err != nil {
				return i, fmt.Errorf("path %q: progress of %s: %w", first.Title, g.Member, err)
			}
		}
	}
	return len(ps), nil
}

// ruleFile is a methodology lead's rule on a passage (socle.PassageRule): its guide by slug, the
// one who decided by email. The time is the store's and is not kept.
type ruleFile struct {
	Need      string                `json:"need"`
	Guide     string                `json:"guide"` // the guide's slug
	Digest    string                `json:"digest"`
	Rule      socle.PassageRuleKind `json:"rule"`
	VersionN  int                   `json:"version_n"`
	SectionID string                `json:"section_id,omitempty"`
	SpanStart int                   `json:"span_start"`
	SpanEnd   int                   `json:"span_end"`
	User      string                `json:"user,omitempty"` // an email
}

// exportRules writes the organization's rules on passages, by need, guide slug and digest (the
// stores' order, by guide id, differs between stores).
func exportRules(ctx context.Context, s socle.Store, tw tarWriter, orgID string, guideSlug, email map[string]string) error {
	rs, err := s.PassageRules(ctx, orgID)
	if err != nil {
		return err
	}
	out := []ruleFile{}
	for _, r := range rs {
		slug, ok := guideSlug[r.GuideID]
		if !ok {
			return fmt.Errorf("passage rule %s names a guide the organization lacks", r.Key())
		}
		out = append(out, ruleFile{Need: r.Need, Guide: slug, Digest: r.Digest, Rule: r.Rule, VersionN: r.VersionN, SectionID: r.SectionID,
			SpanStart: r.Span.Start, SpanEnd: r.Span.End, User: orSelf(email, r.UserID)})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Need != b.Need {
			return a.Need < b.Need
		}
		if a.Guide != b.Guide {
			return a.Guide < b.Guide
		}
		return a.Digest < b.Digest
	})
	return tw.json("passage_rules.json", out)
}

// checkRules refuses an archive whose rules are not valid or name a guide it lacks, before
// anything is imported.
func checkRules(a *archive) error {
	guides := map[string]bool{}
	for _, g := range a.guides {
		guides[g.guide.Slug] = true
	}
	for _, rf := range a.rules {
		if !guides[rf.Guide] {
			return socle.Errorf(socle.EINVALID, "the archive's passage rule for need %s names guide %q, which the archive lacks", rf.Need, rf.Guide)
		}
		r := rf.rule("", rf.Guide, nil)
		if err := r.Validate(); err != nil {
			return socle.Errorf(socle.EINVALID, "the archive's passage_rules.json: %v", err)
		}
	}
	return nil
}

func (rf ruleFile) rule(orgID, guideID string, userID map[string]string) socle.PassageRule {
	return socle.PassageRule{OrgID: orgID, Need: rf.Need, GuideID: guideID, Digest: rf.Digest, Rule: rf.Rule, VersionN: rf.VersionN,
		SectionID: rf.SectionID, Span: socle.Span{Start: rf.SpanStart, End: rf.SpanEnd}, UserID: orSelf(userID, rf.User)}
}

// importRules sets the archive's rules on the imported guides.
func importRules(ctx context.Context, s socle.Store, orgID string, rs []ruleFile, guideID, userID map[string]string) (int, error) {
	for i, rf := range rs {
		r := rf.rule(orgID, guideID[rf.Guide], userID)
		if err := s.SetPassageRule(ctx, &r); err != nil {
			return i, fmt.Errorf("passage rule for need %s in guide %s: %w", rf.Need, rf.Guide, err)
		}
	}
	return len(rs), nil
}
