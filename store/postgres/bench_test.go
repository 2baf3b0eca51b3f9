package postgres_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
	pgxvec "github.com/pgvector/pgvector-go/pgx"
	"github.com/socle-project/socle"
	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/store/postgres"
)

// The PostgreSQL mode against a PostgreSQL-only baseline, on the same machine, in the same run,
// with the same passages and the same embeddings:
//
//	go test ./store/postgres -run '^$' -bench 'Postgres' -benchtime 1x -timeout 60m
//
// Socle's PostgreSQL mode keeps the authoring store and the vectors (pgvector, HNSW) in the
// database and the French full text in bleve on local disk; the baseline does everything in
// SQL: a tsvector with an unaccented French configuration, a GIN index, pgvector, and
// reciprocal rank fusion in one query.

func corpusRoot(b *testing.B) string {
	root := os.Getenv("SOCLE_CORPUS")
	if root == "" {
		root = "../../../shared/corpus"
	}
	if _, err := os.Stat(filepath.Join(root, "bench", "spf-qr")); err != nil {
		b.Skipf("corpus not found at %s (set SOCLE_CORPUS)", root)
	}
	return root
}

// benchPassage is one passage of the benchmark: the corpus entry it comes from and its text.
type benchPassage struct {
	entry, key, text string
}

// baseline is the PostgreSQL-only search.
type baseline struct {
	pool *pgx.Conn
}

const baselineSchema = `
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
DO $$ BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
		CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
		ALTER TEXT SEARCH CONFIGURATION french_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
	END IF;
END $$;
CREATE TABLE baseline (key text PRIMARY KEY, entry text NOT NULL, org text NOT NULL, body text NOT NULL,
	tsv tsvector GENERATED ALWAYS AS (to_tsvector('french_unaccent', body)) STORED, embedding vector(%d) NOT NULL);
`

const baselineIndexes = `
CREATE INDEX baseline_tsv ON baseline USING gin (tsv);
CREATE INDEX baseline_hnsw ON baseline USING hnsw (embedding vector_cosine_ops);
CREATE INDEX baseline_org ON baseline (org);
ANALYZE baseline;
`

// baselineQuery fuses the two rankings by reciprocal rank (k = 60) in SQL. The words of the
// question are OR-ed: plainto_tsquery would AND them and match almost nothing.
const baselineQuery = `
WITH q AS (SELECT replace(plainto_tsquery('french_unaccent', $1)::text, '&', '|')::tsquery AS tq),
fts AS (
	SELECT key, row_number() OVER (ORDER BY ts_rank_cd(tsv, q.tq) DESC) AS r
	FROM baseline, q WHERE org = $2 AND tsv @@ q.tq
	ORDER BY ts_rank_cd(tsv, q.tq) DESC LIMIT 100),
vec AS (
	SELECT key, row_number() OVER (ORDER BY embedding <=> $3) AS r
	FROM baseline WHERE org = $2 ORDER BY embedding <=> $3 LIMIT 100)
SELECT key FROM (SELECT key, r FROM fts UNION ALL SELECT key, r FROM vec) u
GROUP BY key ORDER BY sum(1.0 / (60 + r)) DESC LIMIT 100`

func newBaseline(b *testing.B, url string, dim int, emb retrieval.Embedder, org string, ps []benchPassage) *baseline {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close(ctx) })
	if _, err := conn.Exec(ctx, fmt.Sprintf(baselineSchema, dim)); err != nil {
		b.Fatalf("baseline schema: %v", err)
	}
	if err := pgxvec.RegisterTypes(ctx, conn); err != nil {
		b.Fatal(err)
	}
	for start := 0; start < len(ps); start += 512 {
		chunk := ps[start:min(start+512, len(ps))]
		texts := make([]string, len(chunk))
		for i, p := range chunk {
			texts[i] = p.text
		}
		vecs, err := emb.Embed(ctx, texts)
		if err != nil {
			b.Fatal(err)
		}
		rows := make([][]any, len(chunk))
		for i, p := range chunk {
			rows[i] = []any{p.key, p.entry, org, p.text, pgvector.NewVector(vecs[i])}
		}
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{"baseline"}, []string{"key", "entry", "org", "body", "embedding"}, pgx.CopyFromRows(rows)); err != nil {
			b.Fatalf("baseline copy: %v", err)
		}
	}
	if _, err := conn.Exec(ctx, baselineIndexes); err != nil {
		b.Fatalf("baseline indexes: %v", err)
	}
	return &baseline{pool: conn}
}

// search returns the baseline's ranking of passage keys.
func (bl *baseline) search(ctx context.Context, emb retrieval.Embedder, org, q string) ([]string, error) {
	vecs, err := emb.Embed(ctx, []string{q})
	if err != nil {
		return nil, err
	}
	rows, err := bl.pool.Query(ctx, baselineQuery, q, org, pgvector.NewVector(vecs[0]))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// loadStore puts the corpus in the store as one published guide of org, one section per entry
// (copies times), cut into passages as ingest cuts sections, and returns the passages.
func loadStore(b *testing.B, s *postgres.Store, set *retrieval.BEIR, copies int) (socle.Organization, []benchPassage) {
	ctx := context.Background()
	org := socle.Organization{Slug: "bench", Name: "Bench"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		b.Fatal(err)
	}
	g := socle.Guide{OrgID: org.ID, Slug: "corpus", Title: "Corpus", Kind: socle.KindMethodology}
	v := socle.Version{State: socle.StatePublished}
	var c socle.VersionContent
	var ps []benchPassage
	for k := 0; k < copies; k++ {
		for _, e := range set.Corpus {
			id := e.ID
			if k > 0 {
				id = fmt.Sprintf("%s~%d", e.ID, k)
			}
			sec := socle.Section{ID: id, Path: []string{e.Title}, Level: 1, Text: e.Text, Passages: ingest.Passages(e.Text)}
			c.Sections = append(c.Sections, sec)
			for i, sp := range sec.Passages {
				ps = append(ps, benchPassage{entry: id, key: fmt.Sprintf("%s#%d", id, i), text: e.Title + "\n\n" + e.Text[sp.Start:sp.End]})
			}
		}
	}
	if err := s.CreateGuideWithVersion(ctx, &g, &v, c); err != nil {
		b.Fatal(err)
	}
	return org, ps
}

// entries turns a ranking of passages into a ranking of corpus entries: an entry ranks as its
// best passage, as in retrieval's evaluation.
func entries(keys []string, entryOf func(string) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range keys {
		e := entryOf(k)
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

func pct(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p/100*float64(len(sorted))))]
}

