package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/socle-project/socle"
)

// EvalConfig says what to evaluate and how.
type EvalConfig struct {
	Corpus  string // BEIR corpus.jsonl
	Queries string // BEIR queries.jsonl
	Qrels   string // BEIR qrels TSV, with a header line
	Modes   []Mode // empty means all three
	// Dir is where the indexes are built; empty means a temporary directory removed after.
	Dir string
	// Embedder embeds passages and queries; nil means the default hashing embedder.
	Embedder Embedder
	// Vectors is the vector index to evaluate with (pgvector in store/postgres); nil means the
	// embedded exact index under Dir. It is reset first.
	Vectors VectorIndex
	// Split cuts an entry's text into passages (ingest.Passages does what the product does);
	// nil indexes each entry as one passage. An entry's score is its best passage's.
	Split func(text string) []socle.Span
	// Fusion tunes hybrid search; the zero value takes DefaultFusion(Embedder).
	Fusion Fusion
	// FusionGrid, when set, also measures hybrid search under each of these settings (the
	// indexes are built once), for tuning; see Report.FusionGrid.
	FusionGrid []Fusion
	// BM25 sets the full-text scoring constants; zero fields take defaults.
	BM25 BM25Params
	// MaxQueries evaluates only the first queries when positive (quick runs).
	MaxQueries int
	// Progress, when set, receives a line now and then.
	Progress func(msg string)
	// Reference also measures PlainBM25, the shared corpus's reference ranker, on whole entries.
	Reference bool
	// Groups, when set, also reports each mode on these subsets of the queries (by id), e.g.
	// "hard" or "held-out": see Report.Groups.
	Groups map[string][]string
	// Situation tunes the situation mode (the zero value is the default); SituationVariants
	// also measure it under other settings, by name, for the ablation (Report.Variants).
	Situation         SituationConfig
	SituationVariants map[string]SituationConfig
	// Ranked, when set, receives each query's ranking of entries in each mode (for pooling
	// judgments); the reference ranker's is reported as mode "reference".
	Ranked func(mode Mode, queryID string, ids []string)
}

// ModeReport holds one mode's figures. The JSON names are those `socle eval --json` prints.
type ModeReport struct {
	NDCG10    float64 `json:"ndcg@10"`
	Recall10  float64 `json:"recall@10"`
	Recall100 float64 `json:"recall@100"`
	MRR10     float64 `json:"mrr@10"`
	P50ms     float64 `json:"p50_ms"`
	P95ms     float64 `json:"p95_ms"`
}

// Report is the outcome of an evaluation.
type Report struct {
	Modes    map[Mode]ModeReport `json:"modes"`
	Entries  int                 `json:"entries"`
	Passages int                 `json:"passages"`
	Queries  int                 `json:"queries"`
	Embedder string              `json:"embedder"`
	Analyzer string              `json:"analyzer"`
	IndexMs  float64             `json:"index_ms"` // training the embedder included, when it is trained

	Fusion Fusion `json:"fusion"`
	// FusionGrid holds hybrid search's figures under each EvalConfig.FusionGrid setting.
	FusionGrid []FusionReport `json:"fusion_grid,omitempty"`
	// Variants holds the situation mode's figures under each EvalConfig.SituationVariants
	// setting; Groups holds them too, under the variant's name.
	Variants map[string]ModeReport `json:"variants,omitempty"`
	// Reference is PlainBM25's figures, when EvalConfig.Reference asks for them.
	Reference *ModeReport `json:"reference_bm25,omitempty"`
	// Groups holds the figures on each EvalConfig.Groups subset, by group then mode
	// ("reference" for PlainBM25).
	Groups map[string]map[Mode]ModeReport `json:"groups,omitempty"`
}

// ModeReference names the reference ranker in Report.Groups and EvalConfig.Ranked.
const ModeReference Mode = "reference"

// FusionReport is hybrid search's figures under one fusion setting.
type FusionReport struct {
	Fusion Fusion     `json:"fusion"`
	Report ModeReport `json:"report"`
}

const (
	evalOrg     = "eval"
	evalGuide   = "beir"
	evalVersion = "v1"
)

