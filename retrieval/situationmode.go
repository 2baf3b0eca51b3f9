package retrieval

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/retrieval/situation"
)

// ModeSituation reads the query as a caseworker's description of a situation rather than a
// question: the needs it shows are detected (situation.Read: the needs' own words and the
// lexicon's phrasings), each need gets a focused query of its own (the doctrine's notions the
// lexicon read for it, the sentences that revealed it, weighted for a narrative), refined by
// pseudo-relevance feedback, and the needs' rankings are fused with the whole situation's, so
// that every need brings its own doctrine into the first results.
const ModeSituation Mode = "situation"

// SituationConfig tunes the situation mode. The zero value is the tuned default; the No…
// switches take one piece out, for the ablation the evaluation reports.
type SituationConfig struct {
	NoLexicon     bool // no lexicon notions in the queries (the needs are still detected by their own words)
	NoWeighting   bool // the whole situation as typed, no narrative weighting of its words
	NoFeedback    bool // no pseudo-relevance feedback
	NoNeedQueries bool // one query, the whole situation (weighted, expanded), no per-need queries
	NoVectors     bool // full text only, even when the engine has a useful embedder
	NoFacets      bool // one query per need, even when the text asks several things of it
	NoHeadings    bool // the fusion's order as it is, not ordered again by the passages' headings
	MaxNeeds      int  // needs that get a query of their own; 0: 5
	NoDoubt       bool // every need the lexicon reads is searched, even those the needs model doubts
	// NeedModel reads the needs with another model than the one shipped: an evaluation on the
	// situations written for Socle passes one fitted without the set it reads.
	NeedModel *situation.NeedModel
}

// SituationReading is what the situation mode made of a query, returned with its hits so that
// a caller (the planner, the search page) can show it.
type SituationReading struct {
	Needs []situation.Detected
	// Suggested are needs the text may show that were not searched for (situation.Reading).
	Suggested []situation.Detected
	Facts     situation.Facts
	Queries   []SituationQuery // one per need searched, then the whole situation's
	// Ranks gives, for each passage returned (by Key), its 1-based rank in each of Queries'
	// searches (0 where that search did not find it): a passage found by one need's search
	// and by the whole situation's is more surely about the case than one found by a single
	// search, which the planner reads when it chooses its steps.
	Ranks map[string][]int
}

// SituationQuery is one of the situation mode's searches, for display: what it looked for.
type SituationQuery struct {
	Need     string   // need code; "" for the whole situation
	Concepts []string // the lexicon's notions searched as phrases
	Terms    []string // the weightiest words searched (analyzed)
}

// The weights of a need's query: the lexicon's notions as phrases, their words alone, the
// sentences that revealed the need, the need's own doctrine words, feedback words. Tuned on
// the tuning half of the situations development set (docs/retrieval-quality.md).
const (
	wConceptPhrase = 1.0
	wConceptWords  = 0.3
	wGlossary      = 0.4
	wSentence      = 0.6
	wNeedQuery     = 0.25
	wFeedback      = 0.15
	feedbackDocs   = 3
	feedbackTerms  = 10
	situationRRFK  = 10
	wholeWeight    = 1.0
	needDepth      = 60
)

// narrativeStop are words of intake notes that carry no topic: titles, durations, verbs of
// asking. Analyzed forms are compared, so inflections go with them.
var narrativeStop = []string{
	"mme", "madame", "monsieur", "mr", "mlle", "an", "ans", "mois", "semaine", "semaines", "jour", "jours",
	"depuis", "demande", "demander", "voudrait", "veut", "vouloir", "souhaite", "sait", "savoir", "peut",
	"fait", "faire", "plus", "aucun", "aucune", "tres", "encore", "deja", "comment", "quel", "quelle",
	"quelles", "quels", "dernier", "derniere", "prochain", "prochaine", "hier", "aujourd'hui", "vient",
	"venir", "dit", "explique", "inquiete", "peur", "aide", "aider", "besoin", "situation", "cas",
	"suite", "apres", "avant", "tout", "toute", "rien", "personne", "chez", "enf", "environ",
}

