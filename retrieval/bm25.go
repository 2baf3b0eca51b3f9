package retrieval

import (
	"bytes"
	"container/heap"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Why our own BM25: bleve 2.6 has a "bm25" scoring model, but it takes the field's
// vocabulary size over the document count as the average document length, squares the IDF
// (once in the term score, once in the query weight), uses √tf, and multiplies by a
// coordination factor. On spf-qr with distractors it reached nDCG@10 0.49 where textbook
// BM25 reaches 0.77. So bleve keeps the postings, the filters, the collector and the
// highlighter, and this file scores: BM25F (Robertson, Zaragoza) over the body and heading
// fields, with average lengths kept by the text index itself.

// BM25Params are the constants of BM25F.
type BM25Params struct {
	K1           float64 // term frequency saturation; 0 means 1.2
	BodyB        float64 // length normalization of the body; 0 means 0.6
	HeadingB     float64 // length normalization of the heading path; 0 means 0.5
	HeadingBoost float64 // weight of a heading occurrence against a body one; 0 means 2
}

func (p BM25Params) withDefaults() BM25Params {
	if p.K1 <= 0 {
		p.K1 = 1.2
	}
	if p.BodyB <= 0 {
		p.BodyB = 0.6
	}
	if p.HeadingB <= 0 {
		p.HeadingB = 0.5
	}
	if p.HeadingBoost <= 0 {
		p.HeadingBoost = 2
	}
	return p
}

// internalLengths is the key of the index's field length totals.
var internalLengths = []byte("socle.lengths")

// fieldLengths are the totals BM25 needs for average lengths. The text index updates them
// in the same batch as the documents, so they match what a reader sees.
type fieldLengths struct {
	Docs        int64 `json:"docs"`
	Body        int64 `json:"body"`
	Heading     int64 `json:"heading"`
	HeadingDocs int64 `json:"heading_docs"`
}

func (l *fieldLengths) add(body, heading int, sign int64) {
	l.Docs += sign
	l.Body += sign * int64(body)
	if heading > 0 {
		l.HeadingDocs += sign
		l.Heading += sign * int64(heading)
	}
}

func readLengths(get func([]byte) ([]byte, error)) (fieldLengths, error) {
	var l fieldLengths
	b, err := get(internalLengths)
	if err != nil || len(b) == 0 {
		return l, err
	}
	return l, json.Unmarshal(b, &l)
}

// bm25Clause is one thing the query looks for: a term, or a phrase of terms with "" for the
// stop words it skips. A phrase counts as many occurrences as it has full matches.
type bm25Clause struct {
	terms  []string
	weight float64
}

// bm25Query is a bleve query that scores with BM25F. It implements bleve's query.Query, so
// bleve's collector and highlighter work on it. It applies its filter itself, before
// scoring, and when told how many hits are wanted it skips the documents that cannot make
// it (MaxScore, Turtle and Flood 1995): for a question of common words over 10^5 passages
// this leaves most postings unscored.
type bm25Query struct {
	clauses []bm25Clause
	params  BM25Params
	filter  query.Query // nil: no filter
	topN    int         // 0: score every matching document
}

var bm25Fields = [...]string{fieldBody, fieldHeading}

// cursor walks the postings of one term in one field.
type cursor struct {
	tfr    index.TermFieldReader
	doc    *index.TermFieldDoc // current posting; nil when exhausted
	buf    index.TermFieldDoc
	key    uint64 // doc's id as a number (docKey), when doc is not nil
	clause int
	field  int // index into bm25Fields
	word   int // position of the term in its clause
}

// docKey turns an index-internal document id into a number of the same order. The walk
// compares ids for every cursor at every candidate document; as numbers that costs nothing.
// The text index is scorch, whose internal ids are 8-byte big-endian document numbers: any
// other id is a damaged or foreign index, which Search reports as such.
func docKey(id []byte) uint64 {
	if len(id) != 8 {
		panic(fmt.Sprintf("bm25: a document id of %d bytes, not a scorch document number", len(id)))
	}
	return binary.BigEndian.Uint64(id)
}

// next moves the cursor to its next posting.
func (c *cursor) next() error {
	var err error
	c.doc, err = c.tfr.Next(&c.buf)
	if c.doc != nil {
		c.key = docKey(c.doc.ID)
	}
	return err
}

// advance moves the cursor to its first posting at or after id (whose key is key).
func (c *cursor) advance(id []byte, key uint64) error {
	if c.doc == nil || c.key >= key {
		return nil
	}
	var err error
	c.doc, err = c.tfr.Advance(id, &c.buf)
	if c.doc != nil {
		c.key = docKey(c.doc.ID)
	}
	return err
}

func (c *cursor) at(key uint64) bool { return c.doc != nil && c.key == key }

type bm25Searcher struct {
	cursors []*cursor
	clauses []bm25Clause
	idf     []float64
	ub      []float64 // the most a clause can add to a score
	k1      float64
	b       [len(bm25Fields)]float64
	boost   [len(bm25Fields)]float64
	avgLen  [len(bm25Fields)]float64
	vectors bool
	count   uint64

	filter search.Searcher
	fdoc   *search.DocumentMatch // the filter's current document

	// MaxScore state: clauses by increasing upper bound, the best scores returned so far,
	// and which clauses are "essential" (a document must hold one of them to reach the
	// threshold).
	topN      int
	order     []int
	best      scoreHeap
	essential []bool
	counted   []bool // scratch for the bound of one document

	cur  []byte
	key  uint64                     // cur's key
	here []*cursor                  // the cursors on cur, in cursor order (see gather)
	at   []*cursor                  // scratch of phraseFreq
	tf   [][len(bm25Fields)]float64 // scratch, reused across documents
}

func (q *bm25Query) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	p := q.params.withDefaults()
	lengths, err := readLengths(r.GetInternal)
	if err != nil {
		return nil, fmt.Errorf("bm25: field lengths: %w", err)
	}
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	s := &bm25Searcher{
		clauses:   q.clauses,
		idf:       make([]float64, len(q.clauses)),
		ub:        make([]float64, len(q.clauses)),
		k1:        p.K1,
		b:         [...]float64{p.BodyB, p.HeadingB},
		boost:     [...]float64{1, p.HeadingBoost},
		avgLen:    [...]float64{avg(lengths.Body, lengths.Docs), avg(lengths.Heading, lengths.HeadingDocs)},
		vectors:   options.IncludeTermVectors,
		tf:        make([][len(bm25Fields)]float64, len(q.clauses)),
		topN:      q.topN,
		essential: make([]bool, len(q.clauses)),
		counted:   make([]bool, len(q.clauses)),
	}
	fail := func(err error) (search.Searcher, error) {
		_ = s.Close()
		return nil, err
	}
	if q.filter != nil {
		s.filter, err = q.filter.Searcher(ctx, r, m, search.SearcherOptions{Score: "none"})
		if err != nil {
			return fail(err)
		}
	}
	for ci, c := range q.clauses {
		df := uint64(0)
		phrase := len(c.terms) > 1
		for wi, term := range c.terms {
			if term == "" {
				continue
			}
			for fi, field := range bm25Fields {
				tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, phrase || s.vectors)
				if err != nil {
					return fail(err)
				}
				cnt := tfr.Count()
				if fi == 0 && cnt > 0 && (df == 0 || cnt < df) {
					df = cnt // a phrase is at most as frequent as its rarest word
				}
				cu := &cursor{tfr: tfr, clause: ci, field: fi, word: wi}
				if cnt > 0 {
					err = cu.next()
				}
				if err != nil || cu.doc == nil {
					_ = tfr.Close()
					if err != nil {
						return fail(err)
					}
					continue
				}
				s.cursors = append(s.cursors, cu)
				s.count += cnt
			}
		}
		s.idf[ci] = bm25IDF(float64(n), float64(df))
		// tf·(k1+1)/(k1+tf) stays below k1+1 however large the boosted frequency.
		s.ub[ci] = c.weight * s.idf[ci] * (s.k1 + 1)
		s.order = append(s.order, ci)
	}
	sort.SliceStable(s.order, func(i, j int) bool { return s.ub[s.order[i]] < s.ub[s.order[j]] })
	s.updateEssential()
	return s, nil
}