// Evaluate builds fresh indexes from a BEIR corpus, runs every query in each mode and
// measures the rankings against the qrels: nDCG@10, Recall@10 and @100, MRR@10, and the
// latency of ranking a query (embedding included, reading passages back excluded).
func Evaluate(ctx context.Context, cfg EvalConfig) (*Report, error) {
	set, err := LoadBEIR(cfg.Corpus, cfg.Queries, cfg.Qrels)
	if err != nil {
		return nil, err
	}
	return EvaluateSet(ctx, set, cfg)
}

// EvaluateSet is Evaluate on a set already loaded.
func EvaluateSet(ctx context.Context, set *BEIR, cfg EvalConfig) (*Report, error) {
	progress := cfg.Progress
	if progress == nil {
		progress = func(string) {}
	}
	modes := cfg.Modes
	if len(modes) == 0 {
		modes = Modes
	}
	dir := cfg.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "socle-eval-")
		if err != nil {
			return nil, fmt.Errorf("retrieval: eval: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	emb := cfg.Embedder
	if emb == nil {
		emb = NewHashingEmbedder(0)
	}
	text, _, err := OpenTextIndex(filepath.Join(dir, "text"))
	if err != nil {
		return nil, err
	}
	defer text.Close()
	text.Params = cfg.BM25
	var vectors VectorIndex = cfg.Vectors
	if vectors == nil {
		flat, _, err := OpenFlatIndex(filepath.Join(dir, "vectors"))
		if err != nil {
			return nil, err
		}
		defer flat.Close()
		vectors = flat
	} else if err := vectors.Reset(ctx); err != nil {
		return nil, err
	}
	e := &Engine{Text: text, Vectors: vectors, Embedder: emb, Fusion: cfg.Fusion, Situation: cfg.Situation}
	if e.Fusion == (Fusion{}) {
		e.Fusion = DefaultFusion(emb)
	}

	passages := evalPassages(set.Corpus, cfg.Split)
	start := time.Now()
	if oe, ok := emb.(OrgEmbedder); ok {
		// The embedder learns the evaluated corpus as an organization learns its doctrine.
		oe.SetDir(filepath.Join(dir, "models"))
		if err := oe.Train(ctx, evalOrg, trainingTexts(passages)); err != nil {
			return nil, err
		}
		progress(fmt.Sprintf("trained %s on %d passages in %s", emb.Model(), len(passages), time.Since(start).Round(time.Millisecond)))
	}
	if err := e.indexPassages(ctx, passages, func(done int) {
		progress(fmt.Sprintf("indexed %d/%d passages", done, len(passages)))
	}); err != nil {
		return nil, err
	}
	rep := &Report{
		Modes: map[Mode]ModeReport{}, Entries: len(set.Corpus), Passages: len(passages),
		Embedder: emb.Model(), Analyzer: AnalyzerVersion,
		IndexMs: float64(time.Since(start).Microseconds()) / 1000,
		Fusion:  e.Fusion.withDefaults(),
	}
	queries := set.Queries
	if cfg.MaxQueries > 0 && cfg.MaxQueries < len(queries) {
		queries = queries[:cfg.MaxQueries]
	}
	rep.Queries = len(queries)
	// Enough passages to fill 100 distinct entries when entries are split.
	depth := 100
	if len(passages) > len(set.Corpus) {
		depth = 300
	}
	var runAs func(m, label Mode) (ModeReport, error)
	var ref *PlainBM25
	if cfg.Reference {
		ref = NewPlainBM25(set.Corpus)
	}
	run := func(m Mode) (ModeReport, error) { return runAs(m, m) }
	runAs = func(m, label Mode) (ModeReport, error) {
		per := make([]ModeReport, len(queries))
		lat := make([]float64, 0, len(queries))
		for qi, q := range queries {
			t0 := time.Now()
			var ids []string
			if m == ModeReference {
				ids = ref.Rank(q.Text, 100)
			} else {
				r, _, err := e.rank(ctx, Filter{OrgID: evalOrg}, q.Text, nil, m, depth)
				if err != nil {
					return ModeReport{}, fmt.Errorf("retrieval: eval: query %s: %w", q.ID, err)
				}
				ids = entryRanking(r)
			}
			lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
			if cfg.Ranked != nil {
				cfg.Ranked(m, q.ID, ids)
			}
			rel := set.Qrels[q.ID]
			per[qi] = ModeReport{NDCG10: NDCG(ids, rel, 10), Recall10: Recall(ids, rel, 10), Recall100: Recall(ids, rel, 100), MRR10: MRR(ids, rel, 10)}
			if (qi+1)%1000 == 0 {
				progress(fmt.Sprintf("%s: %d/%d queries", m, qi+1, len(queries)))
			}
		}
		for g, ids := range cfg.Groups {
			in := map[string]bool{}
			for _, id := range ids {
				in[id] = true
			}
			var sub []ModeReport
			for qi, q := range queries {
				if in[q.ID] {
					sub = append(sub, per[qi])
				}
			}
			if rep.Groups == nil {
				rep.Groups = map[string]map[Mode]ModeReport{}
			}
			if rep.Groups[g] == nil {
				rep.Groups[g] = map[Mode]ModeReport{}
			}
			rep.Groups[g][label] = meanReport(sub)
		}
		sort.Float64s(lat)
		r := meanReport(per)
		r.P50ms, r.P95ms = percentile(lat, 50), percentile(lat, 95)
		return r, nil
	}
	if ref != nil {
		r, err := run(ModeReference)
		if err != nil {
			return nil, err
		}
		rep.Reference = &r
	}
	for _, m := range modes {
		if rep.Modes[m], err = run(m); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(cfg.SituationVariants))
	for name := range cfg.SituationVariants {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		e.Situation = cfg.SituationVariants[name]
		mr, err := runAs(ModeSituation, Mode(name))
		if err != nil {
			return nil, err
		}
		if rep.Variants == nil {
			rep.Variants = map[string]ModeReport{}
		}
		rep.Variants[name] = mr
	}
	e.Situation = cfg.Situation
	for _, fu := range cfg.FusionGrid {
		e.Fusion = fu
		w := fu.withDefaults()
		mr, err := runAs(ModeHybrid, Mode(fmt.Sprintf("hybrid k%g w%g", w.K, w.VectorWeight)))
		if err != nil {
			return nil, err
		}
		rep.FusionGrid = append(rep.FusionGrid, FusionReport{Fusion: fu.withDefaults(), Report: mr})
	}
	return rep, nil
}

// evalPassages turns corpus entries into passages of one published version: the entry's id
// is the section id, its title the heading.
func evalPassages(corpus []CorpusEntry, split func(string) []socle.Span) []Passage {
	out := make([]Passage, 0, len(corpus))
	for i, c := range corpus {
		spans := []socle.Span{{Start: 0, End: len(c.Text)}}
		if split != nil {
			if s := split(c.Text); len(s) > 0 {
				spans = s
			}
		}
		var path []string
		if t := strings.TrimSpace(c.Title); t != "" {
			path = []string{t}
		}
		for j, sp := range spans {
			out = append(out, Passage{
				OrgID: evalOrg, GuideID: evalGuide, Kind: socle.KindReference,
				VersionID: evalVersion, VersionN: 1, State: socle.StatePublished,
				SectionID: c.ID, Ordinal: i, Index: j, Span: sp, Path: path,
				Text: c.Text[sp.Start:sp.End],
			})
		}
	}
	return out
}

// entryRanking turns ranked passages into ranked corpus entries, each at its best passage.
func entryRanking(r []ranked) []string {
	keys := make([]string, len(r))
	for i, x := range r {
		keys[i] = x.Key
	}
	return entryIDs(keys)
}

// entryIDs turns ranked passage keys into ranked corpus entries, each at its best passage.
func entryIDs(keys []string) []string {
	seen := map[string]bool{}
	var ids []string
	for _, key := range keys {
		id := sectionOfKey(key)
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// sectionOfKey returns the section id inside a passage key.
func sectionOfKey(key string) string {
	parts := strings.Split(key, "\x1f")
	if len(parts) != 4 {
		return key
	}
	return parts[2]
}

// meanReport averages per-query figures.
func meanReport(per []ModeReport) ModeReport {
	var sum ModeReport
	for _, r := range per {
		sum.NDCG10 += r.NDCG10
		sum.Recall10 += r.Recall10
		sum.Recall100 += r.Recall100
		sum.MRR10 += r.MRR10
	}
	if n := float64(len(per)); n > 0 {
		sum.NDCG10, sum.Recall10, sum.Recall100, sum.MRR10 = sum.NDCG10/n, sum.Recall10/n, sum.Recall100/n, sum.MRR10/n
	}
	return sum
}