// TimeWords say when something happened, which is no topic: "un accident un dimanche" is not
// about Sunday work. They are narrativeStop words, the headings are not read against them, and
// the planner leaves them out of a note's words.
var TimeWords = []string{
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "week-end", "matin", "soir",
	"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
}

// situationRank ranks passages for a situation: its runs fused, then the first passages
// ordered again by their headings (headings.go).
func (e *Engine) situationRank(ctx context.Context, f Filter, q Query, n int) ([]ranked, textQuery, *SituationReading, error) {
	s, err := e.situationFuse(ctx, f, q, n)
	if err != nil {
		return nil, textQuery{}, nil, err
	}
	fused := s.fused
	// The heading model was fitted on notes whose needs were read; a text in which no need is
	// read (a question about something else) keeps the fusion's order.
	if !e.Situation.NoHeadings && len(s.reading.Needs) > 0 {
		if fused, err = e.byHeadings(ctx, f, fused, e.wordsOf(q.Text, s.queries)); err != nil {
			return nil, textQuery{}, nil, err
		}
	}
	reading := s.reading
	out := make([]ranked, 0, min(n, len(fused)))
	reading.Ranks = make(map[string][]int, min(n, len(fused)))
	for _, x := range fused[:min(n, len(fused))] {
		rk := ranked{Key: x.Key, Score: x.Score}
		reading.Ranks[x.Key] = x.Ranks
		best := 0.0
		for i, r := range x.Ranks {
			if r == 0 {
				continue
			}
			if c := s.rankings[i].Weight / (situationRRFK + float64(r)); c > best {
				best, rk.Need, rk.NeedRank = c, s.needs[i], r
			}
		}
		out = append(out, rk)
	}
	return out, s.union, reading, nil
}

// situationFusion is what the situation mode's runs make of a situation, fused.
type situationFusion struct {
	fused    []Fused
	rankings []Ranking
	needs    []string    // each run's need, "" for the whole situation's
	queries  []textQuery // each run's query, before feedback
	union    textQuery   // every run's words, after feedback: what a passage's fragments mark
	reading  *SituationReading
}

