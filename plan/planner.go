package plan

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan/pseudonym"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/retrieval/situation"
)

// Searcher finds passages of the organization's published doctrine.
type Searcher interface {
	Search(ctx context.Context, orgID string, q retrieval.Query) (retrieval.Result, error)
}

// Store is what planning reads of the authoring store.
type Store interface {
	socle.GuideStore
	socle.ServiceStore
}

// Generator drafts steps from a context.
type Generator interface {
	Name() string
	Generate(ctx context.Context, c *Context) (Draft, error)
}

// Planner makes plans. Zero fields take defaults.
type Planner struct {
	Store  Store
	Search Searcher
	// Pseudonymizer masks identifying details before anything else happens to a case; nil
	// leaves the text as it is (tests of other parts only: the server always sets it).
	Pseudonymizer *pseudonym.Pseudonymizer
	Generator     Generator // nil: the extractive generator
	Terms         Terms     // nil: the retrieval analyzer's French terms
	MinSupport    float64   // 0: DefaultMinSupport
	MaxPassages   int       // passages in a context; 0: 24
	PerQuery      int       // passages of each need put first in the context; 0: 3
	MaxNeeds      int       // needs that get a query of their own; 0: 5
	Log           *slog.Logger
	// History is what the organization's caseworkers did with the passages plans proposed
	// (plan/learned.go); nil plans without it.
	History History
	// Made, if set, is told of every plan asked of the planner: how long it took and its
	// error (nil for a plan made), for the server's metrics. It sees no case text.
	Made func(took time.Duration, err error)

	servicesMu sync.Mutex
	services   map[string][]serviceDoc // by catalog version: versions are immutable
}

// Result is a plan with what led to it.
type Result struct {
	Plan  socle.Plan
	Needs []Detected
	// Suggested are needs the situation may show that the plan did not search for: the
	// caseworker adds one to have it planned (situation.Reading.Suggested).
	Suggested []Detected
	Services  []ServiceMatch // services relevant to the case that no step took
	Queries   []string       // what the situation search looked for, need by need, for display
	// TextFacts are the facts read from the situation's text (age, pregnancy, household,
	// département); those the caseworker left blank were taken from them.
	TextFacts situation.Facts
	// Uncovered are the detected needs no step answers, listed in the plan as not covered.
	Uncovered []UncoveredNeed
	// Offered are sentences of the doctrine near the plan's steps that the plan did not take,
	// verified like steps: the caseworker may add them when finishing the plan (offer).
	Offered []socle.Step
	// EmptyReason says why a plan has no step; "" when it has some.
	EmptyReason string
	Fallback    string // why the extractive generator stood in for the configured one
	Context     *Context
	// mapping restores the case's identifying details for display to the caseworker. It lives
	// as long as the Result, in memory: never stored, never logged (it prints as a count).
	mapping *pseudonym.Mapping
}

// Restore puts the case's identifying details back into text made from the masked situation,
// for display to the caseworker who wrote it.
func (r *Result) Restore(s string) string {
	if r.mapping == nil {
		return s
	}
	return r.mapping.Restore(s)
}

// Plan makes a plan for a case within the organization orgID, which comes from the caller's
// identity. Nothing is stored.
func (p *Planner) Plan(ctx context.Context, orgID string, c Case) (res *Result, err error) {
	if p.Made != nil {
		defer func(start time.Time) { p.Made(time.Since(start), err) }(time.Now())
	}
	return p.plan(ctx, orgID, c)
}

