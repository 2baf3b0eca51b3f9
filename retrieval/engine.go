package retrieval

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/socle-project/socle"
)

// Engine searches an organization's passages in the text index, the vector index, or both.
// Its fields are set once, before the first search; the engine is then safe for concurrent
// use. Index upkeep (rebuild, publish) goes through the same engine, see lifecycle.go.
type Engine struct {
	Text     *TextIndex
	Vectors  VectorIndex
	Embedder Embedder
	Glossary Glossary // nil: no acronym expansion
	Fusion   Fusion   // zero fields take defaults
	// Situation tunes the situation mode; the zero value is the default.
	Situation SituationConfig
	// MaskQuery, when set, is applied to a query's text before the embedder reads it: an
	// embedder that is a server outside the process must not receive the names, addresses
	// and numbers a caseworker types or pastes into a search (the planner masks its own
	// queries; a search page's or the API's text arrives as typed). An error stops the
	// search rather than send the text unmasked.
	MaskQuery func(text string) (string, error)

	dir string // where Open found the indexes; holds the state file
	// sharedVectors: the vector index is in the database, shared by every server, and
	// kept by the change feed rather than rebuilt by one server (see Follower).
	sharedVectors bool
}

// Search runs q within the organization orgID, which comes from the caller's identity and
// is required: the engine refuses a search without one (EINVALID), and each index applies
// it inside its own engine, before ranking.
func (e *Engine) Search(ctx context.Context, orgID string, q Query) (res Result, err error) {
	defer func() {
		// bleve can panic on a damaged segment; that is an unusable index, not a crash.
		if r := recover(); r != nil {
			res, err = Result{}, socle.Errorf(socle.EUNAVAILABLE, "search failed inside the index (%v): it may be damaged; rebuild it with socle reindex", r)
		}
	}()
	if strings.TrimSpace(orgID) == "" {
		return Result{}, socle.Errorf(socle.EINVALID, "search has no organization: every search is scoped to the caller's organization")
	}
	if err := q.normalize(); err != nil {
		return Result{}, err
	}
	f := q.filter(orgID)
	exps, err := e.expansions(ctx, orgID, q.Text)
	if err != nil {
		return Result{}, err
	}
	res = Result{Mode: q.Mode}
	for _, x := range exps {
		res.Expanded = append(res.Expanded, x.From+" → "+x.To)
	}
	// Ranking and reading the passages back are two reads: a publication can remove a
	// ranked passage in between. A second pass then sees the new version, so that a
	// search during a publication finds the guide's old text or its new one.
	for attempt := 0; ; attempt++ {
		hits, reading, complete, err := e.search(ctx, f, q, exps)
		if err != nil {
			return Result{}, err
		}
		if complete || attempt == 1 {
			res.Hits, res.Situation = hits, reading
			return res, nil
		}
	}
}

// search ranks and reads the passages back; complete is false when some ranked passage
// could not be read.
func (e *Engine) search(ctx context.Context, f Filter, q Query, exps []Expansion) (hits []Hit, reading *SituationReading, complete bool, err error) {
	var (
		ranked []ranked
		tq     textQuery
	)
	if q.Mode == ModeSituation {
		ranked, tq, reading, err = e.situationRank(ctx, f, q, q.Limit)
	} else {
		ranked, tq, err = e.rank(ctx, f, q.Text, exps, q.Mode, q.Limit)
	}
	if err != nil {
		return nil, nil, false, err
	}
	keys := make([]string, len(ranked))
	for i, r := range ranked {
		keys[i] = r.Key
	}
	docs, err := e.Text.load(ctx, f, keys, tq, !q.NoFragments)
	if err != nil {
		return nil, nil, false, err
	}
	hits = make([]Hit, 0, len(ranked))
	for _, r := range ranked {
		d, ok := docs[r.Key]
		if !ok {
			// Removed since it was ranked, or known to the vector index only (an
			// interrupted upkeep, which the next start repairs): not shown.
			continue
		}
		hits = append(hits, Hit{
			Passage: d.Passage, Score: r.Score, Fragments: d.Fragments,
			BM25Rank: r.BM25Rank, VectorRank: r.VectorRank,
			BM25Score: r.BM25Score, VectorScore: r.VectorScore, Need: r.Need, NeedRank: r.NeedRank,
		})
	}
	return hits, reading, len(hits) == len(ranked), nil
}

func (e *Engine) expansions(ctx context.Context, orgID, text string) ([]Expansion, error) {
	if e.Glossary == nil {
		return nil, nil
	}
	entries, err := e.Glossary.Glossary(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("retrieval: read glossary: %w", err)
	}
	return expand(e.Text.analyzer, text, entries), nil
}

// ranked is a passage key and what each ranking made of it.
type ranked struct {
	Key         string
	Score       float64
	BM25Rank    int
	VectorRank  int
	BM25Score   float64
	VectorScore float64
	Need        string // situation mode: the need whose query ranked it best
	NeedRank    int    // and its rank in that query's ranking
}

