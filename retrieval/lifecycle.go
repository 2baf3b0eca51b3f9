package retrieval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/socle-project/socle"
)

// Source is what index upkeep reads from the authoring store, the source of truth;
// socle.Store satisfies it.
type Source interface {
	Orgs(ctx context.Context) ([]socle.Organization, error)
	Guide(ctx context.Context, orgID, id string) (socle.Guide, error)
	Version(ctx context.Context, orgID, id string) (socle.Version, error)
	Versions(ctx context.Context, orgID, guideID string) ([]socle.Version, error)
	PublishedVersions(ctx context.Context, orgID string) ([]socle.Version, error)
	Sections(ctx context.Context, orgID, versionID string) ([]socle.Section, error)
}

// Health says whether the indexes can be searched as they are, and if not, why.
type Health struct {
	Rebuild bool     // the indexes must be rebuilt from the store before they are trusted
	Reasons []string // "text index missing", "embedder changed: a → b", …
}

// Progress reports a rebuild under way.
type Progress struct {
	OrgID        string
	Versions     int // published versions of the organization
	VersionsDone int
	Passages     int // passages indexed so far, all organizations
}

// Open opens the indexes under dir: the text index in dir/text and, when vectors is nil, the
// embedded vector index in dir/vectors. It finds out whether they must be rebuilt: missing,
// corrupt, built with another analyzer or embedder, left half-updated by a crash, or out of
// step with each other. Vectors of another model are dropped at once, never mixed.
func Open(ctx context.Context, dir string, emb Embedder, vectors VectorIndex) (*Engine, Health, error) {
	if emb == nil {
		return nil, Health{}, socle.Errorf(socle.EINVALID, "retrieval: no embedder given")
	}
	var h Health
	note := func(format string, args ...any) {
		h.Rebuild = true
		h.Reasons = append(h.Reasons, fmt.Sprintf(format, args...))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, Health{}, fmt.Errorf("retrieval: %w", err)
	}
	text, ts, err := OpenTextIndex(filepath.Join(dir, "text"))
	if err != nil {
		return nil, Health{}, err
	}
	if ts.Created {
		note("text index %s", ts.Reason)
	}
	// A vector index given by the caller lives in the database, shared by every server;
	// the text index is this server's own.
	shared := vectors != nil
	if vectors == nil {
		flat, fs, err := OpenFlatIndex(filepath.Join(dir, "vectors"))
		if err != nil {
			_ = text.Close()
			return nil, Health{}, err
		}
		if fs.Reset {
			note("vector index %s", fs.Reason)
		}
		vectors = flat
	}
	e := &Engine{Text: text, Vectors: vectors, Embedder: emb, Fusion: DefaultFusion(emb), dir: dir, sharedVectors: shared}
	oe, trained := emb.(OrgEmbedder)
	if trained {
		oe.SetDir(filepath.Join(dir, "models"))
	}
	fail := func(err error) (*Engine, Health, error) {
		_ = e.Close()
		return nil, Health{}, err
	}
	model, dim, err := vectors.Model(ctx)
	if err != nil {
		return fail(err)
	}
	if model != "" && (model != emb.Model() || dim != emb.Dim()) {
		note("embedder changed: %s/%d → %s/%d", model, dim, emb.Model(), emb.Dim())
		if err := vectors.Reset(ctx); err != nil {
			return fail(err)
		}
	}
	st, err := readState(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if !ts.Created {
			note("no record of a completed build")
		}
	case err != nil:
		note("state file unreadable: %v", err)
	case st.Dirty:
		note("an update was interrupted")
	}
	nt, err := text.Count(ctx, "")
	if err != nil {
		return fail(err)
	}
	nv, err := vectors.Count(ctx, "")
	if err != nil {
		return fail(err)
	}
	// Shared vectors are written by every server and hold drafts indexed on other servers:
	// their count says nothing of this server's text index, whose position in the change
	// feed says how far it is (see Follower).
	if nt != nv && !shared {
		note("indexes disagree: %d passages in the text index, %d vectors", nt, nv)
	}
	if trained && !h.Rebuild {
		orgs, err := text.Orgs(ctx)
		if err != nil {
			return fail(err)
		}
		for _, org := range orgs {
			if !oe.HasModel(org) {
				note("the trained model of organization %s is missing or damaged", org)
				break
			}
		}
	}
	return e, h, nil
}