// situationFuse reads the situation, runs its queries and fuses their rankings.
func (e *Engine) situationFuse(ctx context.Context, f Filter, q Query, n int) (*situationFusion, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	cfg := e.Situation
	lex := situation.Default()
	if cfg.NoLexicon {
		lex = &situation.Lexicon{}
	} else if e.Glossary != nil {
		entries, err := e.Glossary.Glossary(ctx, f.OrgID)
		if err != nil {
			return nil, err
		}
		if len(entries) > 0 {
			lex = lex.WithGlossary(entries)
		}
	}
	r := situation.Read(q.Text, situation.Options{Lexicon: lex, Stated: q.Needs, Removed: q.WithoutNeeds, Year: time.Now().Year(),
		NeedModel: cfg.NeedModel, KeepDoubted: cfg.NoDoubt})
	reading := &SituationReading{Needs: r.Needs, Suggested: r.Suggested, Facts: r.Facts}
	stats, done, err := e.Text.termStats()
	if err != nil {
		return nil, err
	}
	defer done()
	stop := e.narrativeStop()
	maxNeeds := cfg.MaxNeeds
	if maxNeeds <= 0 {
		maxNeeds = 5
	}
	depth := max(n, needDepth)

	// The whole situation: its words weighted for a narrative, and every notion the lexicon read.
	var general []string
	for _, m := range r.Matches {
		general = appendDistinct(general, m.Concepts...)
	}
	whole := e.narrativeQuery(q.Text, stats, stop, !cfg.NoWeighting, 1)
	e.addConcepts(&whole, general, 0.5)
	type needRun struct {
		need string
		tq   textQuery
	}
	runs := []needRun{}
	if !cfg.NoNeedQueries {
		for i, d := range r.Needs {
			if i == maxNeeds {
				break
			}
			if len(d.Facets) > 1 && !cfg.NoFacets {
				// A need the text asks several things of gets one query per ask, so that
				// the doctrine of the ask with fewer notions is not drowned by the other's.
				for _, fc := range d.Facets {
					tq := e.narrativeQuery(strings.Join(fc.Sentences, " "), stats, stop, !cfg.NoWeighting, wSentence)
					e.addConcepts(&tq, fc.Concepts, wConceptPhrase)
					e.addConcepts(&tq, d.Glossary, wGlossary)
					e.addTerms(&tq, d.Query, wNeedQuery)
					runs = append(runs, needRun{need: d.Code, tq: tq})
				}
				continue
			}
			tq := e.narrativeQuery(strings.Join(d.Sentences, " "), stats, stop, !cfg.NoWeighting, wSentence)
			e.addConcepts(&tq, d.Concepts, wConceptPhrase)
			e.addConcepts(&tq, d.Glossary, wGlossary)
			e.addTerms(&tq, d.Query, wNeedQuery)
			if len(d.Sentences) == 0 && len(d.Concepts) == 0 {
				e.addTerms(&tq, d.Query, 1) // a need stated without words in the text
			}
			runs = append(runs, needRun{need: d.Code, tq: tq})
		}
	}
	runs = append(runs, needRun{need: "", tq: whole})

	// The runs are independent (each its own feedback search, then its own ranking): they
	// go side by side, which is most of a plan's latency on a machine with a core to spare,
	// and are read back in order, so the fusion sees the same rankings as one after another.
	type runResult struct {
		tq   textQuery
		keys []string
		err  error
	}
	results := make([]runResult, len(runs))
	var wg sync.WaitGroup
	for i, run := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				// Search's own recover does not reach this goroutine.
				if r := recover(); r != nil {
					results[i].err = socle.Errorf(socle.EUNAVAILABLE, "search failed inside the text index (%v): it may be damaged; rebuild it with socle reindex", r)
				}
			}()
			tq, err := run.tq, error(nil)
			if !cfg.NoFeedback {
				if tq, err = e.feedback(ctx, f, tq, stats, stop); err != nil {
					results[i].err = err
					return
				}
			}
			keys, err := e.situationRun(ctx, f, tq, depth, cfg.NoVectors)
			results[i] = runResult{tq: tq, keys: keys, err: err}
		}()
	}
	wg.Wait()
	fu := &situationFusion{reading: reading}
	for i, run := range runs {
		tq, keys := results[i].tq, results[i].keys
		if err := results[i].err; err != nil {
			return nil, err
		}
		w := 1.0
		if run.need == "" {
			w = wholeWeight
		}
		fu.rankings = append(fu.rankings, Ranking{Weight: w, Keys: keys})
		fu.needs = append(fu.needs, run.need)
		fu.queries = append(fu.queries, run.tq)
		reading.Queries = append(reading.Queries, SituationQuery{Need: run.need, Concepts: phraseTexts(run.tq), Terms: topTerms(run.tq, 12)})
		fu.union.terms = append(fu.union.terms, tq.terms...)
		fu.union.weights = append(fu.union.weights, tq.weights...)
		fu.union.phrases = append(fu.union.phrases, tq.phrases...)
	}
	fu.fused = FuseRRF(situationRRFK, fu.rankings...)
	return fu, nil
}

