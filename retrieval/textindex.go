package retrieval

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/socle-project/socle"
)

// Field names of the text index. Keyword fields hold ids and states as single terms.
const (
	fieldOrg     = "org"
	fieldGuide   = "guide"
	fieldVersion = "version"
	fieldKind    = "kind"
	fieldState   = "state"
	fieldHeading = "heading" // the section's heading path, analyzed, boosted at query time
	fieldBody    = "body"    // the passage's text, analyzed and stored
	fieldMeta    = "meta"    // the passage without its text, as JSON, stored only
)

// internalAnalyzer is the key under which the index records the analyzer it was built with.
var internalAnalyzer = []byte("socle.analyzer")

// batchSize bounds the documents of one bleve batch: large enough to amortize segment
// creation, small enough to keep a batch's memory modest.
const batchSize = 1000

// TextIndex is the French full-text index of passages, on local disk (bleve, scorch), with
// BM25 scoring.
type TextIndex struct {
	dir      string
	idx      bleve.Index
	analyzer *Analyzer
	// Params are the BM25F constants used at query time; zero fields take defaults.
	Params BM25Params

	write sync.Mutex // serializes updates, which read and rewrite the length totals
}

// TextStatus says in what state OpenTextIndex found the index on disk.
type TextStatus struct {
	Created bool   // the index is new and empty: it must be filled from the store
	Reason  string // why it was (re)created: "missing", "corrupt: …", "analyzer fr-1 → fr-2"
}

// OpenTextIndex opens the text index in dir. It creates a new, empty index when there is
// none, when the one there cannot be opened, or when it was built with another analyzer; the
// status then says so, and the caller refills it from the store.
func OpenTextIndex(dir string) (*TextIndex, TextStatus, error) {
	t := &TextIndex{dir: dir, analyzer: NewAnalyzer()}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); errors.Is(err, os.ErrNotExist) {
		// Whatever else is there (an index creation cut short) is of no use.
		if err := os.RemoveAll(dir); err != nil {
			return nil, TextStatus{}, fmt.Errorf("retrieval: text index %s: %w", dir, err)
		}
		if err := t.create(); err != nil {
			return nil, TextStatus{}, err
		}
		return t, TextStatus{Created: true, Reason: "missing"}, nil
	}
	reason, err := t.open()
	if err != nil {
		return nil, TextStatus{}, err
	}
	if reason == "" {
		return t, TextStatus{}, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, TextStatus{}, fmt.Errorf("retrieval: remove unusable text index %s: %w", dir, err)
	}
	if err := t.create(); err != nil {
		return nil, TextStatus{}, err
	}
	return t, TextStatus{Created: true, Reason: reason}, nil
}

// open opens the index on disk and returns why it cannot be used as is, or "".
func (t *TextIndex) open() (reason string, err error) {
	defer func() {
		// A damaged segment can make the storage engine panic while opening; that is a
		// corrupt index, to be rebuilt, not a crash.
		if r := recover(); r != nil {
			reason = fmt.Sprintf("corrupt: %v", r)
			t.idx = nil
		}
	}()
	idx, err := bleve.Open(t.dir)
	if err != nil {
		return "corrupt: " + err.Error(), nil
	}
	v, err := idx.GetInternal(internalAnalyzer)
	if err != nil {
		_ = idx.Close()
		return "corrupt: " + err.Error(), nil
	}
	if string(v) != AnalyzerVersion {
		_ = idx.Close()
		return fmt.Sprintf("analyzer %q → %q", v, AnalyzerVersion), nil
	}
	// Reading every stored document would be slow; a search touching every segment's
	// dictionary catches the common damage (truncated or overwritten files) cheaply.
	if _, err := idx.DocCount(); err != nil {
		_ = idx.Close()
		return "corrupt: " + err.Error(), nil
	}
	if _, err := idx.Search(bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 1, 0, false)); err != nil {
		_ = idx.Close()
		return "corrupt: " + err.Error(), nil
	}
	t.idx = idx
	return "", nil
}

