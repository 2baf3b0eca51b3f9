package retrieval

import (
	"container/heap"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/socle-project/socle"
)

// FlatIndex is the embedded vector index: exact search over contiguous float32 vectors held
// in memory, one file per organization on disk. A search scans only its organization's
// vectors, skips the rows its filter excludes before computing any product, and ranks the
// rest by dot product (the vectors are unit length, so this is cosine similarity). Exact
// search over 10^5 passages of 256 dimensions takes a few milliseconds, and it never misses
// a neighbour the way an approximate graph can when a filter leaves few candidates.
type FlatIndex struct {
	dir string

	// Writers (Put, the deletes, Reset, Flush) take wmu, so that Flush can write files
	// while searches go on under mu's read lock; changes to the data take mu too.
	wmu   sync.Mutex
	mu    sync.RWMutex
	model string
	dim   int
	orgs  map[string]*orgVectors
	dirty map[string]bool // organizations changed since the last Flush
}

// orgVectors holds one organization's entries. Rows are dense: vecs[i*dim:(i+1)*dim] is the
// vector of row i. Guides, kinds, versions and states are interned per organization so that
// filtering a row is a few slice lookups.
type orgVectors struct {
	keys   []string
	rows   []rowMeta
	vecs   []float32
	byKey  map[string]int
	tables [4]interner // guide, kind, version, state
}

type rowMeta [4]uint32 // indexes into orgVectors.tables, in the same order

const (
	colGuide = iota
	colKind
	colVersion
	colState
)

type interner struct {
	names []string
	ids   map[string]uint32
}

func (in *interner) id(name string) uint32 {
	if id, ok := in.ids[name]; ok {
		return id
	}
	if in.ids == nil {
		in.ids = map[string]uint32{}
	}
	id := uint32(len(in.names))
	in.names = append(in.names, name)
	in.ids[name] = id
	return id
}

// FlatStatus says in what state OpenFlatIndex found the files.
type FlatStatus struct {
	Reset  bool   // vectors on disk could not be used and were dropped
	Reason string // why: "corrupt …", "mixed models …"
}

// OpenFlatIndex loads the vectors in dir, creating dir if needed. Files that are corrupt, or
// that disagree on the model, are all dropped (the status says so): the caller re-embeds.
func OpenFlatIndex(dir string) (*FlatIndex, FlatStatus, error) {
	x := &FlatIndex{dir: dir, orgs: map[string]*orgVectors{}, dirty: map[string]bool{}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, FlatStatus{}, fmt.Errorf("retrieval: vector index: %w", err)
	}
	names, err := filepath.Glob(filepath.Join(dir, "*"+vecFileExt))
	if err != nil {
		return nil, FlatStatus{}, fmt.Errorf("retrieval: vector index: %w", err)
	}
	sort.Strings(names)
	var reason string
	for _, name := range names {
		f, err := readVecFile(name)
		if err != nil {
			reason = fmt.Sprintf("corrupt %s: %v", filepath.Base(name), err)
			break
		}
		if x.model == "" {
			x.model, x.dim = f.model, f.dim
		} else if f.model != x.model || f.dim != x.dim {
			reason = fmt.Sprintf("mixed models: %s/%d and %s/%d", x.model, x.dim, f.model, f.dim)
			break
		}
		x.orgs[f.orgID] = f.vectors
	}
	// Temporary files are writes a crash interrupted; the renamed file before them stands.
	tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
	for _, t := range tmps {
		_ = os.Remove(t)
	}
	if reason == "" {
		return x, FlatStatus{}, nil
	}
	for _, name := range names {
		if err := os.Remove(name); err != nil {
			return nil, FlatStatus{}, fmt.Errorf("retrieval: vector index: drop %s: %w", name, err)
		}
	}
	x.model, x.dim, x.orgs = "", 0, map[string]*orgVectors{}
	return x, FlatStatus{Reset: true, Reason: reason}, nil
}

// Model returns the model and dimension of the vectors held.
func (x *FlatIndex) Model(ctx context.Context) (string, int, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.model, x.dim, nil
}

// Put adds or replaces entries.
func (x *FlatIndex) Put(ctx context.Context, model string, dim int, entries []VectorEntry) error {
	if model == "" || dim <= 0 {
		return socle.Errorf(socle.EINVALID, "vector index: put needs a model and a dimension")
	}
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.model != "" && (x.model != model || x.dim != dim) && x.count() > 0 {
		return socle.Errorf(socle.ECONFLICT, "vector index holds %s vectors of dimension %d, not %s/%d: reset it and re-embed every passage", x.model, x.dim, model, dim)
	}
	for i := range entries {
		e := &entries[i]
		if e.OrgID == "" || e.Key == "" {
			return socle.Errorf(socle.EINVALID, "vector entry %q has no organization or key", e.Key)
		}
		if len(e.Vector) != dim {
			return socle.Errorf(socle.EINVALID, "vector entry %q has %d numbers, want %d", e.Key, len(e.Vector), dim)
		}
	}
	x.model, x.dim = model, dim
	for i := range entries {
		e := &entries[i]
		o := x.orgs[e.OrgID]
		if o == nil {
			o = &orgVectors{byKey: map[string]int{}}
			x.orgs[e.OrgID] = o
		}
		o.put(dim, e)
		x.dirty[e.OrgID] = true
	}
	return nil
}