func avg(total, n int64) float64 {
	if n <= 0 || total <= 0 {
		return 1
	}
	return float64(total) / float64(n)
}

// bm25IDF is the non-negative BM25 inverse document frequency (as Lucene computes it).
func bm25IDF(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// threshold is the score a document must beat to enter the best topN returned so far, or
// -1 while fewer than topN have been returned (or without pruning).
func (s *bm25Searcher) threshold() float64 {
	if s.topN <= 0 || len(s.best) < s.topN {
		return -1
	}
	return s.best[0]
}

// updateEssential marks as non-essential the clauses of lowest upper bound whose bounds
// together stay under the threshold: a document holding only those cannot make the top.
func (s *bm25Searcher) updateEssential() {
	th := s.threshold()
	sum := 0.0
	for _, ci := range s.order {
		sum += s.ub[ci]
		s.essential[ci] = th < 0 || sum >= th
	}
}

// Next returns the next document that passes the filter, holds a clause and may make the
// best topN, scored.
func (s *bm25Searcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		// The candidate is the smallest document of an essential clause.
		var min *cursor
		for _, c := range s.cursors {
			if c.doc != nil && s.essential[c.clause] && (min == nil || c.key < min.key) {
				min = c
			}
		}
		if min == nil {
			return nil, nil
		}
		s.cur, s.key = append(s.cur[:0], min.doc.ID...), min.key
		if s.filter != nil {
			pass, next, err := s.passes(ctx)
			if err != nil {
				return nil, err
			}
			if next == nil && !pass {
				return nil, nil // nothing further passes the filter
			}
			if !pass {
				// Jump every cursor to the filter's next document.
				key := docKey(next)
				for _, c := range s.cursors {
					if err := c.advance(next, key); err != nil {
						return nil, err
					}
				}
				continue
			}
		}
		s.gather()
		th := s.threshold()
		if th >= 0 {
			// Bound the score before computing it: essential clauses present here, plus
			// every non-essential one.
			bound := 0.0
			for ci := range s.clauses {
				s.counted[ci] = !s.essential[ci]
				if s.counted[ci] {
					bound += s.ub[ci]
				}
			}
			for _, c := range s.here {
				if !s.counted[c.clause] {
					s.counted[c.clause] = true
					bound += s.ub[c.clause]
				}
			}
			// Strictly below: a document that could tie the threshold is still scored.
			if bound < th {
				if err := s.step(); err != nil {
					return nil, err
				}
				continue
			}
			advanced := false
			for _, c := range s.cursors {
				if !s.essential[c.clause] && c.doc != nil && c.key < s.key {
					if err := c.advance(s.cur, s.key); err != nil {
						return nil, err
					}
					advanced = true
				}
			}
			if advanced {
				s.gather() // the non-essential cursors that landed on cur
			}
		}
		dm := s.score(ctx)
		if err := s.step(); err != nil {
			return nil, err
		}
		if dm != nil {
			s.remember(dm.Score)
			return dm, nil
		}
	}
}

