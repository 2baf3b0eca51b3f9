package insights

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/socle-project/socle"
)

// Store is what the insights read.
type Store interface {
	socle.OrgStore
	UsageCounts(ctx context.Context, orgID string, from, to time.Time, kinds ...string) ([]socle.UsageCount, error)
	UsageTotals(ctx context.Context, orgID string, from, to time.Time, kinds ...string) ([]socle.UsageCount, error)
	UsageEvents(ctx context.Context, orgID string, f socle.UsageFilter) ([]socle.UsageEvent, error)
	DeleteUsage(ctx context.Context, orgID string, before time.Time) (int, error)
	Settings(ctx context.Context, orgID string) (socle.Settings, error)
	SetSettings(ctx context.Context, set *socle.Settings) error
	Guides(ctx context.Context, orgID string, f socle.GuideFilter) ([]socle.Guide, error)
	PublishedVersions(ctx context.Context, orgID string) ([]socle.Version, error)
	Sections(ctx context.Context, orgID, versionID string) ([]socle.Section, error)
	PassageRules(ctx context.Context, orgID string) ([]socle.PassageRule, error)
}

// Service computes insights.
type Service struct {
	Store Store
	// StaleAfter is the age past which a published version is worth reviewing if much cited;
	// 0 means a year.
	StaleAfter time.Duration
}

// Query is a period and, optionally, one guide.
type Query struct {
	From, To time.Time
	Guide    string // slug; empty for every guide
}

// NeedRow is a need's use over the period: in how many plans it was detected, in how many the
// doctrine had nothing for it, and that count bucket by bucket.
type NeedRow struct {
	Code       string
	Plans      int
	NotCovered int
	// Added is how many of the plans had the need added by the caseworker: Socle did not read
	// it in their note.
	Added int
	Trend []int // not covered, by bucket of Report.Buckets
}

// QueryRow is a search text that found nothing good, and how often.
type QueryRow struct {
	Query string
	Count int
}

// SectionRow is a section of a published guide and its use over the period.
type SectionRow struct {
	GuideID    string
	GuideSlug  string
	GuideTitle string
	VersionN   int // the published version
	SectionID  string
	Path       []string
	Citations  int // plans citing it (any version)
	Opens      int
	Verdicts   int // verdicts on steps citing it
	Negative   int // of which wrong or unsupported
	Comments   []string
	text       string // the section's text in the published version
}

// PassageRow is a passage plans proposed for a need that caseworkers took out before saving, over
// the period: a sentence that misleads the planner, or that applies only to a case the guide
// could name. Plans follow them (plan/learned.go); the lead may say it better.
type PassageRow struct {
	Need       string
	GuideID    string
	GuideSlug  string
	GuideTitle string
	VersionN   int // the published version
	SectionID  string
	Path       []string
	Digest     string     // socle.PassageDigest of its words: with Need and GuideID, what a rule names
	Span       socle.Span // where Quote is in the section of version VersionN
	Quote      string     // the passage's words, when it was proposed from the published version
	Proposed   int        // times it was a step of a plan saved
	Removed    int        // of which taken out
	Added      int        // times added from the passages offered
	// The lead's rule on the passage for the need, if any (socle.PassageRule), who set it and
	// when.
	Rule    socle.PassageRuleKind
	RuledBy string // user id
	RuledAt time.Time
}

// minRemoved is how many times a passage must have been taken out to be listed: the planner's
// own threshold (plan/learned.go), below which one caseworker's choice is that case's.
const minRemoved = 2

// GuideRow is a published guide, its age and its use.
type GuideRow struct {
	Slug, Title string
	VersionN    int
	PublishedAt time.Time
	AgeDays     int
	Citations   int
}