func (p *Planner) plan(ctx context.Context, orgID string, c Case) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	terms := p.terms()
	res := &Result{mapping: &pseudonym.Mapping{}}
	masked, facts := c.Situation, c.Facts
	if p.Pseudonymizer != nil {
		// One mapping for the situation and the facts, so that a person named in both keeps
		// one placeholder.
		r, err := p.Pseudonymizer.Pseudonymize(c.Situation, res.mapping)
		if err != nil {
			return nil, err
		}
		masked = r.Text
		if facts.Household != "" {
			h, err := p.Pseudonymizer.Pseudonymize(facts.Household, res.mapping)
			if err != nil {
				return nil, err
			}
			facts.Household = h.Text
		}
	}

	// The catalog's services do not depend on the case: they are read while the search runs
	// (with a database store, its round trips overlap the search instead of adding to it).
	catalog := make(chan catalogRead, 1) // buffered: an early return leaves no goroutine behind
	go func() {
		defer func() {
			if r := recover(); r != nil {
				catalog <- catalogRead{err: fmt.Errorf("plan: read the catalogs: %v", r)}
			}
		}()
		docs, err := p.catalogServices(ctx, orgID)
		catalog <- catalogRead{docs: docs, err: err}
	}()
	learned := p.learned(ctx, orgID)

	// One search in the situation mode reads the needs and the facts, and brings each need's
	// doctrine. Placeholders are taken out first: "[PERSONNE_1]" would match "personne".
	found, err := p.Search.Search(ctx, orgID, retrieval.Query{
		Text: truncate(pseudonym.RemovePlaceholders(masked), retrieval.MaxQueryBytes), Mode: retrieval.ModeSituation,
		Kinds: []socle.GuideKind{socle.KindMethodology}, Limit: p.searchDepth(),
		Needs: facts.Needs, WithoutNeeds: facts.WithoutNeeds,
		NoFragments: true, // a plan cites passages by span, it shows no search excerpts
	})
	if err != nil {
		return nil, fmt.Errorf("plan: search: %w", err)
	}
	reading := found.Situation
	if reading == nil {
		reading = &retrieval.SituationReading{}
	}
	res.Needs, res.Suggested = reading.Needs, reading.Suggested
	res.TextFacts = reading.Facts
	for _, q := range reading.Queries {
		words := append(append([]string{}, q.Concepts...), q.Terms...)
		res.Queries = append(res.Queries, strings.TrimSpace(q.Need+": "+strings.Join(words, ", ")))
	}
	facts = withTextFacts(facts, reading.Facts)
	cx := &Context{Situation: masked, Facts: facts, Needs: res.Needs}
	idfs, _ := p.Search.(IDFSource)
	rel := newRelevance(terms, idfs, pseudonym.RemovePlaceholders(masked), res.Needs, facts, reading.Facts, found.Hits)
	cx.rel = rel
	if err := p.fill(ctx, orgID, rel.score(found.Hits, reading, res.Needs), res.Needs, cx); err != nil {
		return nil, err
	}
	read := <-catalog
	if read.err != nil {
		return nil, read.err
	}
	docs := eligible(read.docs, facts)
	for _, d := range docs {
		cx.Services = append(cx.Services, d.svc)
	}
	res.Context = cx

	// Ranking the catalog for the case needs the needs, not the steps: it runs while the
	// steps are drafted (a few milliseconds of the extractive generator's, nothing of a
	// model's). The needs are copied so that no generator's change can race with it.
	ranking := make(chan serviceRanking, 1) // buffered: an early return leaves no goroutine behind
	go func(needs []Detected) {
		defer func() {
			if r := recover(); r != nil {
				ranking <- serviceRanking{panicked: r}
			}
		}()
		matches, idf := matchServices(terms, docs, masked, needs)
		ranking <- serviceRanking{matches: matches, idf: idf}
	}(append([]Detected(nil), res.Needs...))

	draft, name, err := p.generate(ctx, cx, res)
	if err != nil {
		return nil, err
	}
	minSupport := p.MinSupport
	if minSupport == 0 {
		minSupport = DefaultMinSupport
	}
	steps, notCovered := verify(cx, draft, terms, minSupport)
	offered := offer(ctx, cx, terms, minSupport, steps)
	steps, offered = learn(steps, offered, <-learned, res.Needs)
	ranked := <-ranking
	if ranked.panicked != nil {
		panic(ranked.panicked) // where it would have happened without the goroutine
	}
	res.Services = attachServices(terms, ranked.idf, steps, ranked.matches)
	res.Plan = socle.Plan{
		OrgID: orgID, CaseDigest: masked, Steps: steps, NotCovered: notCovered, Generator: name,
		Title: planTitle(res.Needs),
	}
	res.Offered = offered
	res.Uncovered = uncoveredNeeds(res.Needs, steps, cx.Passages, res.Offered)
	for _, n := range res.Uncovered {
		res.Plan.NotCovered = append(res.Plan.NotCovered, socle.Step{Action: n.Label, Need: n.Code, Reason: n.Reason})
	}
	if len(steps) == 0 {
		res.EmptyReason = emptyReason(res.Needs, cx.Passages, res.Offered)
	}
	return res, nil
}