func (t *TextIndex) create() error {
	if err := os.MkdirAll(filepath.Dir(t.dir), 0o755); err != nil {
		return fmt.Errorf("retrieval: create text index: %w", err)
	}
	idx, err := bleve.New(t.dir, newMapping())
	if err != nil {
		return fmt.Errorf("retrieval: create text index %s: %w", t.dir, err)
	}
	if err := idx.SetInternal(internalAnalyzer, []byte(AnalyzerVersion)); err != nil {
		_ = idx.Close()
		return fmt.Errorf("retrieval: create text index %s: %w", t.dir, err)
	}
	t.idx = idx
	return nil
}

// newMapping returns the index mapping. Documents are built by hand (see document) with our
// analyzer and scored by our BM25 (bm25.go), so the mapping only turns dynamic fields off.
func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.DefaultMapping.Dynamic = false
	return m
}

// Orgs lists the organizations that have passages in the index.
func (t *TextIndex) Orgs(ctx context.Context) ([]string, error) {
	d, err := t.idx.FieldDict(fieldOrg)
	if err != nil {
		return nil, fmt.Errorf("retrieval: list organizations: %w", err)
	}
	defer d.Close()
	var out []string
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("retrieval: list organizations: %w", err)
		}
		if e == nil {
			return out, nil
		}
		if e.Count > 0 {
			out = append(out, e.Term)
		}
	}
}

// Close releases the index.
func (t *TextIndex) Close() error {
	if t.idx == nil {
		return nil
	}
	err := t.idx.Close()
	t.idx = nil
	return err
}

// passageMeta is what the index stores of a passage besides its text.
type passageMeta struct {
	OrgID     string   `json:"o"`
	GuideID   string   `json:"g"`
	Kind      string   `json:"k"`
	VersionID string   `json:"v"`
	VersionN  int      `json:"n"`
	State     string   `json:"st"`
	SectionID string   `json:"s"`
	Ordinal   int      `json:"ord"`
	Index     int      `json:"i"`
	Start     int      `json:"a"`
	End       int      `json:"b"`
	Path      []string `json:"p,omitempty"`
	PageStart int      `json:"ps,omitempty"`
	PageEnd   int      `json:"pe,omitempty"`
	BodyLen   int      `json:"bl"` // analyzed lengths, to keep the length totals right on delete
	HeadLen   int      `json:"hl,omitempty"`
}

// preAnalyzed hands bleve the tokens we already computed for a field, so that each field is
// analyzed once although we need its length before bleve does.
type preAnalyzed analysis.TokenStream

func (p preAnalyzed) Analyze([]byte) analysis.TokenStream { return analysis.TokenStream(p) }

// document builds the bleve document of a passage and returns its analyzed lengths.
func (t *TextIndex) document(p *Passage) (*document.Document, passageMeta, error) {
	// Analysis may rewrite its input in place, so it gets its own copy of the text.
	body := t.analyzer.Analyze([]byte(p.Text))
	var head analysis.TokenStream
	h := p.indexedHeading()
	if h != "" {
		head = t.analyzer.Analyze([]byte(h))
	}
	m := passageMeta{
		OrgID: p.OrgID, GuideID: p.GuideID, Kind: string(p.Kind), VersionID: p.VersionID,
		VersionN: p.VersionN, State: string(p.State), SectionID: p.SectionID, Ordinal: p.Ordinal,
		Index: p.Index, Start: p.Span.Start, End: p.Span.End, Path: p.Path,
		PageStart: p.PageStart, PageEnd: p.PageEnd, BodyLen: len(body), HeadLen: len(head),
	}
	meta, err := json.Marshal(m)
	if err != nil {
		return nil, m, err
	}
	d := document.NewDocument(p.Key())
	keyword := func(name, value string) {
		// A nil analyzer indexes the whole value as one term.
		d.AddField(document.NewTextFieldCustom(name, nil, []byte(value), index.IndexField, nil))
	}
	keyword(fieldOrg, p.OrgID)
	keyword(fieldGuide, p.GuideID)
	keyword(fieldVersion, p.VersionID)
	keyword(fieldKind, string(p.Kind))
	keyword(fieldState, string(p.State))
	text := index.IndexField | index.StoreField | index.IncludeTermVectors
	if len(head) > 0 {
		d.AddField(document.NewTextFieldCustom(fieldHeading, nil, []byte(h), text, preAnalyzed(head)))
	}
	if len(body) > 0 {
		d.AddField(document.NewTextFieldCustom(fieldBody, nil, []byte(p.Text), text, preAnalyzed(body)))
	} else {
		// Kept for display; a passage of stop words alone matches nothing.
		d.AddField(document.NewTextFieldCustom(fieldBody, nil, []byte(p.Text), index.StoreField, nil))
	}
	d.AddField(document.NewTextFieldCustom(fieldMeta, nil, meta, index.StoreField, nil))
	return d, m, nil
}