// gather lists the cursors on the candidate s.cur, so that bounding, scoring and stepping
// the candidate look at those few rather than at every cursor of the query (a situation's
// query has a hundred or more: its terms and phrases, in two fields).
func (s *bm25Searcher) gather() {
	s.here = s.here[:0]
	for _, c := range s.cursors {
		if c.at(s.key) {
			s.here = append(s.here, c)
		}
	}
}

// passes reports whether the candidate s.cur passes the filter, and if not, the next
// document that does (nil when none does).
func (s *bm25Searcher) passes(ctx *search.SearchContext) (bool, []byte, error) {
	if s.fdoc == nil || s.fdoc.IndexInternalID.Compare(s.cur) < 0 {
		if s.fdoc != nil {
			ctx.DocumentMatchPool.Put(s.fdoc)
		}
		var err error
		s.fdoc, err = s.filter.Advance(ctx, s.cur)
		if err != nil {
			return false, nil, err
		}
	}
	if s.fdoc == nil {
		return false, nil, nil
	}
	if bytes.Equal(s.fdoc.IndexInternalID, s.cur) {
		return true, nil, nil
	}
	return false, s.fdoc.IndexInternalID, nil
}

// step moves past the candidate every cursor that is on it (s.here, gathered for it).
func (s *bm25Searcher) step() error {
	for _, c := range s.here {
		if err := c.next(); err != nil {
			return err
		}
	}
	return nil
}

// remember records a returned score for the threshold.
func (s *bm25Searcher) remember(score float64) {
	if s.topN <= 0 {
		return
	}
	switch {
	case len(s.best) < s.topN:
		heap.Push(&s.best, score)
	case score > s.best[0]:
		s.best[0] = score
		heap.Fix(&s.best, 0)
	default:
		return
	}
	if len(s.best) == s.topN {
		s.updateEssential()
	}
}

// Advance moves to the first document at or after id.
func (s *bm25Searcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	key := docKey(id)
	for _, c := range s.cursors {
		if err := c.advance(id, key); err != nil {
			return nil, err
		}
	}
	return s.Next(ctx)
}

