package postgres

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
	"github.com/socle-project/socle"
	"github.com/socle-project/socle/retrieval"
)

// Vectors is the pgvector implementation of retrieval.VectorIndex: HNSW over cosine distance,
// with the organization and the other filters applied in the query. pgvector's iterative index
// scan keeps reading the graph until k rows pass the filter, so that an organization holding a
// small share of the vectors still gets k results (a probe without it returned 0 of 10).
type Vectors struct {
	s *Store
	// put counts the rows written since the last ANALYZE: after a bulk load the planner's
	// statistics describe an empty table, and it would scan 100 000 vectors instead of using
	// the index.
	put atomic.Int64
	// EfSearch is the HNSW candidate list size of a search; 0 means 100.
	EfSearch int
	// ForceHNSW makes the planner read the HNSW index even where an exact scan of the
	// organization's rows would be cheaper, as it is on small tables. Tests set it so that the
	// approximate path, the one where filtering can starve results, is the one exercised.
	ForceHNSW bool
}

var _ retrieval.VectorIndex = (*Vectors)(nil)

// Vectors returns the store's vector index.
func (s *Store) Vectors() *Vectors { return &Vectors{s: s} }

// analyzeAfter is how many rows written make Flush refresh the planner's statistics.
const analyzeAfter = 1000

// Model returns the model and dimension of the vectors held.
func (v *Vectors) Model(ctx context.Context) (string, int, error) {
	var model string
	var dim int
	err := v.s.pool.QueryRow(ctx, `SELECT model, dim FROM vector_model`).Scan(&model, &dim)
	if err == pgx.ErrNoRows {
		return "", 0, nil
	}
	return model, dim, wrap(err)
}

// Put adds or replaces entries. The first entries of a model type the column and build the
// index; entries of another model than the one held are ECONFLICT until Reset.
func (v *Vectors) Put(ctx context.Context, model string, dim int, entries []retrieval.VectorEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return v.s.inTx(ctx, func(tx pgx.Tx) error {
		var held string
		var heldDim int
		err := tx.QueryRow(ctx, `SELECT model, dim FROM vector_model FOR UPDATE`).Scan(&held, &heldDim)
		switch {
		case err == pgx.ErrNoRows:
			if err := setModel(ctx, tx, model, dim); err != nil {
				return err
			}
		case err != nil:
			return err
		case held != model || heldDim != dim:
			return socle.Errorf(socle.ECONFLICT, "the vector index holds %s vectors of dimension %d, not %s of %d: reindex", held, heldDim, model, dim)
		}
		rows := make([][]any, len(entries))
		for i, e := range entries {
			if len(e.Vector) != dim {
				return socle.Errorf(socle.EINVALID, "vector of %s has dimension %d, want %d", e.Key, len(e.Vector), dim)
			}
			rows[i] = []any{e.Key, e.OrgID, e.GuideID, e.Kind, e.VersionID, e.State, pgvector.NewVector(e.Vector)}
		}
		// Replace by key: delete then copy, which is far faster than upserting row by row.
		orgs, keys := make([]string, len(entries)), make([]string, len(entries))
		for i, e := range entries {
			orgs[i], keys[i] = e.OrgID, e.Key
		}
		if _, err := tx.Exec(ctx, `DELETE FROM passage_vectors WHERE (org_id, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, orgs, keys); err != nil {
			return err
		}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"passage_vectors"},
			[]string{"key", "org_id", "guide_id", "kind", "version_id", "state", "embedding"}, pgx.CopyFromRows(rows))
		if err == nil {
			v.put.Add(int64(len(rows)))
		}
		return err
	})
}

// setModel types the embedding column and builds the HNSW index for a model's vectors.
func setModel(ctx context.Context, tx pgx.Tx, model string, dim int) error {
	if dim < 1 || dim > 2000 {
		return socle.Errorf(socle.EINVALID, "vector dimension %d: pgvector's HNSW index takes 1 to 2000 dimensions", dim)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO vector_model (model, dim) VALUES ($1, $2)`, model, dim); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, fmt.Sprintf(`ALTER TABLE passage_vectors ALTER COLUMN embedding TYPE vector(%d)`, dim)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `CREATE INDEX IF NOT EXISTS passage_vectors_hnsw ON passage_vectors USING hnsw (embedding vector_cosine_ops)`)
	return err
}

// DeleteVersion removes a version's entries.
func (v *Vectors) DeleteVersion(ctx context.Context, orgID, versionID string) error {
	_, err := v.s.pool.Exec(ctx, `DELETE FROM passage_vectors WHERE org_id = $1 AND version_id = $2`, orgID, versionID)
	return wrap(err)
}

// CountVersion says how many entries of a version the index holds in a state: a server
// applying a change that another server applied already leaves them as they are.
func (v *Vectors) CountVersion(ctx context.Context, orgID, versionID, state string) (int, error) {
	var n int
	err := v.s.pool.QueryRow(ctx, `SELECT count(*) FROM passage_vectors WHERE org_id = $1 AND version_id = $2 AND state = $3`,
		orgID, versionID, state).Scan(&n)
	return n, wrap(err)
}

// DeleteOrg removes an organization's entries.
func (v *Vectors) DeleteOrg(ctx context.Context, orgID string) error {
	_, err := v.s.pool.Exec(ctx, `DELETE FROM passage_vectors WHERE org_id = $1`, orgID)
	return wrap(err)
}

// Reset removes every entry and forgets the model, untyping the column for the next one.
func (v *Vectors) Reset(ctx context.Context) error {
	return v.s.inTx(ctx, func(tx pgx.Tx) error {
		for _, stmt := range []string{
			`LOCK TABLE vector_model IN EXCLUSIVE MODE`,
			`DELETE FROM vector_model`,
			`TRUNCATE passage_vectors`,
			`DROP INDEX IF EXISTS passage_vectors_hnsw`,
			`ALTER TABLE passage_vectors ALTER COLUMN embedding TYPE vector`,
		} {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return err
			}
		}
		return nil
	})
}