// Report is the insights of a period.
type Report struct {
	Query
	Buckets     []time.Time // starts of the trend's buckets
	BucketDays  int
	Plans       int
	Searches    int
	Misses      int          // searches that found nothing good
	Needs       []NeedRow    // most often not covered first
	NoResult    []QueryRow   // most frequent first
	Sections    []SectionRow // most cited first; every published section
	NeverCited  []SectionRow
	NeverOpened []SectionRow
	Disputed    []SectionRow // most negative verdicts first, with their comments
	Removed     []PassageRow // passages most often taken out of plans first
	Rules       []PassageRow // the leads' rules on passages, whatever the period, newest first
	Stale       []GuideRow   // older than StaleAfter, most cited first
}

// maxComments bounds the comments shown per section.
const maxComments = 10

// Report computes the insights of a period from the daily tallies, the published doctrine and
// the verdicts' comments.
func (s *Service) Report(ctx context.Context, orgID string, q Query) (Report, error) {
	if q.To.IsZero() {
		q.To = socle.Now()
	}
	if q.From.IsZero() {
		q.From = q.To.AddDate(0, 0, -30)
	}
	if !q.From.Before(q.To) {
		return Report{}, socle.Errorf(socle.EINVALID, "the period ends (%s) before it starts (%s)", q.To.Format(time.DateOnly), q.From.Format(time.DateOnly))
	}
	if q.To.Sub(q.From) > 3660*24*time.Hour {
		return Report{}, socle.Errorf(socle.EINVALID, "the period is over ten years: choose a shorter one")
	}
	r := Report{Query: q}
	r.BucketDays, r.Buckets = buckets(q.From, q.To)
	sections, guides, err := s.doctrine(ctx, orgID, q.Guide)
	if err != nil {
		return r, err
	}
	// Needs are read day by day for their trend; everything else as the period's totals, a row
	// per section or query instead of one per day.
	counts, err := s.Store.UsageCounts(ctx, orgID, q.From, q.To, "need")
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return r, err
	}
	totals, err := s.Store.UsageTotals(ctx, orgID, q.From, q.To, "plan", "search", "miss", "stated", "cite", "open", "feedback")
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return r, err
	}
	counts = append(counts, totals...)
	needs := map[string]*NeedRow{}
	misses := map[string]int{}
	byKey := map[string]*SectionRow{} // by guide id | section id: any version counts
	for i := range sections {
		byKey[sections[i].GuideID+"|"+sections[i].SectionID] = &sections[i]
	}
	citesByGuide := map[string]int{}
	for _, c := range counts {
		switch c.Kind {
		case "plan":
			r.Plans += c.N
		case "search":
			r.Searches += c.N
			r.Misses += c.M
		case "need", "stated":
			n := needs[c.Key]
			if n == nil {
				n = &NeedRow{Code: c.Key, Trend: make([]int, len(r.Buckets))}
				needs[c.Key] = n
			}
			if c.Kind == "stated" {
				n.Added += c.N
				continue
			}
			n.Plans += c.N
			n.NotCovered += c.M
			n.Trend[r.bucket(c.Day)] += c.M
		case "miss":
			misses[c.Key] += c.N
		case "cite", "open", "feedback":
			cs, ok := socle.ParseSectionKey(c.Key)
			if !ok {
				continue
			}
			if c.Kind == "cite" {
				citesByGuide[cs.GuideID] += c.N
			}
			row := byKey[cs.GuideID+"|"+cs.SectionID]
			if row == nil {
				continue // a section no longer published, or of another guide than asked
			}
			switch c.Kind {
			case "cite":
				row.Citations += c.N
			case "open":
				row.Opens += c.N
			case "feedback":
				row.Verdicts += c.N
				row.Negative += c.M
			}
		}
	}
	for _, n := range needs {
		r.Needs = append(r.Needs, *n)
	}
	sort.Slice(r.Needs, func(i, j int) bool {
		a, b := r.Needs[i], r.Needs[j]
		if a.NotCovered != b.NotCovered {
			return a.NotCovered > b.NotCovered
		}
		if a.Plans != b.Plans {
			return a.Plans > b.Plans
		}
		return a.Code < b.Code
	})
	for q, n := range misses {
		r.NoResult = append(r.NoResult, QueryRow{q, n})
	}
	sort.Slice(r.NoResult, func(i, j int) bool {
		if r.NoResult[i].Count != r.NoResult[j].Count {
			return r.NoResult[i].Count > r.NoResult[j].Count
		}
		return r.NoResult[i].Query < r.NoResult[j].Query
	})
	if err := s.comments(ctx, orgID, q, byKey); err != nil {
		return r, err
	}
	r.Sections = sections
	sort.SliceStable(r.Sections, func(i, j int) bool { return r.Sections[i].Citations > r.Sections[j].Citations })
	for _, row := range r.Sections {
		if row.Citations == 0 {
			r.NeverCited = append(r.NeverCited, row)
		}
		if row.Opens == 0 {
			r.NeverOpened = append(r.NeverOpened, row)
		}
		if row.Negative > 0 {
			r.Disputed = append(r.Disputed, row)
		}
	}
	sort.SliceStable(r.Disputed, func(i, j int) bool { return r.Disputed[i].Negative > r.Disputed[j].Negative })
	r.Stale = s.stale(guides, citesByGuide, q.To)
	rules, err := s.Store.PassageRules(ctx, orgID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return r, err
	}
	if r.Removed, err = s.removed(ctx, orgID, q, byKey, rules); err != nil {
		return r, err
	}
	r.Rules = ruleRows(rules, byKey, guides, q.Guide)
	return r, nil
}

