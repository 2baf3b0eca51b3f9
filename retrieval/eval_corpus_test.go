package retrieval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-project/socle/ingest"
)

// corpusDir finds the shared corpus: $SOCLE_CORPUS, else ../shared/corpus beside the
// repository.
func corpusDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("SOCLE_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "bench")); err != nil {
		t.Skipf("shared corpus not found at %s (set SOCLE_CORPUS): %v", dir, err)
	}
	return dir
}

// evalSets are the BEIR sets of the shared corpus and the nDCG@10 of the reference BM25.
var evalSets = []struct {
	name, corpus, queries, qrels string
	reference                    float64
}{
	{"spf-qr+distractors", "spf-qr/corpus_plus_3588_distractors.jsonl", "spf-qr/queries.jsonl", "spf-qr/qrels/test_with_distractors.tsv", 0.769},
	{"piaf-v1.1", "piaf-v1.1/corpus.jsonl", "piaf-v1.1/queries.jsonl", "piaf-v1.1/qrels/test.tsv", 0.791},
}

// TestEvalCorpus measures every mode on the French BEIR sets and holds the targets: bm25 at
// least the reference BM25, hybrid above bm25. It takes minutes, so it runs only with
// SOCLE_EVAL=1 (make eval).
func TestEvalCorpus(t *testing.T) {
	if os.Getenv("SOCLE_EVAL") == "" {
		t.Skip("set SOCLE_EVAL=1 to run the retrieval evaluation on the shared corpus")
	}
	root := filepath.Join(corpusDir(t), "bench")
	only := os.Getenv("SOCLE_EVAL_SET")
	for _, s := range evalSets {
		if only != "" && !strings.Contains(s.name, only) {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			cfg := EvalConfig{
				Corpus: filepath.Join(root, s.corpus), Queries: filepath.Join(root, s.queries), Qrels: filepath.Join(root, s.qrels),
				Dir: t.TempDir(), Split: ingest.Passages,
			}
			if os.Getenv("SOCLE_EVAL_NOSPLIT") != "" {
				cfg.Split = nil
			}
			if m := os.Getenv("SOCLE_EVAL_MODES"); m != "" {
				for _, x := range strings.Split(m, ",") {
					cfg.Modes = append(cfg.Modes, Mode(x))
				}
			}
			if k := os.Getenv("SOCLE_EVAL_EMBEDDER"); k != "" && k != EmbedderHashing {
				emb, err := NewTrainedEmbedder(k, 0)
				if err != nil {
					t.Fatal(err)
				}
				cfg.Embedder = emb
			}
			if os.Getenv("SOCLE_EVAL_REFERENCE") != "" {
				cfg.Reference = true
			}
			if d := os.Getenv("SOCLE_EVAL_DIM"); d != "" {
				var dim int
				fmt.Sscan(d, &dim)
				cfg.Embedder = NewHashingEmbedder(dim)
			}
			// SOCLE_EVAL_FUSION="5:0.1,60:1" also measures hybrid under those k:weight pairs.
			for _, kw := range strings.Split(os.Getenv("SOCLE_EVAL_FUSION"), ",") {
				var k, w float64
				if _, err := fmt.Sscanf(kw, "%g:%g", &k, &w); err == nil {
					cfg.FusionGrid = append(cfg.FusionGrid, Fusion{K: k, BM25Weight: 1, VectorWeight: w})
				}
			}
			rep, err := Evaluate(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.MarshalIndent(rep, "", "  ")
			t.Logf("%s:\n%s", s.name, b)
			bm25, hybrid := rep.Modes[ModeBM25], rep.Modes[ModeHybrid]
			if bm25.NDCG10 < s.reference {
				t.Errorf("bm25 nDCG@10 = %.3f, want at least the reference %.3f", bm25.NDCG10, s.reference)
			}
			if _, hashing := cfg.Embedder.(*HashingEmbedder); (cfg.Embedder == nil || hashing) && hybrid.NDCG10 <= bm25.NDCG10 {
				t.Errorf("hybrid nDCG@10 = %.3f, want above bm25's %.3f", hybrid.NDCG10, bm25.NDCG10)
			}
		})
	}
}