// Count returns the entries of an organization, or of all.
func (v *Vectors) Count(ctx context.Context, orgID string) (int, error) {
	var n int
	err := v.s.pool.QueryRow(ctx, `SELECT count(*) FROM passage_vectors WHERE $1 = '' OR org_id = $1`, orgID).Scan(&n)
	return n, wrap(err)
}

// Search returns the nearest entries within the filter.
func (v *Vectors) Search(ctx context.Context, q retrieval.VectorSearch) ([]retrieval.VectorHit, error) {
	if q.OrgID == "" {
		return nil, socle.Errorf(socle.EINVALID, "search has no organization: every search is scoped to the caller's organization")
	}
	if q.K <= 0 {
		return nil, socle.Errorf(socle.EINVALID, "vector search: k is %d, want at least 1", q.K)
	}
	model, dim, err := v.Model(ctx)
	if err != nil || model == "" {
		return nil, err
	}
	if q.Model != model || len(q.Vector) != dim {
		return nil, socle.Errorf(socle.ECONFLICT, "the vector index holds %s vectors of dimension %d, the query is %s of dimension %d: reindex with the configured embedder", model, dim, q.Model, len(q.Vector))
	}
	ef := v.EfSearch
	if ef == 0 {
		ef = 100
	}
	var hits []retrieval.VectorHit
	err = v.s.inTx(ctx, func(tx pgx.Tx) error {
		// relaxed_order lets the scan go on past the first candidate list until k rows pass the
		// filter; results may come slightly out of order and are sorted below.
		// A custom plan each time: a generic plan, made without knowing the filter's values and
		// the limit, may choose to read every vector.
		if _, err := tx.Exec(ctx, fmt.Sprintf(`SET LOCAL hnsw.ef_search = %d; SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL plan_cache_mode = force_custom_plan`, ef)); err != nil {
			return err
		}
		if v.ForceHNSW {
			// Without sorting, only the HNSW index can give the order asked for.
			if _, err := tx.Exec(ctx, `SET LOCAL enable_sort = off; SET LOCAL enable_seqscan = off`); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, vectorQuery,
			pgvector.NewVector(q.Vector), q.OrgID, q.VersionID, nonNilStrings(q.GuideIDs), nonNilStrings(q.Kinds), q.K)
		if err != nil {
			return err
		}
		hits, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (retrieval.VectorHit, error) {
			var h retrieval.VectorHit
			err := r.Scan(&h.Key, &h.Score)
			return h, err
		})
		return err
	})
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	return hits, err
}

// vectorQuery is the nearest-neighbour search within the filter.
const vectorQuery = `SELECT key, 1 - (embedding <=> $1) FROM passage_vectors
	WHERE org_id = $2
	  AND (CASE WHEN $3 = '' THEN state = 'published' ELSE version_id = $3 END)
	  AND (cardinality($4::text[]) = 0 OR guide_id = ANY($4))
	  AND (cardinality($5::text[]) = 0 OR kind = ANY($5))
	ORDER BY embedding <=> $1 LIMIT $6`

// Plan returns the query plan of a search with these settings, for tests that must know which
// path a search takes.
func (v *Vectors) Plan(ctx context.Context, q retrieval.VectorSearch) (string, error) {
	var plan []string
	err := v.s.inTx(ctx, func(tx pgx.Tx) error {
		if v.ForceHNSW {
			if _, err := tx.Exec(ctx, `SET LOCAL enable_sort = off; SET LOCAL enable_seqscan = off`); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, "EXPLAIN "+vectorQuery, pgvector.NewVector(q.Vector), q.OrgID, q.VersionID,
			nonNilStrings(q.GuideIDs), nonNilStrings(q.Kinds), q.K)
		if err != nil {
			return err
		}
		plan, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	return strings.Join(plan, "\n"), err
}

// Flush makes nothing more durable (every change is committed when made) but refreshes the
// planner's statistics after a bulk load.
func (v *Vectors) Flush(ctx context.Context) error {
	if v.put.Load() < analyzeAfter {
		return nil
	}
	v.put.Store(0)
	_, err := v.s.pool.Exec(ctx, `ANALYZE passage_vectors`)
	return wrap(err)
}

// Close is a no-op: the store owns the pool.
func (v *Vectors) Close() error { return nil }

var _ retrieval.SharedVectorIndex = (*Vectors)(nil)
