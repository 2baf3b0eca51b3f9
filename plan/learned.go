package plan

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/socle-project/socle"
)

// What colleagues did with the passages plans proposed is the one offline signal of whether a
// passage fits a situation that the planner cannot read in the note: most off-topic steps are
// another variant's rule or a later stage of a document the need does call for, and the same
// passages come back under situations they do not fit. A passage the organization's caseworkers
// keep taking out of plans for a need is offered beside the steps instead of proposed as one; a
// passage they keep adding from those offered becomes a step. Replayed on the situation sets
// (each set's plans with what readers of the other sets kept, removed and added), it cut the
// off-topic share of the steps by a fifth to a third (docs/plans.md, sixteenth round).

// minLearned is how many members must have removed (or added) a passage for a need before the
// planner follows them: one caseworker's choice is that case's, or that caseworker's habit.
const minLearned = 2

// PassageRecord is what colleagues did with one passage proposed for one need.
type PassageRecord struct {
	Shown    int // times it was a step of a draft saved
	Removed  int // of those, times it was taken out before saving
	Taken    int // times it was added from the passages offered beside the steps
	Removers int // members who took it out
	Adders   int // members who added it
	// Rule is a methodology lead's decision for the passage and need, which prevails over
	// the counts (socle.PassageRule).
	Rule socle.PassageRuleKind
}

// kept is how many times the passage was kept in, or put into, a plan saved.
func (r PassageRecord) kept() int { return r.Shown - r.Removed + r.Taken }

// SetAside: a lead's rule says so, or, without a rule, removed by at least minLearned members
// and kept at most one time in five.
func (r PassageRecord) SetAside() bool {
	if r.Rule != "" {
		return r.Rule == socle.RuleSetAside
	}
	return r.Removers >= minLearned && 5*r.kept() <= r.Shown+r.Taken
}

// TakeUp: a lead's rule keeps it, or, without a rule, added by at least minLearned members and
// removed at most once for four times kept.
func (r PassageRecord) TakeUp() bool {
	if r.Rule != "" {
		return r.Rule == socle.RuleKeep
	}
	return r.Adders >= minLearned && 4*r.Removed <= r.kept()
}

// Learned is what an organization's caseworkers did with the passages plans proposed, by
// socle.PassageUse key (need, guide, digest of the words).
type Learned map[string]PassageRecord

// learnedKinds are the usage tallies a record is read from.
var learnedKinds = []string{"passage", "taken", "remover", "adder"}

// LearnedFrom reads the "passage", "taken", "remover" and "adder" usage totals (one row a kind
// and key).
func LearnedFrom(counts []socle.UsageCount) Learned {
	l := Learned{}
	for _, c := range counts {
		key := c.Key
		if c.Kind == "remover" || c.Kind == "adder" {
			i := strings.LastIndexByte(key, '|') // the member's id follows the passage's key
			if i < 0 {
				continue
			}
			key = key[:i]
		}
		r := l[key]
		switch c.Kind {
		case "passage":
			r.Shown += c.N
			r.Removed += c.M
		case "taken":
			r.Taken += c.N
		case "remover":
			r.Removers++
		case "adder":
			r.Adders++
		default:
			continue
		}
		l[key] = r
	}
	return l
}

// WithRules returns the record with the leads' rules: a rule prevails over the counts of its
// passage and need, and a passage nobody moved yet can have one.
func (l Learned) WithRules(rules []socle.PassageRule) Learned {
	if len(rules) == 0 {
		return l
	}
	out := make(Learned, len(l)+len(rules))
	for k, r := range l {
		out[k] = r
	}
	for _, ru := range rules {
		r := out[ru.Key()]
		r.Rule = ru.Rule
		out[ru.Key()] = r
	}
	return out
}

// History gives what an organization's caseworkers did with the passages plans proposed, and
// the rules its leads set on them.
type History interface {
	Learned(ctx context.Context, orgID string) (Learned, error)
}

// HistoryStore is what UsageHistory reads: the usage counts, the setting that turns learning
// off, and the leads' rules.
type HistoryStore interface {
	UsageTotals(ctx context.Context, orgID string, from, to time.Time, kinds ...string) ([]socle.UsageCount, error)
	Settings(ctx context.Context, orgID string) (socle.Settings, error)
	PassageRules(ctx context.Context, orgID string) ([]socle.PassageRule, error)
}

// UsageHistory reads it from the store's usage counts, kept as long as the organization keeps
// its usage (its retention setting), and caches it a while: a plan is asked for far more often
// than one is saved, and a minute's delay in learning, or in its being turned off, changes
// nothing. An organization that turned learning off (socle.Settings.LearnFromPlans) gets no
// counts; its leads' rules hold either way: they are the organization's doctrine, not a habit
// learned. Forget drops an organization's cached record when a rule changes.
type UsageHistory struct {
	Store HistoryStore
	TTL   time.Duration // 0: a minute; negative: read every time

	mu    sync.Mutex
	cache map[string]learnedAt
}

type learnedAt struct {
	l  Learned
	at time.Time
}