// Rules lists the leads' rules on passages (newest first) with their passages as the published
// guides have them, without the period's usage.
func (s *Service) Rules(ctx context.Context, orgID string) ([]PassageRow, error) {
	rules, err := s.Store.PassageRules(ctx, orgID)
	if err != nil || len(rules) == 0 {
		return nil, err // no rule: the doctrine's sections need not be read
	}
	sections, guides, err := s.doctrine(ctx, orgID, "")
	if err != nil {
		return nil, err
	}
	byKey := map[string]*SectionRow{}
	for i := range sections {
		byKey[sections[i].GuideID+"|"+sections[i].SectionID] = &sections[i]
	}
	return ruleRows(rules, byKey, guides, ""), nil
}

// ruleRows lists the rules with their passages as the published guides have them: the quote
// when the rule was set on the published version, the section's place otherwise. A rule on a
// guide no longer published is listed too, so that a lead can withdraw it.
func ruleRows(rules []socle.PassageRule, byKey map[string]*SectionRow, guides map[string]guideVersion, slug string) []PassageRow {
	var out []PassageRow
	for _, ru := range rules {
		row := PassageRow{Need: ru.Need, GuideID: ru.GuideID, VersionN: ru.VersionN, SectionID: ru.SectionID, Digest: ru.Digest, Span: ru.Span,
			Rule: ru.Rule, RuledBy: ru.UserID, RuledAt: ru.At}
		if gv, ok := guides[ru.GuideID]; ok {
			row.GuideSlug, row.GuideTitle = gv.guide.Slug, gv.guide.Title
		} else if slug != "" {
			continue // another guide than the one asked for
		}
		if sec := byKey[ru.GuideID+"|"+ru.SectionID]; sec != nil {
			row.Path = sec.Path
			if sec.VersionN == ru.VersionN {
				row.Quote = spanOf(sec.text, ru.Span)
			}
		}
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].RuledAt.After(out[j].RuledAt) })
	return out
}

// spanOf is the text of a span of a section, or "" when the span does not fit it.
func spanOf(text string, sp socle.Span) string {
	if sp.Start >= 0 && sp.Start < sp.End && sp.End <= len(text) {
		return text[sp.Start:sp.End]
	}
	return ""
}