func (o *orgVectors) put(dim int, e *VectorEntry) {
	meta := rowMeta{
		colGuide:   o.tables[colGuide].id(e.GuideID),
		colKind:    o.tables[colKind].id(e.Kind),
		colVersion: o.tables[colVersion].id(e.VersionID),
		colState:   o.tables[colState].id(e.State),
	}
	if r, ok := o.byKey[e.Key]; ok {
		o.rows[r] = meta
		copy(o.vecs[r*dim:(r+1)*dim], e.Vector)
		return
	}
	o.byKey[e.Key] = len(o.keys)
	o.keys = append(o.keys, e.Key)
	o.rows = append(o.rows, meta)
	o.vecs = append(o.vecs, e.Vector...)
}

// remove deletes the rows for which drop is true, keeping the others in order.
func (o *orgVectors) remove(dim int, drop func(rowMeta) bool) int {
	w := 0
	for r := range o.rows {
		if drop(o.rows[r]) {
			delete(o.byKey, o.keys[r])
			continue
		}
		if w != r {
			o.keys[w] = o.keys[r]
			o.rows[w] = o.rows[r]
			copy(o.vecs[w*dim:(w+1)*dim], o.vecs[r*dim:(r+1)*dim])
			o.byKey[o.keys[w]] = w
		}
		w++
	}
	removed := len(o.rows) - w
	o.keys, o.rows, o.vecs = o.keys[:w], o.rows[:w], o.vecs[:w*dim]
	return removed
}

// DeleteVersion removes a version's entries.
func (x *FlatIndex) DeleteVersion(ctx context.Context, orgID, versionID string) error {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	o := x.orgs[orgID]
	if o == nil {
		return nil
	}
	id, ok := o.tables[colVersion].ids[versionID]
	if !ok {
		return nil
	}
	if o.remove(x.dim, func(m rowMeta) bool { return m[colVersion] == id }) > 0 {
		x.dirty[orgID] = true
	}
	return nil
}

// DeleteOrg removes an organization's entries.
func (x *FlatIndex) DeleteOrg(ctx context.Context, orgID string) error {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	if _, ok := x.orgs[orgID]; ok {
		delete(x.orgs, orgID)
		x.dirty[orgID] = true
	}
	return nil
}

// Reset removes every entry and the files that hold them.
func (x *FlatIndex) Reset(ctx context.Context) error {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	for org := range x.orgs {
		x.dirty[org] = true
	}
	x.orgs = map[string]*orgVectors{}
	x.model, x.dim = "", 0
	names, _ := filepath.Glob(filepath.Join(x.dir, "*"+vecFileExt))
	for _, n := range names {
		if err := os.Remove(n); err != nil {
			return fmt.Errorf("retrieval: vector index: reset: %w", err)
		}
	}
	x.dirty = map[string]bool{}
	return nil
}

// Count returns the number of entries of an organization, or of all.
func (x *FlatIndex) Count(ctx context.Context, orgID string) (int, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if orgID != "" {
		if o := x.orgs[orgID]; o != nil {
			return len(o.keys), nil
		}
		return 0, nil
	}
	return x.count(), nil
}

func (x *FlatIndex) count() int {
	n := 0
	for _, o := range x.orgs {
		n += len(o.keys)
	}
	return n
}

// Search ranks the organization's vectors that pass the filter.
func (x *FlatIndex) Search(ctx context.Context, s VectorSearch) ([]VectorHit, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if err := checkVectorSearch(&s, x.model, x.dim); err != nil {
		return nil, err
	}
	o := x.orgs[s.OrgID]
	if o == nil || len(o.keys) == 0 {
		return nil, nil
	}
	keep, ok := o.compile(&s.Filter)
	if !ok {
		return nil, nil
	}
	// Large organizations are scanned in parallel chunks, each keeping its own best K.
	parts := 1
	if len(o.rows) >= parallelRows {
		parts = min(runtime.GOMAXPROCS(0), len(o.rows)/(parallelRows/2))
	}
	tops := make([]minHeap, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	chunk := (len(o.rows) + parts - 1) / parts
	for p := 0; p < parts; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			tops[p], errs[p] = o.scan(ctx, x.dim, s.Vector, keep, s.K, p*chunk, min((p+1)*chunk, len(o.rows)))
		}(p)
	}
	wg.Wait()
	top := &minHeap{}
	for p := range tops {
		if errs[p] != nil {
			return nil, errs[p]
		}
		for _, sc := range tops[p] {
			top.offer(sc, s.K)
		}
	}
	out := make([]VectorHit, top.Len())
	for i := len(out) - 1; i >= 0; i-- {
		sc := heap.Pop(top).(scored)
		out[i] = VectorHit{Key: o.keys[sc.row], Score: float64(sc.score)}
	}
	return out, nil
}