// situationRun ranks one of the situation's queries: full text, fused with vectors when the
// engine's embedder earns a vote.
func (e *Engine) situationRun(ctx context.Context, f Filter, tq textQuery, depth int, noVectors bool) ([]string, error) {
	th, err := e.Text.search(ctx, f, tq, depth)
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(th))
	for i, h := range th {
		keys[i] = h.Key
	}
	if noVectors || e.Vectors == nil || e.Embedder == nil {
		return keys, nil
	}
	if _, hashing := e.Embedder.(*HashingEmbedder); hashing {
		return keys, nil // a lexical ranker below BM25 adds nothing here (docs/retrieval-quality.md)
	}
	vh, err := e.vectorSearch(ctx, f, queryText(tq), nil, depth)
	if err != nil {
		return nil, err
	}
	vk := make([]string, len(vh))
	for i, h := range vh {
		vk[i] = h.Key
	}
	fu := e.Fusion.withDefaults()
	fused := FuseRRF(fu.K, Ranking{Weight: fu.BM25Weight, Keys: keys}, Ranking{Weight: fu.VectorWeight, Keys: vk})
	out := make([]string, 0, min(depth, len(fused)))
	for _, x := range fused[:min(depth, len(fused))] {
		out = append(out, x.Key)
	}
	return out, nil
}