// learned reads, while the plan is made, what colleagues did with the passages plans proposed.
// A plan does not wait on it failing: the store's error is logged and the plan made without.
func (p *Planner) learned(ctx context.Context, orgID string) <-chan Learned {
	out := make(chan Learned, 1) // buffered: an early return leaves no goroutine behind
	if p.History == nil {
		out <- nil
		return out
	}
	go func() {
		defer func() {
			if r := recover(); r != nil { // a fault of the history's is not the plan's
				if p.Log != nil {
					p.Log.Error("plan: reading what colleagues kept panicked; planning without it", "panic", r)
				}
				out <- nil
			}
		}()
		l, err := p.History.Learned(ctx, orgID)
		if err != nil && p.Log != nil {
			p.Log.Warn("plan: what colleagues kept of earlier plans could not be read; planning without it", "err", err)
		}
		out <- l
	}()
	return out
}

// offer draws the candidate steps a reader would choose among (the Selector's: the extractive
// generator's, drawn wide) and keeps, verified, those the plan did not take. The offline plan
// takes its steps by rules that read the note poorly: most of its off-topic steps are the right
// need's neighbouring sentence or document, another variant's rule or a later stage, while a
// reader choosing among these candidates made plans with few off-topic steps and found an
// on-topic step of a core document in more of them (docs/plans.md, thirteenth round). Offered
// beside the plan, they let the caseworker be that reader. With a model that chose among the
// same candidates, the offer is what it set aside.
func offer(ctx context.Context, cx *Context, terms Terms, minSupport float64, steps []socle.Step) []socle.Step {
	d, err := cx.drawWide(ctx, selectorCandidates) // a Selector's model was shown the same draw
	if err != nil {
		return nil
	}
	candidates, _ := verify(cx, d, terms, minSupport)
	// What a step quotes is not offered again, nor a part of it (a step may quote an
	// instruction and the sentence that says how to carry it out), nor the same words in
	// another guide.
	taken := map[string][]socle.Span{}
	said := map[string]bool{}
	isTaken := func(c socle.Citation) bool {
		return said[socle.PassageDigest(c.Quote)] || slices.ContainsFunc(taken[c.VersionID+"/"+c.SectionID], func(t socle.Span) bool {
			return c.Span.Start < t.End && t.Start < c.Span.End
		})
	}
	take := func(c socle.Citation) {
		taken[c.VersionID+"/"+c.SectionID] = append(taken[c.VersionID+"/"+c.SectionID], c.Span)
		said[socle.PassageDigest(c.Quote)] = true
	}
	for _, s := range steps {
		for _, c := range s.Citations {
			take(c)
		}
	}
	var out []socle.Step
	for _, s := range candidates {
		if len(s.Citations) > 0 && !isTaken(s.Citations[0]) {
			take(s.Citations[0])
			out = append(out, s)
		}
	}
	// Need by need, in the plan's order of the needs (the most urgent first), each need's in the
	// draw's order: the caseworker reads what the guides say of one need at a time.
	rank := map[string]int{}
	for i, n := range cx.Needs {
		rank[n.Code] = i
	}
	slices.SortStableFunc(out, func(a, b socle.Step) int { return rank[a.Need] - rank[b.Need] })
	return out
}

// UncoveredNeed is a need the plan has no step for, and why.
type UncoveredNeed struct {
	Code   string
	Label  string
	Reason string
	// Read are the sections that speak of the need, best first, when the guides speak of it
	// without an instruction the plan could take (ReasonNoInstruction): the caseworker is shown
	// where to read rather than only told that the guides say something.
	Read []SectionRef
}

// SectionRef points to a passage of a guide's section, to read.
type SectionRef struct {
	GuideSlug  string
	GuideTitle string
	VersionN   int
	SectionID  string
	Path       []string
	Span       socle.Span
	PageStart  int
	PageEnd    int
}

// readFirst is how many sections an uncovered need points to.
const readFirst = 2