// parallelRows is the size from which a scan is split across cores: below it, starting
// goroutines costs more than it saves.
const parallelRows = 32768

// scan ranks rows [from, to) that pass keep, keeping the best k.
func (o *orgVectors) scan(ctx context.Context, dim int, q []float32, keep func(rowMeta) bool, k, from, to int) (minHeap, error) {
	top := minHeap{}
	for r := from; r < to; r++ {
		if (r-from)&4095 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !keep(o.rows[r]) {
			continue
		}
		top.offer(scored{row: r, score: dot(q, o.vecs[r*dim:(r+1)*dim])}, k)
	}
	return top, nil
}

// compile turns a filter into a test on interned row metadata. ok is false when no row can
// pass (a guide, kind or version this organization does not have).
func (o *orgVectors) compile(f *Filter) (keep func(rowMeta) bool, ok bool) {
	set := func(col int, names []string) []bool {
		if len(names) == 0 {
			return nil
		}
		s := make([]bool, len(o.tables[col].names))
		for _, n := range names {
			if id, ok := o.tables[col].ids[n]; ok {
				s[id] = true
			}
		}
		return s
	}
	guides, kinds := set(colGuide, f.GuideIDs), set(colKind, f.Kinds)
	if (guides != nil && !anyTrue(guides)) || (kinds != nil && !anyTrue(kinds)) {
		return nil, false
	}
	col, name := colState, string(socle.StatePublished)
	if f.VersionID != "" {
		col, name = colVersion, f.VersionID
	}
	want, found := o.tables[col].ids[name]
	if !found {
		return nil, false
	}
	return func(m rowMeta) bool {
		return m[col] == want &&
			(guides == nil || guides[m[colGuide]]) &&
			(kinds == nil || kinds[m[colKind]])
	}, true
}

func anyTrue(s []bool) bool {
	for _, b := range s {
		if b {
			return true
		}
	}
	return false
}

// dotGo is the portable dot product, unrolled by eight with independent accumulators so
// that the multiply-adds pipeline (about twice the speed of a plain loop). On amd64 with
// AVX2, dot uses assembly instead (dot_amd64.s), about four times faster again.
func dotGo(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= len(a); i += 8 {
		aa, bb := a[i:i+8:i+8], b[i:i+8:i+8]
		s0 += aa[0] * bb[0]
		s1 += aa[1] * bb[1]
		s2 += aa[2] * bb[2]
		s3 += aa[3] * bb[3]
		s4 += aa[4] * bb[4]
		s5 += aa[5] * bb[5]
		s6 += aa[6] * bb[6]
		s7 += aa[7] * bb[7]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)
}

type scored struct {
	row   int
	score float32
}

// minHeap keeps the best K rows seen, the worst on top.
type minHeap []scored

// offer keeps sc if it is among the best k seen.
func (h *minHeap) offer(sc scored, k int) {
	if h.Len() < k {
		heap.Push(h, sc)
	} else if better(sc, (*h)[0]) {
		(*h)[0] = sc
		heap.Fix(h, 0)
	}
}

func better(a, b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.row < b.row
}

func (h minHeap) Len() int { return len(h) }
func (h minHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].row > h[j].row // among equals, prefer the earlier row
}
func (h minHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(v any)   { *h = append(*h, v.(scored)) }
func (h *minHeap) Pop() any {
	old := *h
	v := old[len(old)-1]
	*h = old[:len(old)-1]
	return v
}

// Flush writes the organizations changed since the last flush, each to a temporary file
// renamed over the old one, so that a crash leaves either the old file or the new one.
func (x *FlatIndex) Flush(ctx context.Context) error {
	// No writer can change the data while wmu is held; searches may read it meanwhile.
	x.wmu.Lock()
	defer x.wmu.Unlock()
	for org := range x.dirty {
		path := filepath.Join(x.dir, vecFileName(org))
		o := x.orgs[org]
		if o == nil || len(o.keys) == 0 {
			if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("retrieval: vector index: %w", err)
			}
			delete(x.dirty, org)
			continue
		}
		if err := writeVecFile(path, x.model, x.dim, org, o); err != nil {
			return err
		}
		delete(x.dirty, org)
	}
	return syncDir(x.dir)
}

// Close flushes pending changes.
func (x *FlatIndex) Close() error { return x.Flush(context.Background()) }

const vecFileExt = ".vec"

// vecFileName names an organization's file; hex keeps any id safe as a file name.
func vecFileName(orgID string) string {
	return "org-" + strings.ToLower(hex.EncodeToString([]byte(orgID))) + vecFileExt
}