// Close closes both indexes.
func (e *Engine) Close() error {
	var errs []error
	if e.Text != nil {
		errs = append(errs, e.Text.Close())
	}
	if e.Vectors != nil {
		errs = append(errs, e.Vectors.Close())
	}
	return errors.Join(errs...)
}

// indexState is kept in dir/state.json: Dirty is set before an update and cleared after
// both indexes have it durably, so that a crash in between is found at the next start.
type indexState struct {
	Dirty    bool   `json:"dirty"`
	Analyzer string `json:"analyzer"`
	Model    string `json:"model"`
	Dim      int    `json:"dim"`
}

func readState(dir string) (indexState, error) {
	var st indexState
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		return st, err
	}
	return st, json.Unmarshal(b, &st)
}

// setDirty records that an update starts (true) or is complete (false). An engine without a
// directory (built by hand, as in tests of search alone) keeps no state file.
func (e *Engine) setDirty(ctx context.Context, dirty bool) error {
	if e.dir == "" {
		return nil
	}
	if !dirty {
		if err := e.Vectors.Flush(ctx); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(indexState{Dirty: dirty, Analyzer: AnalyzerVersion, Model: e.Embedder.Model(), Dim: e.Embedder.Dim()})
	path := filepath.Join(e.dir, "state.json")
	if err := os.WriteFile(path+".tmp", b, 0o644); err != nil {
		return fmt.Errorf("retrieval: state: %w", err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		return fmt.Errorf("retrieval: state: %w", err)
	}
	return nil
}

// MarkStale records that the indexes are about to fall behind the store (a bulk import that
// indexes at the end): if the process dies before Rebuild, the next Open asks for a rebuild.
func (e *Engine) MarkStale(ctx context.Context) error { return e.setDirty(ctx, true) }

// Rebuild refills the indexes from the store: every organization's published versions when
// orgID is empty, else that organization's only. Progress, if set, is called after each
// version. Readers of the organizations being rebuilt see their passages disappear then
// come back (the server rebuilds before it serves); the indexes stay usable throughout.
func (e *Engine) Rebuild(ctx context.Context, src Source, orgID string, progress func(Progress)) error {
	if progress == nil {
		progress = func(Progress) {}
	}
	if err := e.setDirty(ctx, true); err != nil {
		return err
	}
	var orgs []string
	if orgID == "" {
		all, err := src.Orgs(ctx)
		if err != nil {
			return fmt.Errorf("retrieval: rebuild: %w", err)
		}
		for _, o := range all {
			orgs = append(orgs, o.ID)
		}
		// Organizations gone from the store go from the index too. The text index is
		// emptied in place rather than replaced, so that searches running meanwhile keep
		// a valid index under them.
		indexed, err := e.Text.Orgs(ctx)
		if err != nil {
			return err
		}
		for _, org := range indexed {
			if err := e.Text.DeleteOrg(ctx, org); err != nil {
				return err
			}
		}
		// Vectors shared with other servers are replaced entry by entry below, not
		// emptied under the other servers' searches.
		if !e.sharedVectors {
			if err := e.Vectors.Reset(ctx); err != nil {
				return err
			}
		}
	} else {
		orgs = []string{orgID}
		if err := e.Text.DeleteOrg(ctx, orgID); err != nil {
			return err
		}
		if !e.sharedVectors {
			if err := e.Vectors.DeleteOrg(ctx, orgID); err != nil {
				return err
			}
		}
	}
	if oe, ok := e.Embedder.(OrgEmbedder); ok {
		if orgID == "" {
			indexed, err := e.Text.Orgs(ctx)
			if err != nil {
				return err
			}
			keep := map[string]bool{}
			for _, o := range orgs {
				keep[o] = true
			}
			for _, o := range indexed {
				if !keep[o] {
					if err := oe.Forget(o); err != nil {
						return err
					}
				}
			}
		}
		return e.rebuildTrained(ctx, src, oe, orgs, progress)
	}
	// Passages of many versions are indexed together: a guide of a few passages each would
	// otherwise pay a batch, and the vector file a rewrite, per version.
	total := 0
	var pending []Passage
	put := func() error {
		err := e.putPassages(ctx, pending)
		total += len(pending)
		pending = pending[:0]
		return err
	}
	for _, org := range orgs {
		versions, err := src.PublishedVersions(ctx, org)
		if err != nil {
			return fmt.Errorf("retrieval: rebuild %s: %w", org, err)
		}
		for i, v := range versions {
			ps, err := versionPassages(ctx, src, v)
			if err != nil {
				return err
			}
			pending = append(pending, ps...)
			if len(pending) >= rebuildBatch {
				if err := put(); err != nil {
					return err
				}
			}
			progress(Progress{OrgID: org, Versions: len(versions), VersionsDone: i + 1, Passages: total + len(pending)})
		}
	}
	if err := put(); err != nil {
		return err
	}
	if err := e.Vectors.Flush(ctx); err != nil {
		return err
	}
	return e.setDirty(ctx, false)
}

// Publish brings a guide's passages in step with the store after one of its versions
// changed state: see SyncGuide.
func (e *Engine) Publish(ctx context.Context, src Source, orgID, versionID string) error {
	v, err := src.Version(ctx, orgID, versionID)
	if err != nil {
		return fmt.Errorf("retrieval: publish: %w", err)
	}
	return e.SyncGuide(ctx, src, orgID, v.GuideID)
}

// SyncGuide makes the indexes hold the guide's published version and none of its archived
// ones. The published version's passages go in before the old ones come out, so that a
// search running meanwhile finds the guide's text, never nothing. Versions in draft or
// review are left as they are (see IndexVersion).
func (e *Engine) SyncGuide(ctx context.Context, src Source, orgID, guideID string) error {
	versions, err := src.Versions(ctx, orgID, guideID)
	if err != nil {
		return fmt.Errorf("retrieval: sync guide: %w", err)
	}
	if err := e.setDirty(ctx, true); err != nil {
		return err
	}
	for _, v := range versions {
		if v.State == socle.StatePublished {
			if _, err := e.indexVersion(ctx, src, v); err != nil {
				return err
			}
		}
	}
	for _, v := range versions {
		if v.State == socle.StateArchived {
			if err := e.removeVersion(ctx, orgID, v.ID); err != nil {
				return err
			}
		}
	}
	if oe, ok := e.Embedder.(OrgEmbedder); ok {
		// The organization's doctrine changed: its model learns it again, and every published
		// passage gets a vector of the new model.
		if err := e.retrain(ctx, src, oe, orgID); err != nil {
			return err
		}
	}
	return e.setDirty(ctx, false)
}

// IndexVersion adds one version whatever its state, so that a version in review can be
// searched with Query.VersionID before it is published. Searches without a version never
// see it. A full rebuild does not keep it.
func (e *Engine) IndexVersion(ctx context.Context, src Source, orgID, versionID string) error {
	v, err := src.Version(ctx, orgID, versionID)
	if err != nil {
		return fmt.Errorf("retrieval: index version: %w", err)
	}
	if err := e.setDirty(ctx, true); err != nil {
		return err
	}
	if oe, ok := e.Embedder.(OrgEmbedder); ok && !oe.HasModel(orgID) {
		if err := e.retrain(ctx, src, oe, orgID); err != nil {
			return err
		}
	}
	if _, err := e.indexVersion(ctx, src, v); err != nil {
		return err
	}
	return e.setDirty(ctx, false)
}

// RemoveVersion takes a version's passages out of both indexes.
func (e *Engine) RemoveVersion(ctx context.Context, orgID, versionID string) error {
	if err := e.setDirty(ctx, true); err != nil {
		return err
	}
	if err := e.removeVersion(ctx, orgID, versionID); err != nil {
		return err
	}
	return e.setDirty(ctx, false)
}

func (e *Engine) removeVersion(ctx context.Context, orgID, versionID string) error {
	if err := e.Text.DeleteVersion(ctx, orgID, versionID); err != nil {
		return err
	}
	return e.Vectors.DeleteVersion(ctx, orgID, versionID)
}

// rebuildBatch is how many passages a rebuild gathers, across versions, before indexing them.
const rebuildBatch = 4096

// versionPassages reads a version's sections and cuts them into passages.
func versionPassages(ctx context.Context, src Source, v socle.Version) ([]Passage, error) {
	g, err := src.Guide(ctx, v.OrgID, v.GuideID)
	if err != nil {
		return nil, fmt.Errorf("retrieval: index version %s: %w", v.ID, err)
	}
	sections, err := src.Sections(ctx, v.OrgID, v.ID)
	if err != nil {
		return nil, fmt.Errorf("retrieval: index version %s: %w", v.ID, err)
	}
	return Passages(g, v, sections)
}

// indexVersion reads a version's sections and indexes their passages; it returns how many.
// Entries of the same keys are replaced, so indexing a version twice is harmless.
func (e *Engine) indexVersion(ctx context.Context, src Source, v socle.Version) (int, error) {
	passages, err := versionPassages(ctx, src, v)
	if err != nil {
		return 0, err
	}
	// Vectors shared by the servers hold the version already when another server applied
	// the change first: only this server's text index needs it. A trained embedder's
	// vectors are its own model's, so they are always written.
	if sv, ok := e.Vectors.(SharedVectorIndex); ok && e.sharedVectors && len(passages) > 0 {
		if _, trained := e.Embedder.(OrgEmbedder); !trained {
			n, err := sv.CountVersion(ctx, v.OrgID, v.ID, string(v.State))
			if err != nil {
				return 0, err
			}
			if n == len(passages) {
				return len(passages), e.Text.Index(ctx, passages)
			}
		}
	}
	return len(passages), e.indexPassages(ctx, passages, nil)
}

// embedBatch is how many passages are embedded and stored at a time.
const embedBatch = 256

// indexPassages puts passages in both indexes, in batches, and makes them durable.
func (e *Engine) indexPassages(ctx context.Context, passages []Passage, progress func(done int)) error {
	if err := e.putPassagesProgress(ctx, passages, progress); err != nil {
		return err
	}
	return e.Vectors.Flush(ctx)
}

// putPassages puts passages in both indexes without flushing the vector index.
func (e *Engine) putPassages(ctx context.Context, passages []Passage) error {
	return e.putPassagesProgress(ctx, passages, nil)
}

func (e *Engine) putPassagesProgress(ctx context.Context, passages []Passage, progress func(done int)) error {
	model, dim := e.Embedder.Model(), e.Embedder.Dim()
	for start := 0; start < len(passages); start += embedBatch {
		chunk := passages[start:min(start+embedBatch, len(passages))]
		if err := e.Text.Index(ctx, chunk); err != nil {
			return err
		}
		texts := make([]string, len(chunk))
		for i := range chunk {
			texts[i] = embeddingText(&chunk[i])
		}
		vecs, err := e.embedPassages(ctx, chunk, texts)
		if err != nil {
			return fmt.Errorf("retrieval: embed passages: %w", err)
		}
		if len(vecs) != len(chunk) {
			return socle.Errorf(socle.EUNAVAILABLE, "embedder %s returned %d vectors for %d passages", model, len(vecs), len(chunk))
		}
		entries := make([]VectorEntry, len(chunk))
		for i := range chunk {
			p := &chunk[i]
			entries[i] = VectorEntry{
				Key: p.Key(), OrgID: p.OrgID, GuideID: p.GuideID, Kind: string(p.Kind),
				VersionID: p.VersionID, State: string(p.State), Vector: vecs[i],
			}
		}
		if err := e.Vectors.Put(ctx, model, dim, entries); err != nil {
			return err
		}
		if progress != nil {
			progress(start + len(chunk))
		}
	}
	return nil
}

// embeddingText is what a passage's vector is computed from: its heading path gives the
// context its own words may lack.
func embeddingText(p *Passage) string {
	if h := p.indexedHeading(); h != "" {
		return h + "\n\n" + p.Text
	}
	return p.Text
}

// embedPassages embeds a chunk of passages: with the embedder, or, for one trained per
// organization, with each passage's organization's model.
func (e *Engine) embedPassages(ctx context.Context, chunk []Passage, texts []string) ([][]float32, error) {
	oe, ok := e.Embedder.(OrgEmbedder)
	if !ok {
		return e.Embedder.Embed(ctx, texts)
	}
	out := make([][]float32, len(chunk))
	for start := 0; start < len(chunk); {
		end := start + 1
		for end < len(chunk) && chunk[end].OrgID == chunk[start].OrgID {
			end++
		}
		vs, err := oe.EmbedOrg(ctx, chunk[start].OrgID, texts[start:end])
		if err != nil {
			return nil, err
		}
		if len(vs) != end-start {
			return nil, socle.Errorf(socle.EUNAVAILABLE, "embedder %s returned %d vectors for %d passages", e.Embedder.Model(), len(vs), end-start)
		}
		copy(out[start:end], vs)
		start = end
	}
	return out, nil
}

// publishedPassages reads every published passage of an organization.
func publishedPassages(ctx context.Context, src Source, orgID string) ([]Passage, []socle.Version, error) {
	versions, err := src.PublishedVersions(ctx, orgID)
	if err != nil {
		return nil, nil, fmt.Errorf("retrieval: %s: %w", orgID, err)
	}
	var out []Passage
	for _, v := range versions {
		ps, err := versionPassages(ctx, src, v)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, ps...)
	}
	return out, versions, nil
}

func trainingTexts(ps []Passage) []string {
	texts := make([]string, len(ps))
	for i := range ps {
		texts[i] = embeddingText(&ps[i])
	}
	return texts
}

// retrain learns an organization's model from its published passages and gives each of them a
// vector of the new model (entries of the same keys are replaced).
func (e *Engine) retrain(ctx context.Context, src Source, oe OrgEmbedder, orgID string) error {
	ps, _, err := publishedPassages(ctx, src, orgID)
	if err != nil {
		return err
	}
	if err := oe.Train(ctx, orgID, trainingTexts(ps)); err != nil {
		return err
	}
	return e.putVectors(ctx, ps)
}

// putVectors embeds passages and stores their vectors, without touching the text index.
func (e *Engine) putVectors(ctx context.Context, passages []Passage) error {
	model, dim := e.Embedder.Model(), e.Embedder.Dim()
	for start := 0; start < len(passages); start += embedBatch {
		chunk := passages[start:min(start+embedBatch, len(passages))]
		texts := make([]string, len(chunk))
		for i := range chunk {
			texts[i] = embeddingText(&chunk[i])
		}
		vecs, err := e.embedPassages(ctx, chunk, texts)
		if err != nil {
			return fmt.Errorf("retrieval: embed passages: %w", err)
		}
		entries := make([]VectorEntry, len(chunk))
		for i := range chunk {
			p := &chunk[i]
			entries[i] = VectorEntry{Key: p.Key(), OrgID: p.OrgID, GuideID: p.GuideID, Kind: string(p.Kind),
				VersionID: p.VersionID, State: string(p.State), Vector: vecs[i]}
		}
		if err := e.Vectors.Put(ctx, model, dim, entries); err != nil {
			return err
		}
	}
	return e.Vectors.Flush(ctx)
}

// rebuildTrained refills the indexes organization by organization: each one's model is learned
// from all its published passages before any of them is embedded.
func (e *Engine) rebuildTrained(ctx context.Context, src Source, oe OrgEmbedder, orgs []string, progress func(Progress)) error {
	total := 0
	for _, org := range orgs {
		ps, versions, err := publishedPassages(ctx, src, org)
		if err != nil {
			return err
		}
		if err := oe.Train(ctx, org, trainingTexts(ps)); err != nil {
			return err
		}
		for start := 0; start < len(ps); start += rebuildBatch {
			chunk := ps[start:min(start+rebuildBatch, len(ps))]
			if err := e.putPassages(ctx, chunk); err != nil {
				return err
			}
			total += len(chunk)
			progress(Progress{OrgID: org, Versions: len(versions), VersionsDone: len(versions) * (start + len(chunk)) / max(1, len(ps)), Passages: total})
		}
		if len(ps) == 0 {
			progress(Progress{OrgID: org, Versions: len(versions), VersionsDone: len(versions), Passages: total})
		}
	}
	if err := e.Vectors.Flush(ctx); err != nil {
		return err
	}
	return e.setDirty(ctx, false)
}