// uncoveredNeeds lists the detected needs that no step answers: none of the guides' passages
// bears on them closely enough, those that do say nothing to do, or what they say did not seem to
// apply (a passage offered beside the plan answers the need: the caseworker reads it).
func uncoveredNeeds(needs []Detected, steps []socle.Step, passages []Passage, offered []socle.Step) []UncoveredNeed {
	answered := map[string]bool{}
	for _, s := range steps {
		answered[s.Need] = true
	}
	var out []UncoveredNeed
	for _, n := range needs {
		if answered[n.Code] {
			continue
		}
		u := UncoveredNeed{Code: n.Code, Label: n.Label, Reason: ReasonNoPassage}
		switch {
		case slices.ContainsFunc(offered, func(s socle.Step) bool { return s.Need == n.Code && s.Learned == socle.PassageRemoved }):
			u.Reason = ReasonColleaguesRemoved
		case slices.ContainsFunc(offered, func(s socle.Step) bool { return s.Need == n.Code && s.Ruled == socle.RuleSetAside }):
			u.Reason = ReasonOrgSetAside
		case slices.ContainsFunc(offered, func(s socle.Step) bool { return s.Need == n.Code }):
			u.Reason = ReasonNotApplied
		case needSupported(passages, n.Code):
			if speaks := speaksOf(passages, n); slices.Contains(speaks, true) {
				u.Reason, u.Read = ReasonNoInstruction, sectionsOn(passages, n.Code, speaks)
			}
		}
		out = append(out, u)
	}
	return out
}

// speaksOf tells which passages found for a need name it: one of the need's own words or of
// the notions the note calls for, in its text or its headings. A passage the need's search
// found by its common words only ("rendez-vous", "demande") does not speak of the need, and
// "your guides speak of it", with that passage to read, would send the caseworker astray.
func speaksOf(passages []Passage, n Detected) []bool {
	var notions []string
	for _, c := range n.Concepts {
		if fc := spacedWords(fold(c)); len(fc) > 4 {
			notions = append(notions, strings.TrimSuffix(fc, " "))
		}
		// The acronym a notion holds names it too: "volet énergie du FSL" is spoken of where the
		// guide writes "saisir le FSL".
		for _, a := range acronym.FindAllString(c, -1) {
			notions = append(notions, spacedWords(fold(a)))
		}
	}
	out := make([]bool, len(passages))
	for i := range passages {
		p := &passages[i]
		if p.needScore(n.Code) <= 0 {
			continue
		}
		f := fold(strings.Join(p.Section.Path, " ") + " " + p.Text())
		words := spacedWords(f)
		out[i] = n.Matches(f) || slices.ContainsFunc(notions, func(c string) bool { return strings.Contains(words, c) })
	}
	return out
}

// spacedWords is a folded text's words, apostrophes kept, one space around each: " saisir le fsl ".
func spacedWords(folded string) string {
	return " " + strings.Join(strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }), " ") + " "
}

// sectionsOn gives the sections of the passages that bear most on a need and name it (speaks),
// one passage a section, best first.
func sectionsOn(passages []Passage, need string, speaks []bool) []SectionRef {
	idx := make([]int, 0, len(passages))
	for i := range passages {
		if passages[i].needScore(need) > 0 && speaks[i] {
			idx = append(idx, i)
		}
	}
	// Stable, so that passages of equal score keep the context's order, itself fixed.
	sort.SliceStable(idx, func(a, b int) bool { return passages[idx[a]].needScore(need) > passages[idx[b]].needScore(need) })
	var out []SectionRef
	seen := map[string]bool{}
	for _, i := range idx {
		p := &passages[i]
		key := p.VersionID + "/" + p.Section.ID
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, SectionRef{GuideSlug: p.GuideSlug, GuideTitle: p.GuideTitle, VersionN: p.VersionN, SectionID: p.Section.ID, Path: p.Section.Path,
			Span: p.Span, PageStart: p.Section.PageAt(p.Span.Start), PageEnd: p.Section.PageAt(max(p.Span.End-1, p.Span.Start))})
		if len(out) == readFirst {
			break
		}
	}
	return out
}

// Why a need has no step, or a plan none at all. The texts are French, like the doctrine and
// the plans; the web layer translates them by these values.
const (
	ReasonNoPassage     = "aucun passage de vos guides ne traite de ce besoin"
	ReasonNoInstruction = "vos guides en parlent sans dire quoi faire"
	ReasonNotApplied    = "vos guides en parlent, mais aucune de leurs consignes n'a paru s'appliquer à la situation"
	// ReasonColleaguesRemoved: the need's steps were ones colleagues keep taking out of plans
	// for it (plan/learned.go); they are among the passages offered.
	ReasonColleaguesRemoved = "vos guides en parlent, mais vos collègues retirent souvent de leurs plans les passages trouvés pour ce besoin : ils sont proposés parmi les autres passages"
	// ReasonOrgSetAside: the need's steps were passages a methodology lead chose not to
	// propose as steps for it (socle.PassageRule); they are among the passages offered.
	ReasonOrgSetAside = "vos guides en parlent, mais votre organisation a choisi de ne pas proposer comme étapes les passages trouvés pour ce besoin : ils sont proposés parmi les autres passages"
	ReasonNoNeed      = "aucun besoin reconnu dans la situation : précisez-la ou ajoutez un besoin"
	ReasonNoDoctrine  = "aucun passage de vos guides ne répond aux besoins reconnus"
	ReasonNoAction    = "les passages trouvés ne contiennent aucune consigne applicable"
	ReasonAllRemoved  = "vos collègues retirent souvent de leurs plans les passages trouvés : ils sont proposés parmi les autres passages de vos guides"
	ReasonAllSetAside = "votre organisation a choisi de ne pas proposer comme étapes les passages trouvés : ils sont proposés parmi les autres passages de vos guides"
)

