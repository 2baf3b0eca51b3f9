package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/retrieval/situation"
)

// devSituation is a line of testdata/situations/situations.jsonl.
type devSituation struct {
	ID      string   `json:"_id"`
	Text    string   `json:"text"`
	Hard    bool     `json:"hard"`
	Split   string   `json:"split"`
	Domains []string `json:"domains"`
	Needs   []string `json:"needs"`
}

const situationsDir = "testdata/situations"

// situationsFile and judgmentsFile name the set measured: the development set by default, the
// fresh situations written before the plans' third round with SOCLE_SITUATIONS_SET=fresh (any other set: SOCLE_SITUATIONS_SET=name reads name.jsonl and judgments-name.tsv)
// (testdata/situations/README.md).
func situationsFile() string {
	if set := os.Getenv("SOCLE_SITUATIONS_SET"); set != "" {
		return set + ".jsonl"
	}
	return "situations.jsonl"
}

// heldOutNeedModel is the needs model fitted on every situations set but the one measured.
func heldOutNeedModel(t testing.TB) *situation.NeedModel {
	t.Helper()
	m, err := situation.FitNeedModelWithout(situationsDir, situationsFile())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func judgmentsFile() string {
	if set := os.Getenv("SOCLE_SITUATIONS_SET"); set != "" {
		return "judgments-" + set + ".tsv"
	}
	return "judgments.tsv"
}

func loadDevSituations(t testing.TB) []devSituation {
	t.Helper()
	return loadSituations(t, situationsFile())
}

// loadSituations reads a situations file of testdata/situations.
func loadSituations(t testing.TB, name string) []devSituation {
	t.Helper()
	f, err := os.Open(filepath.Join(situationsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []devSituation
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var s devSituation
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// devCorpus builds the development set's corpus from the shared corpus with the script kept
// beside the situations, once per test binary, in a temporary directory.
func devCorpus(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("SOCLE_SITUATIONS_CORPUS"); p != "" {
		return p
	}
	root := corpusDir(t)
	out := filepath.Join(t.TempDir(), "corpus.jsonl")
	cmd := exec.Command("go", "run", "./"+situationsDir+"/buildcorpus", "-corpus", root, "-out", out)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("build the corpus: %v", err)
	}
	return out
}

// devGroups are the subsets the development set reports apart.
func devGroups(sits []devSituation) map[string][]string {
	g := map[string][]string{}
	for _, s := range sits {
		g[s.Split] = append(g[s.Split], s.ID)
		if s.Hard {
			g["hard"] = append(g["hard"], s.ID)
			g["hard-"+s.Split] = append(g["hard-"+s.Split], s.ID)
		}
	}
	return g
}

// TestSituationsPool writes, for each situation, the union of the top 20 entries of several
// rankers, with each entry's title and opening, for a person to judge
// (SOCLE_SITUATIONS_POOL=file; testdata/situations/README.md says how judgments were made).
// Entries already judged (judgments.tsv) are marked, so that a later pool adds only new ones.
func TestSituationsPool(t *testing.T) {
	out := os.Getenv("SOCLE_SITUATIONS_POOL")
	if out == "" {
		t.Skip("set SOCLE_SITUATIONS_POOL=file to write the judgment pool of the situations development set")
	}
	corpusPath := devCorpus(t)
	sits := loadDevSituations(t)
	set := &BEIR{Qrels: Qrels{}}
	for _, s := range sits {
		set.Queries = append(set.Queries, EvalQuery{ID: s.ID, Text: s.Text})
		set.Qrels[s.ID] = map[string]int{"-": 1}
	}
	if err := readJSONL(corpusPath, func(_ int, data []byte) error {
		var e CorpusEntry
		if err := json.Unmarshal(data, &e); err != nil {
			return err
		}
		set.Corpus = append(set.Corpus, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	judged, _ := readQrels(filepath.Join(situationsDir, judgmentsFile()))
	depth := 20
	pool := map[string]map[string][]string{} // query → entry → rankers
	var modes []Mode
	for _, m := range strings.Split(os.Getenv("SOCLE_SITUATIONS_POOL_MODES"), ",") {
		if m != "" {
			modes = append(modes, Mode(m))
		}
	}
	if len(modes) == 0 {
		modes = []Mode{ModeBM25, ModeVector, ModeHybrid}
	}
	_, err := EvaluateSet(context.Background(), set, EvalConfig{
		Modes: modes, Split: ingest.Passages, Reference: true, Embedder: devEmbedder(t),
		Ranked: func(m Mode, q string, ids []string) {
			if pool[q] == nil {
				pool[q] = map[string][]string{}
			}
			for _, id := range ids[:min(depth, len(ids))] {
				pool[q][id] = append(pool[q][id], string(m))
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]CorpusEntry{}
	for _, c := range set.Corpus {
		byID[c.ID] = c
	}
	var b strings.Builder
	total, fresh := 0, 0
	for _, s := range sits {
		fmt.Fprintf(&b, "\n## %s %s\n", s.ID, s.Text)
		ids := make([]string, 0, len(pool[s.ID]))
		for id := range pool[s.ID] {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			total++
			mark := ""
			if g, ok := judged[s.ID][id]; ok {
				mark = fmt.Sprintf("[judged %d] ", g)
			} else {
				fresh++
			}
			c := byID[id]
			fmt.Fprintf(&b, "%s\t%s%s | %s\n", id, mark, c.Title, clip(strings.Join(strings.Fields(c.Text), " "), 90))
		}
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("pool: %d entries over %d situations, %d not judged yet, in %s", total, len(sits), fresh, out)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// devEmbedder is the embedder the development set is measured with: SOCLE_SITUATIONS_EMBEDDER
// names one, else the default.
func devEmbedder(t testing.TB) Embedder {
	t.Helper()
	kind := os.Getenv("SOCLE_SITUATIONS_EMBEDDER")
	if kind == "" || kind == EmbedderHashing {
		return nil
	}
	emb, err := NewTrainedEmbedder(kind, 0)
	if err != nil {
		t.Fatal(err)
	}
	return emb
}

// TestSituationsDevSet measures every mode on the situations development set (make
// eval-situations): nDCG@10 and the other figures overall, on the tuning half, on the held-out
// half and on the hard situations, beside the reference BM25, and prints the table of
// docs/retrieval-quality.md.
func TestSituationsDevSet(t *testing.T) {
	if os.Getenv("SOCLE_SITUATIONS") == "" {
		t.Skip("set SOCLE_SITUATIONS=1 to measure the situations development set (make eval-situations)")
	}
	corpusPath := devCorpus(t)
	sits := loadDevSituations(t)
	set, err := LoadBEIR(corpusPath, filepath.Join(situationsDir, situationsFile()), filepath.Join(situationsDir, judgmentsFile()))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Queries) != len(sits) {
		t.Fatalf("%d situations have judgments, want all %d", len(set.Queries), len(sits))
	}
	cfg := EvalConfig{Split: ingest.Passages, Reference: true, Groups: devGroups(sits), Embedder: devEmbedder(t),
		SituationVariants: map[string]SituationConfig{
			"situation without lexicon":      {NoLexicon: true},
			"situation without weighting":    {NoWeighting: true},
			"situation without feedback":     {NoFeedback: true},
			"situation without need queries": {NoNeedQueries: true},
			"situation without vectors":      {NoVectors: true},
			"situation without facets":       {NoFacets: true},
			"situation without headings":     {NoHeadings: true},
			"situation without doubt":        {NoDoubt: true},
			"situation, nothing but needs":   {NoLexicon: true, NoWeighting: true, NoFeedback: true, NoVectors: true},
		}}
	if os.Getenv("SOCLE_SITUATIONS_NO_ABLATION") != "" {
		cfg.SituationVariants = nil
	}
	// The needs model that doubts needs the lexicon read was fitted on every set written for
	// Socle: the set measured is read by one fitted without it, as a new author's notes are.
	cfg.Situation.NeedModel = heldOutNeedModel(t)
	for name, v := range cfg.SituationVariants {
		v.NeedModel = cfg.Situation.NeedModel
		cfg.SituationVariants[name] = v
	}
	// SOCLE_EVAL_FUSION="10:0.3,60:0.5" also measures hybrid under those k:vector-weight pairs.
	for _, kw := range strings.Split(os.Getenv("SOCLE_EVAL_FUSION"), ",") {
		var k, w float64
		if _, err := fmt.Sscanf(kw, "%g:%g", &k, &w); err == nil {
			cfg.FusionGrid = append(cfg.FusionGrid, Fusion{K: k, BM25Weight: 1, VectorWeight: w})
		}
	}
	if m := os.Getenv("SOCLE_EVAL_MODES"); m != "" {
		for _, x := range strings.Split(m, ",") {
			cfg.Modes = append(cfg.Modes, Mode(x))
		}
	}
	rep, err := EvaluateSet(context.Background(), set, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(rep, "", "  ")
	t.Logf("report:\n%s", b)
	t.Logf("table:\n%s", devTable(rep))
}

// devTable prints nDCG@10 by mode and subset as a Markdown table.
func devTable(rep *Report) string {
	groups := []string{"tune", "test", "hard", "hard-tune", "hard-test"}
	var b strings.Builder
	fmt.Fprintf(&b, "| mode | all (%d) | tuning half | held-out half | hard | hard, tuning | hard, held-out | Recall@10 | Recall@100 |\n|---|---|---|---|---|---|---|---|---|\n", rep.Queries)
	row := func(name string, m Mode, all ModeReport) {
		fmt.Fprintf(&b, "| %s | %.3f", name, all.NDCG10)
		for _, g := range groups {
			fmt.Fprintf(&b, " | %.3f", rep.Groups[g][m].NDCG10)
		}
		fmt.Fprintf(&b, " | %.3f | %.3f |\n", all.Recall10, all.Recall100)
	}
	if rep.Reference != nil {
		row("plain BM25 (reference)", ModeReference, *rep.Reference)
	}
	modes := make([]string, 0, len(rep.Modes))
	for m := range rep.Modes {
		modes = append(modes, string(m))
	}
	sort.Strings(modes)
	for _, m := range modes {
		row(m, Mode(m), rep.Modes[Mode(m)])
	}
	names := make([]string, 0, len(rep.Variants))
	for n := range rep.Variants {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		row(n, Mode(n), rep.Variants[n])
	}
	for _, g := range rep.FusionGrid {
		n := fmt.Sprintf("hybrid k%g w%g", g.Fusion.K, g.Fusion.VectorWeight)
		row(n, Mode(n), g.Report)
	}
	return b.String()
}

// BenchmarkIndexBuildEmbedders builds both indexes from the situations corpus (1,441 documents,
// about 4,800 passages) with each offline embedder, training included for the trained ones:
// go test ./retrieval -run '^$' -bench BenchmarkIndexBuildEmbedders -benchtime 1x
func BenchmarkIndexBuildEmbedders(b *testing.B) {
	corpusPath := devCorpus(b)
	var corpus []CorpusEntry
	if err := readJSONL(corpusPath, func(_ int, data []byte) error {
		var e CorpusEntry
		if err := json.Unmarshal(data, &e); err != nil {
			return err
		}
		corpus = append(corpus, e)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	passages := evalPassages(corpus, ingest.Passages)
	ctx := context.Background()
	for _, kind := range []string{EmbedderHashing, EmbedderPPMI, EmbedderSGNS} {
		b.Run(kind, func(b *testing.B) {
			var train time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				var emb Embedder = NewHashingEmbedder(0)
				if kind != EmbedderHashing {
					emb, _ = NewTrainedEmbedder(kind, 0)
				}
				e, _, err := Open(ctx, b.TempDir(), emb, nil)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if oe, ok := emb.(OrgEmbedder); ok {
					t0 := time.Now()
					if err := oe.Train(ctx, evalOrg, trainingTexts(passages)); err != nil {
						b.Fatal(err)
					}
					train += time.Since(t0)
				}
				if err := e.indexPassages(ctx, passages, nil); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				e.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(len(passages)*b.N)/b.Elapsed().Seconds(), "passages/s")
			b.ReportMetric(train.Seconds()/float64(b.N), "train-s")
		})
	}
}