// Index adds or replaces passages, in batches. Each batch also carries the new length
// totals, computed from the lengths of the documents it adds and of those it replaces.
func (t *TextIndex) Index(ctx context.Context, passages []Passage) error {
	t.write.Lock()
	defer t.write.Unlock()
	lengths, err := readLengths(t.idx.GetInternal)
	if err != nil {
		return fmt.Errorf("retrieval: index passages: %w", err)
	}
	for start := 0; start < len(passages); start += batchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := passages[start:min(start+batchSize, len(passages))]
		keys := make([]string, len(chunk))
		for i := range chunk {
			if chunk[i].OrgID == "" {
				return socle.Errorf(socle.EINVALID, "passage %s has no organization", chunk[i].Key())
			}
			keys[i] = chunk[i].Key()
		}
		old, err := t.metas(ctx, query.NewDocIDQuery(keys))
		if err != nil {
			return err
		}
		for _, m := range old {
			lengths.add(m.BodyLen, m.HeadLen, -1)
		}
		b := t.idx.NewBatch()
		for i := range chunk {
			d, m, err := t.document(&chunk[i])
			if err != nil {
				return fmt.Errorf("retrieval: index passage %s: %w", keys[i], err)
			}
			if err := b.IndexAdvanced(d); err != nil {
				return fmt.Errorf("retrieval: index passage %s: %w", keys[i], err)
			}
			lengths.add(m.BodyLen, m.HeadLen, 1)
		}
		lb, _ := json.Marshal(lengths)
		b.SetInternal(internalLengths, lb)
		if err := t.idx.Batch(b); err != nil {
			return fmt.Errorf("retrieval: index passages: %w", err)
		}
	}
	return nil
}

// metas returns the stored metadata of the documents matching q, by key.
func (t *TextIndex) metas(ctx context.Context, q query.Query) (map[string]passageMeta, error) {
	out := map[string]passageMeta{}
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.Score = "none"
	req.Fields = []string{fieldMeta}
	req.SortBy([]string{"_id"})
	for {
		res, err := t.idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("retrieval: read passages: %w", err)
		}
		for _, h := range res.Hits {
			var m passageMeta
			s, _ := h.Fields[fieldMeta].(string)
			if err := json.Unmarshal([]byte(s), &m); err != nil {
				return nil, fmt.Errorf("retrieval: passage %q: stored metadata: %w", h.ID, err)
			}
			out[h.ID] = m
		}
		if len(res.Hits) < req.Size {
			return out, nil
		}
		req.SearchAfter = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// DeleteVersion removes a version's passages.
func (t *TextIndex) DeleteVersion(ctx context.Context, orgID, versionID string) error {
	return t.deleteMatching(ctx, orgID, termQuery(fieldVersion, versionID))
}

// DeleteOrg removes every passage of an organization.
func (t *TextIndex) DeleteOrg(ctx context.Context, orgID string) error {
	return t.deleteMatching(ctx, orgID, query.NewMatchAllQuery())
}

func (t *TextIndex) deleteMatching(ctx context.Context, orgID string, q query.Query) error {
	if orgID == "" {
		return socle.Errorf(socle.EINVALID, "delete passages: no organization given")
	}
	t.write.Lock()
	defer t.write.Unlock()
	lengths, err := readLengths(t.idx.GetInternal)
	if err != nil {
		return fmt.Errorf("retrieval: delete passages: %w", err)
	}
	metas, err := t.metas(ctx, t.scoped(orgID, q))
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(metas))
	for k := range metas {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for start := 0; start < len(keys); start += batchSize {
		b := t.idx.NewBatch()
		for _, k := range keys[start:min(start+batchSize, len(keys))] {
			b.Delete(k)
			m := metas[k]
			lengths.add(m.BodyLen, m.HeadLen, -1)
		}
		lb, _ := json.Marshal(lengths)
		b.SetInternal(internalLengths, lb)
		if err := t.idx.Batch(b); err != nil {
			return fmt.Errorf("retrieval: delete passages: %w", err)
		}
	}
	return nil
}

// Count returns how many passages the index holds for an organization, or for all when
// orgID is empty.
func (t *TextIndex) Count(ctx context.Context, orgID string) (int, error) {
	if orgID == "" {
		n, err := t.idx.DocCount()
		return int(n), err
	}
	req := bleve.NewSearchRequestOptions(t.scoped(orgID, query.NewMatchAllQuery()), 0, 0, false)
	res, err := t.idx.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("retrieval: count passages: %w", err)
	}
	return int(res.Total), nil
}