// BenchmarkPostgresQuality measures, on spf-qr with its 3,588 distractors, nDCG@10 and latency
// of Socle's PostgreSQL mode (each mode) and of the PostgreSQL-only baseline.
func BenchmarkPostgresQuality(b *testing.B) {
	root := corpusRoot(b)
	dir := filepath.Join(root, "bench", "spf-qr")
	set, err := retrieval.LoadBEIR(filepath.Join(dir, "corpus_plus_3588_distractors.jsonl"), filepath.Join(dir, "queries.jsonl"), filepath.Join(dir, "qrels", "test_with_distractors.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	s, url := openSchema(b)
	ctx := context.Background()
	emb := retrieval.NewHashingEmbedder(0)
	for i := 0; i < b.N; i++ {
		rep, err := retrieval.EvaluateSet(ctx, set, retrieval.EvalConfig{Dir: b.TempDir(), Embedder: emb, Vectors: s.Vectors(), Split: ingest.Passages})
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range retrieval.Modes {
			r := rep.Modes[m]
			b.ReportMetric(r.NDCG10, "socle-"+string(m)+"-ndcg@10")
			b.ReportMetric(r.P95ms, "socle-"+string(m)+"-p95-ms")
		}
	}
	b.StopTimer()
	_, ps := loadStore(b, s, set, 1)
	bl := newBaseline(b, url, emb.Dim(), emb, "bench", ps)
	entryOf := map[string]string{}
	for _, p := range ps {
		entryOf[p.key] = p.entry
	}
	var ndcg float64
	var lat []float64
	for _, q := range set.Queries {
		start := time.Now()
		keys, err := bl.search(ctx, emb, "bench", q.Text)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		ndcg += retrieval.NDCG(entries(keys, func(k string) string { return entryOf[k] }), set.Qrels[q.ID], 10)
	}
	sort.Float64s(lat)
	b.ReportMetric(ndcg/float64(len(set.Queries)), "baseline-ndcg@10")
	b.ReportMetric(pct(lat, 50), "baseline-p50-ms")
	b.ReportMetric(pct(lat, 95), "baseline-p95-ms")
}

// BenchmarkPostgresSearch100k measures query latency at 100 000 passages in one organization:
// Socle's PostgreSQL mode (indexes rebuilt from the store, vectors in pgvector) per mode, and
// the baseline, with the spf-qr questions. The passages are the spf-qr corpus repeated.
func BenchmarkPostgresSearch100k(b *testing.B) {
	root := corpusRoot(b)
	dir := filepath.Join(root, "bench", "spf-qr")
	set, err := retrieval.LoadBEIR(filepath.Join(dir, "corpus_plus_3588_distractors.jsonl"), filepath.Join(dir, "queries.jsonl"), filepath.Join(dir, "qrels", "test_with_distractors.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	s, url := openSchema(b)
	ctx := context.Background()
	emb := retrieval.NewHashingEmbedder(0)
	copies := 1
	_, probe := func() (int, int) { // passages per copy
		n := 0
		for _, e := range set.Corpus {
			n += len(ingest.Passages(e.Text))
		}
		return 0, n
	}()
	copies = max(1, (100_000+probe-1)/probe)
	org, ps := loadStore(b, s, set, copies)
	eng, _, err := retrieval.Open(ctx, b.TempDir(), emb, s.Vectors())
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	start := time.Now()
	if err := eng.Rebuild(ctx, s, "", nil); err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	bl := newBaseline(b, url, emb.Dim(), emb, org.ID, ps)
	queries := set.Queries
	measure := func(b *testing.B, search func(q string) error) {
		var lat []float64
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			q := queries[i%len(queries)].Text
			t0 := time.Now()
			if err := search(q); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
		}
		b.StopTimer()
		sort.Float64s(lat)
		b.ReportMetric(pct(lat, 50), "p50-ms")
		b.ReportMetric(pct(lat, 95), "p95-ms")
		b.ReportMetric(float64(len(ps)), "passages")
		b.ReportMetric(float64(len(ps))/build.Seconds(), "build-passages/s")
	}
	for _, m := range retrieval.Modes {
		b.Run("socle-"+string(m), func(b *testing.B) {
			measure(b, func(q string) error {
				_, err := eng.Search(ctx, org.ID, retrieval.Query{Text: q, Mode: m})
				return err
			})
		})
	}
	b.Run("baseline-sql", func(b *testing.B) {
		measure(b, func(q string) error {
			_, err := bl.search(ctx, emb, org.ID, q)
			return err
		})
	})
}