// queryText writes a weighted query back as text for an embedder: phrases, then the terms
// weighted at least 0.5.
func queryText(tq textQuery) string {
	var parts []string
	for _, p := range tq.phrases {
		parts = append(parts, strings.Join(p, " "))
	}
	for i, t := range tq.terms {
		if tq.weights[i] >= 0.5 {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

func (e *Engine) narrativeStop() map[string]bool {
	m := map[string]bool{}
	for _, w := range append(slices.Clip(narrativeStop), TimeWords...) {
		for _, t := range e.Text.analyzer.Terms(w) {
			m[t.Text] = true
		}
	}
	return m
}

// narrativeQuery analyzes a narrative text into weighted terms. With weighting, words that
// carry no topic (narrativeStop, numbers) are dropped and each remaining word is weighed by
// its rarity among passages relative to the text's rarest, so that "loyer" and "commandement"
// lead and "semaine" or "enfant" follow; without, every word counts as typed.
func (e *Engine) narrativeQuery(text string, stats TermStats, stop map[string]bool, weighting bool, scale float64) textQuery {
	var q textQuery
	seen := map[string]int{}
	for _, t := range e.Text.analyzer.Terms(text) {
		if weighting && (stop[t.Text] || isNumber(t.Text) || len(t.Text) < 2) {
			continue
		}
		if i, ok := seen[t.Text]; ok {
			q.weights[i] += scale * 0.5
			continue
		}
		seen[t.Text] = len(q.terms)
		q.terms = append(q.terms, t.Text)
		q.weights = append(q.weights, scale)
	}
	if !weighting || len(q.terms) == 0 {
		return q
	}
	idfs := make([]float64, len(q.terms))
	top := 0.0
	for i, t := range q.terms {
		idfs[i] = idf(stats, t)
		top = math.Max(top, idfs[i])
	}
	for i := range q.terms {
		// Square of the relative rarity: a long text's common words fade, its distinctive
		// ones keep their full weight.
		r := idfs[i] / top
		q.weights[i] *= r * r
	}
	return q
}

func isNumber(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// addConcepts adds notions as phrases of weight w, and their words at a fraction of it.
func (e *Engine) addConcepts(q *textQuery, concepts []string, w float64) {
	for _, c := range concepts {
		ts := e.Text.analyzer.Terms(c)
		if len(ts) == 0 {
			continue
		}
		if len(ts) == 1 {
			addTerm(q, ts[0].Text, w)
			continue
		}
		q.phrases = append(q.phrases, phraseTerms(ts))
		for len(q.phraseWeights) < len(q.phrases)-1 {
			q.phraseWeights = append(q.phraseWeights, expansionWeight)
		}
		q.phraseWeights = append(q.phraseWeights, w)
		for _, t := range ts {
			addTerm(q, t.Text, w*wConceptWords)
		}
	}
}

// addTerms adds a text's words at weight w.
func (e *Engine) addTerms(q *textQuery, text string, w float64) {
	for _, t := range e.Text.analyzer.Terms(text) {
		addTerm(q, t.Text, w)
	}
}

// addTerm adds a term, or raises its weight to w when it is there with less.
func addTerm(q *textQuery, term string, w float64) {
	for i, t := range q.terms {
		if t == term {
			q.weights[i] = math.Max(q.weights[i], w)
			return
		}
	}
	q.terms = append(q.terms, term)
	q.weights = append(q.weights, w)
}

// feedback is pseudo-relevance feedback (RM3-like): the query's best passages lend it their
// most distinctive words, weighted low, so that a situation told in everyday words reaches
// passages that use the doctrine's.
func (e *Engine) feedback(ctx context.Context, f Filter, q textQuery, stats TermStats, stop map[string]bool) (textQuery, error) {
	th, err := e.Text.search(ctx, f, q, feedbackDocs)
	if err != nil || len(th) == 0 {
		return q, err
	}
	keys := make([]string, len(th))
	for i, h := range th {
		keys[i] = h.Key
	}
	docs, err := e.Text.load(ctx, f, keys, textQuery{}, false)
	if err != nil {
		return q, err
	}
	in := map[string]bool{}
	for _, t := range q.terms {
		in[t] = true
	}
	score := map[string]float64{}
	for rank, k := range keys {
		d, ok := docs[k]
		if !ok {
			continue
		}
		tf := map[string]int{}
		terms := e.Text.analyzer.Terms(d.Passage.indexedHeading() + "\n" + d.Passage.Text)
		for _, t := range terms {
			tf[t.Text]++
		}
		for t, c := range tf {
			if in[t] || stop[t] || isNumber(t) || len(t) < 3 {
				continue
			}
			// A passage's weight falls with its rank; a word's with how common it is.
			score[t] += float64(c) / float64(len(terms)) * idf(stats, t) / float64(rank+1)
		}
	}
	type ts struct {
		t string
		s float64
	}
	var cands []ts
	for t, s := range score {
		cands = append(cands, ts{t, s})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].s != cands[j].s {
			return cands[i].s > cands[j].s
		}
		return cands[i].t < cands[j].t
	})
	out := textQuery{terms: append([]string(nil), q.terms...), weights: append([]float64(nil), q.weights...),
		phrases: q.phrases, phraseWeights: q.phraseWeights}
	for i, c := range cands {
		if i == feedbackTerms {
			break
		}
		out.terms = append(out.terms, c.t)
		out.weights = append(out.weights, wFeedback)
	}
	return out, nil
}

func appendDistinct(list []string, xs ...string) []string {
	seen := map[string]bool{}
	for _, x := range list {
		seen[x] = true
	}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			list = append(list, x)
		}
	}
	return list
}

func phraseTexts(q textQuery) []string {
	out := make([]string, 0, len(q.phrases))
	for _, p := range q.phrases {
		out = append(out, strings.TrimSpace(strings.Join(p, " ")))
	}
	return out
}

// topTerms returns the n weightiest terms of a query.
func topTerms(q textQuery, n int) []string {
	idx := make([]int, len(q.terms))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return q.weights[idx[a]] > q.weights[idx[b]] })
	out := make([]string, 0, n)
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, q.terms[i])
	}
	return out
}

// TermIDF returns the inverse document frequency, among the index's passages, of analyzed
// terms (as the analyzer gives them: folded, stemmed), for a caller that weighs words the way
// the index does: the planner, which reads how much of a passage's headings a situation names.
func (e *Engine) TermIDF(terms []string) (map[string]float64, error) {
	stats, done, err := e.Text.termStats()
	if err != nil {
		return nil, err
	}
	defer done()
	out := make(map[string]float64, len(terms))
	for _, t := range terms {
		if _, ok := out[t]; !ok {
			out[t] = idf(stats, t)
		}
	}
	return out, nil
}
