package retrieval

import (
	"context"

	"github.com/socle-project/socle"
)

// VectorEntry is one passage's vector and what a search filters it on.
type VectorEntry struct {
	Key       string // Passage.Key()
	OrgID     string
	GuideID   string
	Kind      string
	VersionID string
	State     string // version state; searches without a version take "published" only
	Vector    []float32
}

// VectorSearch asks for the K nearest vectors within a filter. Model must be the model of
// the vectors held: an index never ranks vectors of one model against a query of another.
type VectorSearch struct {
	Filter
	Model  string
	Vector []float32 // unit length
	K      int
}

// VectorHit is a passage key and its cosine similarity to the query.
type VectorHit struct {
	Key   string
	Score float64
}

// VectorIndex is the contract every vector index meets: the embedded exact index here, and
// pgvector in store/postgres. It speaks in plain types so that an implementation needs
// neither bleve nor this package's internals. Implementations apply the filter inside their
// engine, before ranking (an organization's search never ranks another's vectors), and keep
// vectors of one model only: Put with another model than the one held is ECONFLICT until
// Reset.
type VectorIndex interface {
	// Model returns the model and dimension of the vectors held; "" and 0 when empty.
	Model(ctx context.Context) (model string, dim int, err error)
	// Put adds entries or replaces those with the same key.
	Put(ctx context.Context, model string, dim int, entries []VectorEntry) error
	// DeleteVersion removes the entries of a version of an organization.
	DeleteVersion(ctx context.Context, orgID, versionID string) error
	// DeleteOrg removes every entry of an organization.
	DeleteOrg(ctx context.Context, orgID string) error
	// Reset removes every entry, of every organization, and forgets the model.
	Reset(ctx context.Context) error
	// Count returns the number of entries of an organization, or of all when orgID is "".
	Count(ctx context.Context, orgID string) (int, error)
	// Search returns up to K entries by decreasing similarity. It is EINVALID without an
	// organization, and ECONFLICT for a model or dimension other than those held.
	Search(ctx context.Context, s VectorSearch) ([]VectorHit, error)
	// Flush makes the changes made so far durable.
	Flush(ctx context.Context) error
	Close() error
}

// checkVectorSearch validates what every implementation checks first.
func checkVectorSearch(s *VectorSearch, model string, dim int) error {
	if err := s.Filter.validate(); err != nil {
		return err
	}
	if s.K <= 0 {
		return socle.Errorf(socle.EINVALID, "vector search: k is %d, want at least 1", s.K)
	}
	if model != "" && (s.Model != model || len(s.Vector) != dim) {
		return socle.Errorf(socle.ECONFLICT, "vector search: the index holds %s vectors of dimension %d, the query is %s of dimension %d: reindex with the configured embedder", model, dim, s.Model, len(s.Vector))
	}
	return nil
}

// SharedVectorIndex is a vector index in the database, written by every server of a
// deployment. CountVersion says how many entries of a version it holds in a state, so that a
// server applying a change another server applied already leaves the vectors as they are
// rather than embedding the same passages again.
type SharedVectorIndex interface {
	VectorIndex
	CountVersion(ctx context.Context, orgID, versionID, state string) (int, error)
}
