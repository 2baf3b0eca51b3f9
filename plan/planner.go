package plan

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan/pseudonym"
	"github.com/socle-project/socle/retrieval"
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
	PerQuery      int       // passages asked of each query; 0: 8
	MaxNeeds      int       // needs that get a query of their own; 0: 5
	Log           *slog.Logger

	termsOnce    sync.Once
	defaultTerms Terms
	servicesMu   sync.Mutex
	services     map[string][]serviceDoc // by catalog version: versions are immutable
}

// Result is a plan with what led to it.
type Result struct {
	Plan     socle.Plan
	Needs    []Detected
	Services []ServiceMatch // services relevant to the case that no step took
	Queries  []string
	Fallback string // why the extractive generator stood in for the configured one
	Context  *Context
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
func (p *Planner) Plan(ctx context.Context, orgID string, c Case) (*Result, error) {
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
	if facts.Age == 0 {
		facts.Age = ageInText(masked) // for eligibility; 0 if the text does not say
	}
	res.Needs = DetectNeeds(Needs(), masked, facts.Needs)
	res.Queries = queries(masked, res.Needs, p.maxNeeds())

	cx := &Context{Situation: masked, Facts: facts, Needs: res.Needs}
	if err := p.retrieve(ctx, orgID, res.Queries, res.Needs, cx); err != nil {
		return nil, err
	}
	docs, err := p.catalogServices(ctx, orgID)
	if err != nil {
		return nil, err
	}
	docs = eligible(docs, facts)
	for _, d := range docs {
		cx.Services = append(cx.Services, d.svc)
	}
	res.Context = cx

	draft, name, err := p.generate(ctx, cx, res)
	if err != nil {
		return nil, err
	}
	minSupport := p.MinSupport
	if minSupport == 0 {
		minSupport = DefaultMinSupport
	}
	steps, notCovered := verify(cx, draft, terms, minSupport)
	matches, idf := matchServices(terms, docs, masked, res.Needs)
	res.Services = attachServices(terms, idf, steps, matches)
	res.Plan = socle.Plan{
		OrgID: orgID, CaseDigest: masked, Steps: steps, NotCovered: notCovered, Generator: name,
		Title: planTitle(res.Needs),
	}
	return res, nil
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
	p.termsOnce.Do(func() {
		an := retrieval.NewAnalyzer() // safe for concurrent use
		p.defaultTerms = func(text string) []string {
			ts := an.Terms(text)
			out := make([]string, len(ts))
			for i, t := range ts {
				out[i] = t.Text
			}
			return out
		}
	})
	return p.defaultTerms
}

func (p *Planner) maxNeeds() int {
	if p.MaxNeeds > 0 {
		return p.MaxNeeds
	}
	return 5
}

// queries draws the searches of a case: one per main need, made of the situation's own
// sentences that revealed it and the need's name (the need's doctrine words when the facts
// stated it without a sentence), and one with the situation itself.
func queries(masked string, needs []Detected, maxNeeds int) []string {
	var out []string
	for i, n := range needs {
		if i == maxNeeds {
			break
		}
		q := n.Label + " " + strings.Join(n.Sentences, " ")
		if len(n.Sentences) == 0 {
			q = n.Query
		}
		out = append(out, truncate(pseudonym.RemovePlaceholders(q), 1500))
	}
	// Placeholders are taken out: "[PERSONNE_1]" would match the word "personne".
	return append(out, truncate(pseudonym.RemovePlaceholders(masked), 1500))
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

// retrieve runs the queries and fills the context with their passages, taken in turn from each
// query's ranking (first hits of every query, then second hits…), so that every need brings its
// doctrine.
func (p *Planner) retrieve(ctx context.Context, orgID string, qs []string, needs []Detected, cx *Context) error {
	perQuery, maxPassages := p.PerQuery, p.MaxPassages
	if perQuery == 0 {
		perQuery = 8
	}
	if maxPassages == 0 {
		maxPassages = 24
	}
	results := make([][]retrieval.Hit, len(qs))
	for i, q := range qs {
		r, err := p.Search.Search(ctx, orgID, retrieval.Query{Text: q, Mode: retrieval.ModeHybrid,
			Kinds: []socle.GuideKind{socle.KindMethodology}, Limit: perQuery})
		if err != nil {
			return fmt.Errorf("plan: search: %w", err)
		}
		results[i] = strongHits(r.Hits)
	}
	seen := map[string]bool{}
	guides := map[string]socle.Guide{}
	sections := map[string]socle.Section{}
	for rank := 0; rank < perQuery && len(cx.Passages) < maxPassages; rank++ {
		for qi, hits := range results {
			if rank >= len(hits) || len(cx.Passages) >= maxPassages {
				continue
			}
			h := hits[rank]
			if seen[h.Key()] {
				continue
			}
			seen[h.Key()] = true
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
			need := ""
			if qi < len(needs) && qi < p.maxNeeds() {
				need = needs[qi].Code
			}
			cx.Passages = append(cx.Passages, Passage{
				ID: passageID(len(cx.Passages)), GuideID: g.ID, GuideSlug: g.Slug, GuideTitle: g.Title, VersionID: h.VersionID,
				VersionN: h.VersionN, Section: sec, Span: h.Span, Need: need, Rank: len(cx.Passages) + 1, QueryRank: rank + 1,
			})
		}
	}
	return nil
}

// strongHits keeps the hits of a query that score at least half of its best: the tail of a
// long situation's ranking shares words with it, not its subject.
func strongHits(hits []retrieval.Hit) []retrieval.Hit {
	score := func(h retrieval.Hit) float64 {
		if h.BM25Score > 0 {
			return h.BM25Score
		}
		return h.Score
	}
	if len(hits) == 0 {
		return hits
	}
	top := 0.0
	for _, h := range hits {
		top = max(top, score(h))
	}
	out := hits[:0:0]
	for _, h := range hits {
		// A hit the full-text ranking did not find at all is kept on its fused rank only when
		// it comes first (the vector ranking's best).
		if score(h) >= top/2 || h.BM25Rank == 0 && len(out) == 0 {
			out = append(out, h)
		}
	}
	return out
}

// catalogServices returns the services of the organization's published catalogs.
func (p *Planner) catalogServices(ctx context.Context, orgID string) ([]serviceDoc, error) {
	versions, err := p.Store.PublishedVersions(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var out []serviceDoc
	for _, v := range versions {
		if v.Services == 0 {
			continue
		}
		svcs, err := p.versionServices(ctx, orgID, v.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, svcs...)
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

// The person's age as a situation usually gives it: "Madame, 34 ans, …", "âgé de 19 ans",
// "jeune de 19 ans". Ages of others ("deux enfants de 4 et 7 ans") are not taken: only an age
// in the first words, or right after "âgé(e) de".
var (
	ageAtStart = regexp.MustCompile(`^.{0,40}?\b(\d{1,3}) ans\b`)
	agePhrase  = regexp.MustCompile(`\bagee? de (\d{1,3}) ans\b`)
)

func ageInText(s string) int {
	f := fold(s)
	for _, re := range []*regexp.Regexp{agePhrase, ageAtStart} {
		if m := re.FindStringSubmatch(f); m != nil {
			if n := atoi(m[1]); n > 0 && n <= 120 && !strings.Contains(f[:strings.Index(f, m[0])+len(m[0])], "enfant") {
				return n
			}
		}
	}
	return 0
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