func emptyReason(needs []Detected, passages []Passage, offered []socle.Step) string {
	switch {
	case len(needs) == 0:
		// Whatever passages the note's words found: without a need, no step is drawn from them
		// (Extractive.Generate), and the caseworker is the one who can name the need.
		return ReasonNoNeed
	case len(passages) == 0:
		return ReasonNoDoctrine
	case slices.ContainsFunc(offered, func(s socle.Step) bool { return s.Learned == socle.PassageRemoved }):
		return ReasonAllRemoved
	case slices.ContainsFunc(offered, func(s socle.Step) bool { return s.Ruled == socle.RuleSetAside }):
		return ReasonAllSetAside
	}
	return ReasonNoAction
}

// withTextFacts completes the facts the caseworker gave with those the text states: what the
// caseworker typed wins.
func withTextFacts(f Facts, t situation.Facts) Facts {
	if f.Age == 0 {
		f.Age = t.Age
	}
	if f.Territory == "" {
		f.Territory = t.Territory
	}
	if f.Children == 0 {
		f.Children = t.Children
	}
	if f.Household == "" {
		f.Household = t.Household
	}
	return f
}

func (p *Planner) searchDepth() int {
	return min(retrieval.MaxLimit, 3*p.maxPassages())
}

func (p *Planner) maxPassages() int {
	if p.MaxPassages > 0 {
		return p.MaxPassages
	}
	return 24
}

// generate runs the configured generator, and the extractive one when it fails.
func (p *Planner) generate(ctx context.Context, cx *Context, res *Result) (Draft, string, error) {
	extractive := &Extractive{Terms: p.terms()}
	if p.Generator == nil {
		d, err := extractive.Generate(ctx, cx)
		return d, extractive.Name(), err
	}
	d, err := p.Generator.Generate(ctx, cx)
	if err == nil {
		return d, p.Generator.Name(), nil
	}
	if ctx.Err() != nil {
		return Draft{}, "", ctx.Err()
	}
	res.Fallback = socle.MessageOf(err)
	if p.Log != nil {
		p.Log.Warn("plan generator failed; extractive fallback", "generator", p.Generator.Name(), "err", err)
	}
	d, err = extractive.Generate(ctx, cx)
	return d, extractive.Name(), err
}

func (p *Planner) terms() Terms {
	if p.Terms != nil {
		return p.Terms
	}
	return analyzerTerms()
}

// analyzerTerms cuts text into terms as the index does; the analyzer is safe for concurrent use.
var analyzerTerms = sync.OnceValue(func() Terms {
	an := retrieval.NewAnalyzer()
	return func(text string) []string {
		ts := an.Terms(text)
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Text
		}
		return out
	}
})