// removed lists the passages of the published guides that caseworkers took out of plans at least
// minRemoved times over the period, from the drafts saved (newest first, at most 5,000).
func (s *Service) removed(ctx context.Context, orgID string, q Query, byKey map[string]*SectionRow, rules []socle.PassageRule) ([]PassageRow, error) {
	es, err := s.Store.UsageEvents(ctx, orgID, socle.UsageFilter{From: q.From, To: q.To, Kind: socle.UsageDraft, Limit: 5000})
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return nil, err
	}
	rows := map[string]*PassageRow{}
	for _, e := range es {
		for _, u := range e.Passages {
			row := rows[u.Key()]
			if row == nil {
				sec := byKey[u.GuideID+"|"+u.SectionID]
				if sec == nil {
					continue // a section no longer published, or of another guide than asked
				}
				row = &PassageRow{Need: u.Need, GuideID: u.GuideID, GuideSlug: sec.GuideSlug, GuideTitle: sec.GuideTitle, VersionN: sec.VersionN, SectionID: sec.SectionID,
					Path: sec.Path, Digest: u.Digest}
				if u.VersionN == sec.VersionN {
					if row.Quote = spanOf(sec.text, u.Span); row.Quote != "" {
						row.Span = u.Span
					}
				}
				rows[u.Key()] = row
			}
			if row.Quote == "" && u.VersionN == row.VersionN {
				if row.Quote = spanOf(byKey[u.GuideID+"|"+u.SectionID].text, u.Span); row.Quote != "" {
					row.Span = u.Span
				}
			}
			switch u.Use {
			case socle.PassageAdded:
				row.Added++
			case socle.PassageRemoved:
				row.Proposed++
				row.Removed++
			default:
				row.Proposed++
			}
		}
	}
	ruled := map[string]socle.PassageRule{}
	for _, ru := range rules {
		ruled[ru.Key()] = ru
	}
	var out []PassageRow
	for key, row := range rows {
		if row.Removed >= minRemoved {
			if ru, ok := ruled[key]; ok {
				row.Rule, row.RuledBy, row.RuledAt = ru.Rule, ru.UserID, ru.At
			}
			out = append(out, *row)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Removed != b.Removed {
			return a.Removed > b.Removed
		}
		if a.Proposed != b.Proposed {
			return a.Proposed < b.Proposed
		}
		return a.GuideSlug+a.SectionID+a.Quote < b.GuideSlug+b.SectionID+b.Quote
	})
	return out, nil
}

// doctrine lists the sections of the published guides (one guide when slug is set), with the
// guides' published versions.
func (s *Service) doctrine(ctx context.Context, orgID, slug string) ([]SectionRow, map[string]guideVersion, error) {
	gs, err := s.Store.Guides(ctx, orgID, socle.GuideFilter{})
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return nil, nil, err
	}
	byID := map[string]socle.Guide{}
	found := slug == ""
	for _, g := range gs {
		if g.Kind == socle.KindCatalog || slug != "" && g.Slug != slug {
			continue
		}
		byID[g.ID] = g
		found = true
	}
	if !found {
		return nil, nil, socle.Errorf(socle.ENOTFOUND, "guide %q not found", slug)
	}
	vs, err := s.Store.PublishedVersions(ctx, orgID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return nil, nil, err
	}
	guides := map[string]guideVersion{}
	var out []SectionRow
	for _, v := range vs {
		g, ok := byID[v.GuideID]
		if !ok {
			continue
		}
		guides[g.ID] = guideVersion{g, v}
		secs, err := s.Store.Sections(ctx, orgID, v.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, sec := range secs {
			if strings.TrimSpace(sec.Text) == "" {
				continue
			}
			path := sec.Path
			if len(path) == 0 {
				path = []string{g.Title} // the text before the guide's first heading
			}
			out = append(out, SectionRow{GuideID: g.ID, GuideSlug: g.Slug, GuideTitle: g.Title, VersionN: v.N, SectionID: sec.ID, Path: path, text: sec.Text})
		}
	}
	return out, guides, nil
}

type guideVersion struct {
	guide   socle.Guide
	version socle.Version
}