func termQuery(field, term string) *query.TermQuery {
	q := query.NewTermQuery(term)
	q.SetField(field)
	return q
}

func anyTerm(field string, terms []string) query.Query {
	if len(terms) == 1 {
		return termQuery(field, terms[0])
	}
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		qs[i] = termQuery(field, t)
	}
	return query.NewDisjunctionQuery(qs)
}

// scoped wraps q in the organization filter alone, for upkeep (listing, counting).
func (t *TextIndex) scoped(orgID string, q query.Query) query.Query {
	b := query.NewBooleanQuery(nil, nil, nil)
	b.AddMust(q)
	b.AddFilter(termQuery(fieldOrg, orgID))
	return b
}

// filtered wraps q in a search filter. The filter is a clause of the query that bleve
// evaluates while it walks the postings, so another organization's passages are never
// candidates, and it does not change scores.
func filtered(f Filter, q query.Query) (query.Query, error) {
	fq, err := filterQuery(f)
	if err != nil {
		return nil, err
	}
	b := query.NewBooleanQuery(nil, nil, nil)
	b.AddMust(q)
	b.AddFilter(fq)
	return b, nil
}

// filterQuery is the query a passage must match to pass the filter: its organization,
// and its guides, kinds, and version or published state.
func filterQuery(f Filter) (query.Query, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	must := []query.Query{termQuery(fieldOrg, f.OrgID)}
	if len(f.GuideIDs) > 0 {
		must = append(must, anyTerm(fieldGuide, f.GuideIDs))
	}
	if len(f.Kinds) > 0 {
		must = append(must, anyTerm(fieldKind, f.Kinds))
	}
	if f.VersionID != "" {
		must = append(must, termQuery(fieldVersion, f.VersionID))
	} else {
		must = append(must, termQuery(fieldState, string(socle.StatePublished)))
	}
	return query.NewConjunctionQuery(must), nil
}

// internalApplied is the key under which the index records the last change of the store's
// change feed it holds (see Follower), so that the position and the passages live and die
// together: an index deleted or rebuilt never claims a position it does not hold.
var internalApplied = []byte("socle.applied")

// Applied returns the feed position the index records; ok is false when it records none (a
// new index, or one built before the feed existed).
func (t *TextIndex) Applied() (pos int64, ok bool, err error) {
	b, err := t.idx.GetInternal(internalApplied)
	if err != nil {
		return 0, false, fmt.Errorf("retrieval: read the applied position: %w", err)
	}
	if len(b) != 8 {
		return 0, false, nil
	}
	return int64(binary.BigEndian.Uint64(b)), true, nil
}

// SetApplied records the feed position the index holds.
func (t *TextIndex) SetApplied(pos int64) error {
	t.write.Lock()
	defer t.write.Unlock()
	if err := t.idx.SetInternal(internalApplied, binary.BigEndian.AppendUint64(nil, uint64(pos))); err != nil {
		return fmt.Errorf("retrieval: record the applied position: %w", err)
	}
	return nil
}

// HasVersion reports whether the index holds passages of the version.
func (t *TextIndex) HasVersion(ctx context.Context, orgID, versionID string) (bool, error) {
	req := bleve.NewSearchRequestOptions(t.scoped(orgID, termQuery(fieldVersion, versionID)), 0, 0, false)
	res, err := t.idx.SearchInContext(ctx, req)
	if err != nil {
		return false, fmt.Errorf("retrieval: look up version %s: %w", versionID, err)
	}
	return res.Total > 0, nil
}