func (p *Planner) maxNeeds() int {
	if p.MaxNeeds > 0 {
		return p.MaxNeeds
	}
	return 5
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// fill puts the most relevant of the situation search's passages in the context: first, in
// turn, the best passages of each need (so that every need brings its doctrine), then the best
// of the rest for the case; each passage keeps the need it bears on most.
func (p *Planner) fill(ctx context.Context, orgID string, scored []scoredHit, needs []Detected, cx *Context) error {
	perNeed, maxPassages := p.PerQuery, p.maxPassages()
	if perNeed == 0 {
		perNeed = 3
	}
	byCase := make([]int, len(scored))
	for i := range byCase {
		byCase[i] = i
	}
	sort.SliceStable(byCase, func(a, b int) bool { return scored[byCase[a]].score > scored[byCase[b]].score })
	var picked []int
	taken := map[int]bool{}
	for i, n := range needs {
		if i == p.maxNeeds() {
			break
		}
		var own []int
		for _, j := range byCase {
			if scored[j].need == n.Code {
				own = append(own, j)
			}
		}
		sort.SliceStable(own, func(a, b int) bool { return scored[own[a]].needScore > scored[own[b]].needScore })
		for _, j := range own[:min(perNeed, len(own))] {
			if !taken[j] && len(picked) < maxPassages {
				taken[j] = true
				picked = append(picked, j)
			}
		}
	}
	for _, j := range byCase {
		if !taken[j] && len(picked) < maxPassages {
			taken[j] = true
			picked = append(picked, j)
		}
	}
	sort.SliceStable(picked, func(a, b int) bool { return scored[picked[a]].score > scored[picked[b]].score })

	guides := map[string]socle.Guide{}
	sections := map[string]socle.Section{}
	for _, j := range picked {
		h := scored[j].hit
		g, ok := guides[h.GuideID]
		if !ok {
			var err error
			if g, err = p.Store.Guide(ctx, orgID, h.GuideID); err != nil {
				return fmt.Errorf("plan: guide of a hit: %w", err)
			}
			guides[h.GuideID] = g
		}
		skey := h.VersionID + "/" + h.SectionID
		sec, ok := sections[skey]
		if !ok {
			var err error
			if sec, err = p.Store.Section(ctx, orgID, h.VersionID, h.SectionID); err != nil {
				return fmt.Errorf("plan: section of a hit: %w", err)
			}
			sections[skey] = sec
		}
		s := &scored[j]
		rank := s.ranks[s.need]
		if rank == 0 {
			rank = s.ranks[""]
		}
		cx.Passages = append(cx.Passages, Passage{
			ID: passageID(len(cx.Passages)), GuideID: g.ID, GuideSlug: g.Slug, GuideTitle: g.Title, VersionID: h.VersionID,
			VersionN: h.VersionN, Section: sec, Span: h.Span, Need: s.need, Rank: len(cx.Passages) + 1, QueryRank: max(rank, 1),
			Score: s.score, NeedScore: s.needScore, NeedScores: s.needScores,
		})
	}
	return nil
}

// catalogRead is what catalogServices read, handed over from the goroutine that read it.
type catalogRead struct {
	docs []serviceDoc
	err  error
}

// serviceRanking is what matchServices returned, handed over from the goroutine that ran it.
type serviceRanking struct {
	matches  []ServiceMatch
	idf      func(string) float64
	panicked any
}

// catalogServices returns the services of the organization's published catalogs. It lists
// the catalog guides, then their versions, rather than every published version: an
// organization has a few catalogs and may have thousands of guides, and reading every
// version's record was a fifth of a plan's time on the service-public corpus.
func (p *Planner) catalogServices(ctx context.Context, orgID string) ([]serviceDoc, error) {
	guides, err := p.Store.Guides(ctx, orgID, socle.GuideFilter{Kind: socle.KindCatalog})
	if err != nil {
		return nil, err
	}
	var out []serviceDoc
	for _, g := range guides {
		versions, err := p.Store.Versions(ctx, orgID, g.ID)
		if err != nil {
			return nil, err
		}
		for _, v := range versions {
			if v.State != socle.StatePublished || v.Services == 0 {
				continue
			}
			svcs, err := p.versionServices(ctx, orgID, v.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, svcs...)
		}
	}
	return out, nil
}

// versionServices reads and analyzes a catalog version's services once: versions never change.
func (p *Planner) versionServices(ctx context.Context, orgID, versionID string) ([]serviceDoc, error) {
	key := orgID + "/" + versionID
	p.servicesMu.Lock()
	cached, ok := p.services[key]
	p.servicesMu.Unlock()
	if ok {
		return cached, nil
	}
	svcs, err := p.Store.Services(ctx, orgID, versionID)
	if err != nil {
		return nil, err
	}
	terms := p.terms()
	docs := make([]serviceDoc, len(svcs))
	for i, s := range svcs {
		docs[i] = newServiceDoc(terms, s)
	}
	p.servicesMu.Lock()
	defer p.servicesMu.Unlock()
	if p.services == nil || len(p.services) > 256 {
		p.services = map[string][]serviceDoc{} // a crude bound: catalogs are few
	}
	p.services[key] = docs
	return docs, nil
}

func planTitle(needs []Detected) string {
	var labels []string
	for i, n := range needs {
		if i == 3 {
			break
		}
		labels = append(labels, n.Label)
	}
	if len(labels) == 0 {
		return "Plan d'action"
	}
	return "Plan d'action : " + strings.Join(labels, ", ")
}
