package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/retrieval/wordvec"
)

// OrgEmbedder is an embedder whose model is learned from each organization's own published
// doctrine: it embeds for one organization, and is trained again when that doctrine changes.
// The engine uses these methods instead of Embed and EmbedQuery.
type OrgEmbedder interface {
	Embedder
	EmbedOrg(ctx context.Context, orgID string, texts []string) ([][]float32, error)
	EmbedOrgQuery(ctx context.Context, orgID, text string) ([]float32, error)
	// Train learns the organization's model from its passages' texts, replacing the one held.
	Train(ctx context.Context, orgID string, texts []string) error
	// HasModel reports whether the organization has a trained model.
	HasModel(orgID string) bool
	// Forget drops an organization's model.
	Forget(orgID string) error
	// SetDir says where models are kept; the engine sets it to its index directory.
	SetDir(dir string)
}

// TrainedEmbedder is the offline embedder trained on an organization's published doctrine at
// publish time: word vectors learned from the organization's passages (PPMI co-occurrences
// reduced by SVD, or skip-gram with negative sampling; package wordvec), composed into passage
// vectors with smooth inverse frequency weights. Deterministic: the same doctrine gives the same
// vectors on every server. Models are kept beside the indexes (derived data, rebuilt from the
// store like them).
type TrainedEmbedder struct {
	kind     string
	cfg      wordvec.Config
	analyzer *Analyzer

	mu     sync.Mutex
	dir    string
	models map[string]*wordvec.Model
}

// Embedder kinds that can be named on the command line.
const (
	EmbedderHashing = "hashing"
	EmbedderPPMI    = wordvec.PPMI
	EmbedderSGNS    = wordvec.SGNS
)

// DefaultTrainedDim is the trained embedders' dimension.
const DefaultTrainedDim = 128

// NewTrainedEmbedder returns a trained embedder of the given kind (ppmi or sgns).
func NewTrainedEmbedder(kind string, dim int) (*TrainedEmbedder, error) {
	if kind != wordvec.PPMI && kind != wordvec.SGNS {
		return nil, socle.Errorf(socle.EINVALID, "embedder %q is not known: use hashing, ppmi or sgns", kind)
	}
	if dim <= 0 {
		dim = DefaultTrainedDim
	}
	return &TrainedEmbedder{kind: kind, cfg: wordvec.Config{Dim: dim}, analyzer: NewAnalyzer(), models: map[string]*wordvec.Model{}}, nil
}

// Model names the embedder: its kind, analyzer and dimension. Every organization's vectors come
// from its own weights under this one name; searches never compare two organizations' vectors.
func (t *TrainedEmbedder) Model() string {
	return fmt.Sprintf("socle-%s-v1/%s/d%d", t.kind, AnalyzerVersion, t.cfg.Dim)
}

// Dim returns the vectors' dimension.
func (t *TrainedEmbedder) Dim() int { return t.cfg.Dim }

// Embed is not available without an organization: the engine calls EmbedOrg.
func (t *TrainedEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return nil, socle.Errorf(socle.EINVALID, "the %s embedder is trained per organization: embed through an organization", t.kind)
}

// SetDir sets where models are kept.
func (t *TrainedEmbedder) SetDir(dir string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.dir = dir
}

func (t *TrainedEmbedder) path(orgID string) string {
	return filepath.Join(t.dir, orgID+"."+t.kind+".model")
}

func (t *TrainedEmbedder) tokens(text string) []string {
	ts := t.analyzer.Terms(text)
	out := make([]string, len(ts))
	for i, x := range ts {
		out[i] = x.Text
	}
	return out
}