// comments gathers the comments of the verdicts on steps citing each section.
func (s *Service) comments(ctx context.Context, orgID string, q Query, byKey map[string]*SectionRow) error {
	es, err := s.Store.UsageEvents(ctx, orgID, socle.UsageFilter{From: q.From, To: q.To, Kind: socle.UsageFeedback, Commented: true, Limit: 5000})
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return err
	}
	for _, e := range es {
		if strings.TrimSpace(e.Comment) == "" || e.Verdict == socle.VerdictUseful {
			continue
		}
		for _, c := range e.Cited {
			if row := byKey[c.GuideID+"|"+c.SectionID]; row != nil && len(row.Comments) < maxComments {
				row.Comments = append(row.Comments, e.Comment)
			}
		}
	}
	return nil
}

// stale lists the guides whose published version is older than StaleAfter, most cited first.
func (s *Service) stale(guides map[string]guideVersion, cites map[string]int, now time.Time) []GuideRow {
	after := s.StaleAfter
	if after <= 0 {
		after = 365 * 24 * time.Hour
	}
	var out []GuideRow
	for id, gv := range guides {
		at := gv.version.PublishedAt
		if at.IsZero() || now.Sub(at) < after {
			continue
		}
		out = append(out, GuideRow{Slug: gv.guide.Slug, Title: gv.guide.Title, VersionN: gv.version.N, PublishedAt: at,
			AgeDays: int(now.Sub(at).Hours() / 24), Citations: cites[id]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Citations != out[j].Citations {
			return out[i].Citations > out[j].Citations
		}
		return out[i].Slug < out[j].Slug
	})
	return out
}

// buckets cuts a period for a trend: by day up to a month, by week up to half a year, by
// month beyond.
func buckets(from, to time.Time) (int, []time.Time) {
	days := int(to.Sub(from).Hours()/24) + 1
	size := 1
	switch {
	case days > 184:
		size = 30
	case days > 31:
		size = 7
	}
	var out []time.Time
	for d := socle.Day(from); d.Before(to); d = d.AddDate(0, 0, size) {
		out = append(out, d)
	}
	return size, out
}

// bucket returns the index of the bucket holding day.
func (r *Report) bucket(day time.Time) int {
	i := int(day.Sub(socle.Day(r.From)).Hours()/24) / r.BucketDays
	return max(0, min(i, len(r.Buckets)-1))
}

// MaxRetentionDays bounds how long an organization may keep usage events: ten years.
const MaxRetentionDays = 3650

// SetRetention sets how many days the organization keeps usage events; the next purge applies it.
func (s *Service) SetRetention(ctx context.Context, orgID string, days int) (socle.Settings, error) {
	if days < 1 || days > MaxRetentionDays {
		return socle.Settings{}, socle.Errorf(socle.EINVALID, "a retention of %d days is not possible: choose between 1 and %d days", days, MaxRetentionDays)
	}
	set, err := s.Store.Settings(ctx, orgID)
	if err != nil {
		return set, err
	}
	set.UsageRetentionDays = days
	return set, s.Store.SetSettings(ctx, &set)
}

// SetLearning turns on or off plans following what the organization's caseworkers kept of
// earlier plans (socle.Settings.LearnFromPlans).
func (s *Service) SetLearning(ctx context.Context, orgID string, on bool) (socle.Settings, error) {
	set, err := s.Store.Settings(ctx, orgID)
	if err != nil {
		return set, err
	}
	set.LearnFromPlans = on
	return set, s.Store.SetSettings(ctx, &set)
}

// Purge removes the usage events of every organization older than its retention setting, and
// returns how many.
func (s *Service) Purge(ctx context.Context, now time.Time) (int, error) {
	orgs, err := s.Store.Orgs(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, o := range orgs {
		set, err := s.Store.Settings(ctx, o.ID)
		if err != nil {
			return total, err
		}
		n, err := s.Store.DeleteUsage(ctx, o.ID, now.AddDate(0, 0, -set.UsageRetentionDays))
		if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
			return total, err
		}
		total += n
	}
	return total, nil
}