// rank returns the best n passage keys for the query in the given mode, without reading
// the passages.
func (e *Engine) rank(ctx context.Context, f Filter, text string, exps []Expansion, mode Mode, n int) ([]ranked, textQuery, error) {
	if err := f.validate(); err != nil {
		return nil, textQuery{}, err
	}
	var to []string
	for _, x := range exps {
		to = append(to, x.To)
	}
	tq := e.Text.parseQuery(text, to)
	fusion := e.Fusion.withDefaults()
	switch mode {
	case ModeSituation:
		r, tq, _, err := e.situationRank(ctx, f, Query{Text: text}, n)
		return r, tq, err
	case ModeBM25:
		th, err := e.Text.search(ctx, f, tq, n)
		if err != nil {
			return nil, tq, err
		}
		out := make([]ranked, len(th))
		for i, h := range th {
			out[i] = ranked{Key: h.Key, Score: h.Score, BM25Rank: i + 1, BM25Score: h.Score}
		}
		return out, tq, nil
	case ModeVector:
		vh, err := e.vectorSearch(ctx, f, text, to, n)
		if err != nil {
			return nil, tq, err
		}
		out := make([]ranked, len(vh))
		for i, h := range vh {
			out[i] = ranked{Key: h.Key, Score: h.Score, VectorRank: i + 1, VectorScore: h.Score}
		}
		return out, tq, nil
	}
	depth := max(n, fusion.Depth)
	var (
		th         []textHit
		vh         []VectorHit
		terr, verr error
		wg         sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			// Search's own recover does not reach this goroutine.
			if r := recover(); r != nil {
				terr = socle.Errorf(socle.EUNAVAILABLE, "search failed inside the text index (%v): it may be damaged; rebuild it with socle reindex", r)
			}
		}()
		th, terr = e.Text.search(ctx, f, tq, depth)
	}()
	vh, verr = e.vectorSearch(ctx, f, text, to, depth)
	wg.Wait()
	if terr != nil {
		return nil, tq, terr
	}
	if verr != nil {
		return nil, tq, verr
	}
	tk := make([]string, len(th))
	for i, h := range th {
		tk[i] = h.Key
	}
	vk := make([]string, len(vh))
	for i, h := range vh {
		vk[i] = h.Key
	}
	fused := FuseRRF(fusion.K, Ranking{Weight: fusion.BM25Weight, Keys: tk}, Ranking{Weight: fusion.VectorWeight, Keys: vk})
	out := make([]ranked, 0, min(n, len(fused)))
	for _, x := range fused[:min(n, len(fused))] {
		r := ranked{Key: x.Key, Score: x.Score, BM25Rank: x.Ranks[0], VectorRank: x.Ranks[1]}
		if r.BM25Rank > 0 {
			r.BM25Score = th[r.BM25Rank-1].Score
		}
		if r.VectorRank > 0 {
			r.VectorScore = vh[r.VectorRank-1].Score
		}
		out = append(out, r)
	}
	return out, tq, nil
}

// vectorSearch embeds the query (with its expansions) and searches the vector index.
func (e *Engine) vectorSearch(ctx context.Context, f Filter, text string, expansions []string, k int) ([]VectorHit, error) {
	if e.Vectors == nil || e.Embedder == nil {
		return nil, socle.Errorf(socle.EUNAVAILABLE, "vector search is not configured: no vector index or embedder")
	}
	if len(expansions) > 0 {
		text += " " + strings.Join(expansions, " ; ")
	}
	if e.MaskQuery != nil {
		masked, err := e.MaskQuery(text)
		if err != nil {
			return nil, socle.Errorf(socle.EUNAVAILABLE, "the search text could not be pseudonymized before it goes to the embedding server, so it was not sent: %v", err)
		}
		text = masked
	}
	var v []float32
	if oe, ok := e.Embedder.(OrgEmbedder); ok {
		var err error
		if v, err = oe.EmbedOrgQuery(ctx, f.OrgID, text); err != nil {
			return nil, err
		}
	} else if qe, ok := e.Embedder.(QueryEmbedder); ok {
		stats, done, err := e.Text.termStats()
		if err != nil {
			return nil, err
		}
		v, err = qe.EmbedQuery(ctx, text, stats)
		done()
		if err != nil {
			return nil, err
		}
	} else {
		vs, err := e.Embedder.Embed(ctx, []string{text})
		if err != nil {
			return nil, err
		}
		if len(vs) != 1 {
			return nil, socle.Errorf(socle.EUNAVAILABLE, "embedder %s returned %d vectors for one query", e.Embedder.Model(), len(vs))
		}
		v = vs[0]
	}
	if isZero(v) {
		// Nothing of the query survived embedding (stop words alone): nothing is near it.
		return nil, nil
	}
	hits, err := e.Vectors.Search(ctx, VectorSearch{Filter: f, Model: e.Embedder.Model(), Vector: v, K: k})
	if err != nil {
		return nil, err
	}
	// A passage at a right angle to the query, or beyond, shares nothing with it.
	for i, h := range hits {
		if h.Score <= 0 {
			return hits[:i], nil
		}
	}
	return hits, nil
}

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}