// Train learns the organization's model from its passages. Texts are sorted first, so that the
// model depends on the doctrine, not on the order the store lists it in.
func (t *TrainedEmbedder) Train(ctx context.Context, orgID string, texts []string) error {
	sorted := append([]string(nil), texts...)
	sort.Strings(sorted)
	docs := make([][]string, 0, len(sorted))
	for i, s := range sorted {
		if i%512 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		docs = append(docs, t.tokens(s))
	}
	m, err := wordvec.Train(t.kind, docs, t.cfg)
	if errors.Is(err, wordvec.ErrTooSmall) {
		// A doctrine of a few lines: no model, no vectors; full text answers alone.
		m, err = nil, nil
	}
	if err != nil {
		return fmt.Errorf("retrieval: train the %s embedder: %w", t.kind, err)
	}
	if m != nil && m.Dim != t.cfg.Dim {
		m = nil // a vocabulary smaller than the dimension: too small to learn from
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dir != "" {
		if err := os.MkdirAll(t.dir, 0o755); err != nil {
			return fmt.Errorf("retrieval: models: %w", err)
		}
		p := t.path(orgID)
		if m == nil {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				return fmt.Errorf("retrieval: models: %w", err)
			}
		} else if err := writeModel(p, m); err != nil {
			return err
		}
	}
	t.models[orgID] = m
	return nil
}

// writeModel writes a model file whole or not at all.
func writeModel(path string, m *wordvec.Model) error {
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return fmt.Errorf("retrieval: models: %w", err)
	}
	if _, err := m.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("retrieval: models: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("retrieval: models: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("retrieval: models: %w", err)
	}
	return os.Rename(path+".tmp", path)
}

// model returns the organization's model, read from disk the first time; nil (and no error)
// for an organization whose doctrine was too small to learn from.
func (t *TrainedEmbedder) model(orgID string) (*wordvec.Model, bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m, ok := t.models[orgID]; ok {
		return m, true, nil
	}
	if t.dir == "" {
		return nil, false, nil
	}
	f, err := os.Open(t.path(orgID))
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("retrieval: models: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, fmt.Errorf("retrieval: models: %w", err)
	}
	var m *wordvec.Model
	if st.Size() > 0 {
		if m, err = wordvec.Read(f); err != nil {
			return nil, false, socle.Errorf(socle.EUNAVAILABLE, "the %s model of organization %s is damaged (%v): rebuild the indexes with socle reindex", t.kind, orgID, err)
		}
		if m.Dim != t.cfg.Dim || m.Kind != t.kind {
			return nil, false, socle.Errorf(socle.EUNAVAILABLE, "the model of organization %s is %s/%d, not %s/%d: rebuild the indexes with socle reindex", orgID, m.Kind, m.Dim, t.kind, t.cfg.Dim)
		}
	}
	t.models[orgID] = m
	return m, true, nil
}

// HasModel reports whether the organization's model was trained (possibly empty, for a
// doctrine too small to learn from).
func (t *TrainedEmbedder) HasModel(orgID string) bool {
	_, ok, err := t.model(orgID)
	return ok && err == nil
}

// Forget drops an organization's model, in memory and on disk.
func (t *TrainedEmbedder) Forget(orgID string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.models, orgID)
	if t.dir == "" {
		return nil
	}
	if err := os.Remove(t.path(orgID)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("retrieval: models: %w", err)
	}
	return nil
}

// EmbedOrg embeds passages with the organization's model; zero vectors when it has none.
func (t *TrainedEmbedder) EmbedOrg(ctx context.Context, orgID string, texts []string) ([][]float32, error) {
	m, ok, err := t.model(orgID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, socle.Errorf(socle.EUNAVAILABLE, "organization %s has no trained %s model yet: rebuild the indexes with socle reindex", orgID, t.kind)
	}
	out := make([][]float32, len(texts))
	for i, s := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if m == nil {
			out[i] = make([]float32, t.cfg.Dim)
			continue
		}
		out[i] = m.Compose(t.tokens(s))
	}
	return out, nil
}

// EmbedOrgQuery embeds a query with the organization's model.
func (t *TrainedEmbedder) EmbedOrgQuery(ctx context.Context, orgID, text string) ([]float32, error) {
	vs, err := t.EmbedOrg(ctx, orgID, []string{strings.TrimSpace(text)})
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}