// Learned returns the organization's record.
func (h *UsageHistory) Learned(ctx context.Context, orgID string) (Learned, error) {
	ttl := h.TTL
	if ttl == 0 {
		ttl = time.Minute
	}
	now := time.Now()
	h.mu.Lock()
	c, ok := h.cache[orgID]
	h.mu.Unlock()
	if ok && now.Sub(c.at) < ttl {
		return c.l, nil
	}
	set, err := h.Store.Settings(ctx, orgID)
	if err != nil {
		return nil, err
	}
	l := Learned{}
	if set.LearnFromPlans {
		// Every day kept: the store drops what is older than the organization's retention, at
		// most ten years (socle.Settings).
		counts, err := h.Store.UsageTotals(ctx, orgID, now.AddDate(-11, 0, 0), now.Add(24*time.Hour), learnedKinds...)
		if err != nil {
			return nil, err
		}
		l = LearnedFrom(counts)
	}
	rules, err := h.Store.PassageRules(ctx, orgID)
	if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
		return nil, err
	}
	l = l.WithRules(rules)
	h.mu.Lock()
	if h.cache == nil {
		h.cache = map[string]learnedAt{}
	}
	h.cache[orgID] = learnedAt{l, now}
	h.mu.Unlock()
	return l, nil
}

// Forget drops the organization's cached record: the next plan reads it again (a lead's rule
// applies at once on the server that recorded it; other servers follow within the TTL).
func (h *UsageHistory) Forget(orgID string) {
	h.mu.Lock()
	delete(h.cache, orgID)
	h.mu.Unlock()
}

// passageUse names a step's passage for its need: its first citation's guide and words; ok is
// false for a step of the caseworker's own or of no need.
func passageUse(s socle.Step) (u socle.PassageUse, ok bool) {
	if s.Own || len(s.Citations) == 0 || s.Need == "" {
		return u, false
	}
	c := s.Citations[0]
	return socle.PassageUse{Need: s.Need, GuideID: c.GuideID, Digest: socle.PassageDigest(c.Quote), VersionN: c.VersionN, SectionID: c.SectionID, Span: c.Span}, true
}

// learn moves the steps colleagues keep removing among the passages offered, and the passages
// they keep adding among the steps (after their need's steps, within socle.MaxPlanSteps). The
// passages offered that colleagues added before come first among their need's.
func learn(steps, offered []socle.Step, l Learned, needs []Detected) ([]socle.Step, []socle.Step) {
	if len(l) == 0 {
		return steps, offered
	}
	record := func(s socle.Step) PassageRecord {
		u, ok := passageUse(s)
		if !ok {
			return PassageRecord{}
		}
		return l[u.Key()]
	}
	// Each passage is looked up once (a digest of its words), not at every comparison of the
	// sort below.
	type offeredRecord struct {
		step socle.Step
		rec  PassageRecord
	}
	var keptSteps []socle.Step
	var setAside []offeredRecord
	for _, s := range steps {
		r := record(s)
		s.Ruled = r.Rule
		if r.SetAside() {
			if r.Rule == "" {
				s.Learned = socle.PassageRemoved
			}
			setAside = append(setAside, offeredRecord{s, r})
			continue
		}
		keptSteps = append(keptSteps, s)
	}
	var stillOffered []offeredRecord
	for _, s := range offered {
		r := record(s)
		s.Ruled = r.Rule
		if r.TakeUp() && len(keptSteps) < socle.MaxPlanSteps {
			if r.Rule == "" {
				s.Learned = socle.PassageAdded
			}
			keptSteps = slices.Insert(keptSteps, takenUpAt(keptSteps, s.Need), s)
			continue
		}
		stillOffered = append(stillOffered, offeredRecord{s, r})
	}
	stillOffered = append(stillOffered, setAside...)
	rank := map[string]int{}
	for i, n := range needs {
		rank[n.Code] = i
	}
	slices.SortStableFunc(stillOffered, func(a, b offeredRecord) int {
		if d := rank[a.step.Need] - rank[b.step.Need]; d != 0 {
			return d
		}
		return b.rec.Taken - a.rec.Taken
	})
	out := make([]socle.Step, len(stillOffered))
	for i, o := range stillOffered {
		out[i] = o.step
	}
	return keptSteps, out
}

// PassageUses says what became of a draft's passages in the plan saved from it: each step kept
// or removed, each passage offered beside it added or not (those not added say nothing: the
// caseworker may not have read them).
func PassageUses(draft socle.Plan, offered []socle.Step, saved socle.Plan) []socle.PassageUse {
	in := map[string]bool{}
	for _, s := range saved.Steps {
		if u, ok := passageUse(s); ok {
			in[u.Key()] = true
		}
	}
	var out []socle.PassageUse
	seen := map[string]bool{}
	add := func(s socle.Step, draftStep bool) {
		u, ok := passageUse(s)
		if !ok || seen[u.Key()] {
			return
		}
		switch {
		case draftStep && in[u.Key()]:
			u.Use = socle.PassageKept
		case draftStep:
			u.Use = socle.PassageRemoved
		case in[u.Key()]:
			u.Use = socle.PassageAdded
		default:
			return
		}
		seen[u.Key()] = true
		out = append(out, u)
	}
	for _, s := range draft.Steps {
		add(s, true)
	}
	for _, s := range offered {
		add(s, false)
	}
	return out
}

// takenUpAt is where a passage taken up as a step for a need goes: after that need's last step;
// for an urgent need with none, after the urgent needs' steps, which open the plan (Extractive);
// for another, at the end.
func takenUpAt(steps []socle.Step, need string) int {
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Need == need {
			return i + 1
		}
	}
	if !isUrgent(need) {
		return len(steps)
	}
	at := 0
	for i, st := range steps {
		if isUrgent(st.Need) {
			at = i + 1
		}
	}
	return at
}

func isUrgent(code string) bool {
	n, ok := NeedByCode(Needs(), code)
	return ok && n.Urgent
}
