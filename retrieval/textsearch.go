package retrieval

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/socle-project/socle"
)

// textQuery is an analyzed query: its distinct terms, weighted by how often the query says
// them, and phrases that must match in order (glossary expansions).
type textQuery struct {
	terms   []string
	weights []float64
	phrases [][]string // analyzed terms, "" where a stop word was
	// phraseWeights weigh the phrases; nil means expansionWeight for each.
	phraseWeights []float64
}

func (q *textQuery) empty() bool { return len(q.terms) == 0 && len(q.phrases) == 0 }

// parseQuery analyzes the text of a query and its expansions.
func (t *TextIndex) parseQuery(text string, expansions []string) textQuery {
	var q textQuery
	seen := map[string]int{}
	for _, term := range t.analyzer.Terms(text) {
		if i, ok := seen[term.Text]; ok {
			q.weights[i]++
			continue
		}
		seen[term.Text] = len(q.terms)
		q.terms = append(q.terms, term.Text)
		q.weights = append(q.weights, 1)
	}
	for _, e := range expansions {
		if p := phraseTerms(t.analyzer.Terms(e)); len(p) > 0 {
			q.phrases = append(q.phrases, p)
		}
	}
	return q
}

// phraseTerms lays analyzed terms out by position, with "" for the gaps stop words left.
func phraseTerms(terms []Term) []string {
	if len(terms) == 0 {
		return nil
	}
	first := terms[0].Position
	out := make([]string, terms[len(terms)-1].Position-first+1)
	for _, t := range terms {
		out[t.Position-first] = t.Text
	}
	return out
}

// expansionWeight weighs a glossary expansion against the words the user typed: the phrase
// names the same thing as the acronym, so a passage that spells it out ranks like one that
// uses the acronym.
const expansionWeight = 1.0

// bleveQuery turns an analyzed query into a BM25F query over body and heading.
func (t *TextIndex) bleveQuery(q textQuery) *bm25Query {
	clauses := make([]bm25Clause, 0, len(q.terms)+len(q.phrases))
	for i, term := range q.terms {
		clauses = append(clauses, bm25Clause{terms: []string{term}, weight: q.weights[i]})
	}
	for i, p := range q.phrases {
		w := expansionWeight
		if i < len(q.phraseWeights) {
			w = q.phraseWeights[i]
		}
		clauses = append(clauses, bm25Clause{terms: p, weight: w})
	}
	return &bm25Query{clauses: clauses, params: t.Params}
}

// textHit is a passage key with its BM25 score.
type textHit struct {
	Key   string
	Score float64
}

// search returns the best size passages for q within the filter, best first.
func (t *TextIndex) search(ctx context.Context, f Filter, q textQuery, size int) ([]textHit, error) {
	if q.empty() {
		return nil, nil
	}
	filter, err := filterQuery(f)
	if err != nil {
		return nil, err
	}
	// A few more than asked: passages tied at the cut (the same paragraph in the Caf's and the
	// MSA's variant of a fiche) are then cut by key below, not by the engine's internal order,
	// so that the same query keeps the same last passages on every build of the index.
	fetch := size + tieMargin
	bq := t.bleveQuery(q)
	bq.filter, bq.topN = filter, fetch
	req := bleve.NewSearchRequestOptions(bq, fetch, 0, false)
	res, err := t.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("retrieval: text search: %w", err)
	}
	out := make([]textHit, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = textHit{Key: h.ID, Score: h.Score}
	}
	// Ties go by key, not by the engine's internal document number: that number follows the
	// order the index was built in, which differs between two servers' replicas, or before and
	// after a rebuild, and the same query must give the same ranking on each.
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].Key < out[b].Key
	})
	return out[:min(len(out), size)], nil
}

// tieMargin is how many passages beyond those asked a text search reads, to cut ties by key.
const tieMargin = 32

// loaded is a passage read back from the index, with its highlighted fragments.
type loaded struct {
	Passage   Passage
	Fragments []string
}

// load reads the passages with the given keys, within the filter, and, if mark, marks q's
// words in them (Fragments). A key outside the filter is not returned: the filter is applied
// here too, so that a vector index that ignored it could still not leak another
// organization's text.
func (t *TextIndex) load(ctx context.Context, f Filter, keys []string, q textQuery, mark bool) (map[string]loaded, error) {
	if len(keys) == 0 {
		return map[string]loaded{}, nil
	}
	b := query.NewBooleanQuery(nil, nil, nil)
	b.AddMust(query.NewDocIDQuery(keys))
	if mark && !q.empty() {
		// Optional: it only lets the highlighter see which words matched.
		b.AddShould(t.bleveQuery(q))
	}
	fq, err := filtered(f, b)
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(fq, len(keys), 0, false)
	req.Fields = []string{fieldMeta, fieldBody}
	if mark {
		req.Highlight = bleve.NewHighlightWithStyle("html")
		req.Highlight.Fields = []string{fieldBody}
	}
	res, err := t.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("retrieval: load passages: %w", err)
	}
	out := make(map[string]loaded, len(res.Hits))
	for _, h := range res.Hits {
		metaJSON, _ := h.Fields[fieldMeta].(string)
		body, _ := h.Fields[fieldBody].(string)
		var m passageMeta
		if err := json.Unmarshal([]byte(metaJSON), &m); err != nil {
			return nil, fmt.Errorf("retrieval: passage %q: stored metadata: %w", h.ID, err)
		}
		out[h.ID] = loaded{
			Passage: Passage{
				OrgID: m.OrgID, GuideID: m.GuideID, Kind: socle.GuideKind(m.Kind),
				VersionID: m.VersionID, VersionN: m.VersionN, State: socle.VersionState(m.State),
				SectionID: m.SectionID, Ordinal: m.Ordinal, Index: m.Index,
				Span: socle.Span{Start: m.Start, End: m.End}, Path: m.Path,
				PageStart: m.PageStart, PageEnd: m.PageEnd, Text: body,
			},
			Fragments: h.Fragments[fieldBody],
		}
	}
	return out, nil
}

// readerStats answers document frequencies from one snapshot of the text index.
type readerStats struct {
	r index.IndexReader
	n int
}

func (s *readerStats) DocFreq(term string) (int, int) {
	tfr, err := s.r.TermFieldReader(context.Background(), []byte(term), fieldBody, false, false, false)
	if err != nil {
		return 0, s.n
	}
	defer tfr.Close()
	return int(tfr.Count()), s.n
}

// termStats returns the text index's term statistics and a function to release them.
func (t *TextIndex) termStats() (TermStats, func(), error) {
	adv, err := t.idx.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("retrieval: term statistics: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("retrieval: term statistics: %w", err)
	}
	n, err := r.DocCount()
	if err != nil {
		_ = r.Close()
		return nil, nil, fmt.Errorf("retrieval: term statistics: %w", err)
	}
	return &readerStats{r: r, n: int(n)}, func() { _ = r.Close() }, nil
}