// score computes the BM25F score of the document s.cur from the cursors on it (s.here), or
// returns nil if no clause fully matches it (a phrase with only some of its words).
func (s *bm25Searcher) score(ctx *search.SearchContext) *search.DocumentMatch {
	for i := range s.tf {
		s.tf[i] = [len(bm25Fields)]float64{}
	}
	var length [len(bm25Fields)]float64
	for _, c := range s.here {
		if c.doc.Norm > 0 {
			length[c.field] = math.Round(1 / (c.doc.Norm * c.doc.Norm))
		}
		cl := s.clauses[c.clause]
		switch {
		case len(cl.terms) == 1:
			s.tf[c.clause][c.field] = float64(c.doc.Freq)
		case c.word == s.firstWord(c.clause) && s.tf[c.clause][c.field] == 0:
			// Once per phrase and field, from the cursor of its first word: a phrase
			// without its first word here has no full match.
			s.tf[c.clause][c.field] = s.phraseFreq(c.clause, c.field)
		}
	}
	var score float64
	for ci, cl := range s.clauses {
		var tf float64
		for fi := range bm25Fields {
			if x := s.tf[ci][fi]; x > 0 {
				norm := 1 - s.b[fi] + s.b[fi]*length[fi]/s.avgLen[fi]
				tf += s.boost[fi] * x / norm
			}
		}
		if tf > 0 {
			score += cl.weight * s.idf[ci] * tf * (s.k1 + 1) / (s.k1 + tf)
		}
	}
	if score == 0 {
		return nil
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = append(dm.IndexInternalID[:0], s.cur...)
	dm.Score = score
	if s.vectors {
		for _, c := range s.here {
			for _, v := range c.doc.Vectors {
				dm.FieldTermLocations = append(dm.FieldTermLocations, search.FieldTermLocation{
					Field: v.Field, Term: c.doc.Term,
					Location: search.Location{Pos: v.Pos, Start: v.Start, End: v.End},
				})
			}
		}
	}
	return dm
}

// firstWord is the position in phrase clause ci of its first word that is not a stop word's
// gap.
func (s *bm25Searcher) firstWord(ci int) int {
	for j, w := range s.clauses[ci].terms {
		if w != "" {
			return j
		}
	}
	return -1
}

// phraseFreq counts the full matches of phrase clause ci in field fi of the current
// document: distinct start positions p such that word j of the phrase is at p+j. It reads
// the cursors on the document (s.here) and anchors on the word with the fewest positions,
// which counts the same matches; the positions are scanned in place, without building sets,
// as a document holds few occurrences of each word.
func (s *bm25Searcher) phraseFreq(ci, fi int) float64 {
	words := s.clauses[ci].terms
	if cap(s.at) < len(words) {
		s.at = make([]*cursor, len(words))
	}
	at := s.at[:len(words)]
	clear(at)
	for _, c := range s.here {
		if c.clause == ci && c.field == fi {
			at[c.word] = c
		}
	}
	anchor := -1
	for j, w := range words {
		if w == "" {
			continue
		}
		if at[j] == nil {
			return 0
		}
		if anchor < 0 || len(at[j].doc.Vectors) < len(at[anchor].doc.Vectors) {
			anchor = j
		}
	}
	if anchor < 0 {
		return 0
	}
	av := at[anchor].doc.Vectors
	n := 0
	for k, v := range av {
		ok := true
		for j, w := range words {
			if w == "" || j == anchor {
				continue
			}
			// Positions before the phrase's start cannot hold its word j.
			if int64(v.Pos)+int64(j-anchor) < 0 || !hasPos(at[j].doc.Vectors, uint64(int64(v.Pos)+int64(j-anchor))) {
				ok = false
				break
			}
		}
		if ok && !hasPos(av[:k], v.Pos) { // a start counted once
			n++
		}
	}
	return float64(n)
}

func hasPos(vs []*index.TermFieldVector, p uint64) bool {
	for _, v := range vs {
		if v.Pos == p {
			return true
		}
	}
	return false
}

func (s *bm25Searcher) Close() error {
	var first error
	for _, c := range s.cursors {
		if err := c.tfr.Close(); err != nil && first == nil {
			first = err
		}
	}
	s.cursors = nil
	if s.filter != nil {
		if err := s.filter.Close(); err != nil && first == nil {
			first = err
		}
		s.filter = nil
	}
	return first
}

func (s *bm25Searcher) Weight() float64      { return 1 }
func (s *bm25Searcher) SetQueryNorm(float64) {}
func (s *bm25Searcher) Count() uint64        { return s.count }
func (s *bm25Searcher) Min() int             { return 0 }
func (s *bm25Searcher) DocumentMatchPoolSize() int {
	if s.filter != nil {
		return 2 + s.filter.DocumentMatchPoolSize()
	}
	return 1
}

// scoreHeap is a min-heap of scores.
type scoreHeap []float64

func (h scoreHeap) Len() int           { return len(h) }
func (h scoreHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h scoreHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *scoreHeap) Push(v any)        { *h = append(*h, v.(float64)) }
func (h *scoreHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}
func (s *bm25Searcher) Size() int { return 64 * (len(s.cursors) + len(s.clauses) + 1) }
