package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/retrieval"
)

func runReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg appConfig
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	cfg.register(fs)
	orgSlug := fs.String("org", "", "rebuild one organization only (default: all)")
	if err := parse(fs, args, stdout, "reindex [flags]", `
Rebuilds the search indexes (French full text and vectors, under --data/index) from the
store, the source of truth: every published version of every organization, or of --org.
The server does it by itself when the indexes are missing, corrupt or built another way;
run it after changing --embeddings-model, or to repair.`); err != nil {
		return err
	}
	a, log, err := cfg.open(ctx, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	orgID := ""
	if *orgSlug != "" {
		o, err := a.store.OrgBySlug(ctx, *orgSlug)
		if err != nil {
			return err
		}
		orgID = o.ID
	}
	if a.rebuilt {
		fmt.Fprintln(stdout, "search indexes rebuilt (they needed it when opened)")
		return nil
	}
	if err := rebuild(ctx, a.engine, a.store, orgID, log); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "search indexes rebuilt")
	return nil
}

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg appConfig
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	cfg.register(fs)
	orgSlug := fs.String("org", "", "organization slug (may be left out when the store holds one organization)")
	mode := fs.String("mode", "hybrid", "bm25, vector, hybrid, or situation (a caseworker's description of a situation: needs detected, one search per need)")
	limit := fs.Int("limit", 10, "passages to show")
	asJSON := fs.Bool("json", false, "print the hits as JSON")
	if err := parse(fs, args, stdout, `search [flags] "QUERY"`, `
Searches the published doctrine of an organization and prints the passages found, with the
guide, version, heading path and pages of each, and each ranking's rank.`); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"give the words to search for"}
	}
	m, err := retrieval.ParseMode(*mode)
	if err != nil {
		return usageError{userMessage(err)}
	}
	a, _, err := cfg.open(ctx, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	org, err := pickOrg(ctx, a.store, *orgSlug)
	if err != nil {
		return err
	}
	res, err := a.engine.Search(ctx, org.ID, retrieval.Query{Text: strings.Join(fs.Args(), " "), Mode: m, Limit: *limit})
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, h := range res.Hits {
		if _, ok := titles[h.GuideID]; !ok {
			if g, err := a.store.Guide(ctx, org.ID, h.GuideID); err == nil {
				titles[h.GuideID] = g.Title
			}
		}
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(searchJSON(res, titles))
	}
	for _, e := range res.Expanded {
		fmt.Fprintf(stdout, "(glossary: %s)\n", e)
	}
	if r := res.Situation; r != nil {
		for _, q := range r.Queries {
			label := "whole situation"
			for _, n := range r.Needs {
				if n.Code == q.Need {
					label = n.Label + " [" + n.Code + "]"
				}
			}
			fmt.Fprintf(stdout, "(%s: %s)\n", label, strings.Join(append(append([]string{}, q.Concepts...), q.Terms...), ", "))
		}
	}
	for i, h := range res.Hits {
		pages := ""
		if h.PageStart > 0 {
			pages = " p. " + pagesLabel(h.PageStart, h.PageEnd)
		}
		need := ""
		if h.Need != "" {
			need = ", need " + h.Need
		}
		fmt.Fprintf(stdout, "%2d. %s v%d › %s%s  [score %.3f, bm25 #%d, vector #%d%s]\n    %s\n", i+1, titles[h.GuideID], h.VersionN,
			strings.Join(h.Path, " › "), pages, h.Score, h.BM25Rank, h.VectorRank, need, clip(strings.Join(strings.Fields(h.Text), " "), 240))
	}
	if len(res.Hits) == 0 {
		fmt.Fprintln(stdout, "no passage found")
	}
	return nil
}

// hitJSON is the shape of a search hit in `socle search --json` and GET /api/v1/search.
type hitJSON struct {
	Guide      string     `json:"guide"`
	GuideTitle string     `json:"guide_title,omitempty"`
	Version    int        `json:"version"`
	SectionID  string     `json:"section_id"`
	Path       []string   `json:"path"`
	Pages      []int      `json:"pages,omitempty"`
	Span       socle.Span `json:"span"`
	Text       string     `json:"text"`
	Score      float64    `json:"score"`
	BM25Rank   int        `json:"bm25_rank,omitempty"`
	VectorRank int        `json:"vector_rank,omitempty"`
	Need       string     `json:"need,omitempty"`
}

func searchJSON(res retrieval.Result, titles map[string]string) map[string]any {
	hits := make([]hitJSON, 0, len(res.Hits))
	for _, h := range res.Hits {
		j := hitJSON{Guide: h.GuideID, GuideTitle: titles[h.GuideID], Version: h.VersionN, SectionID: h.SectionID, Path: h.Path,
			Span: h.Span, Text: h.Text, Score: h.Score, BM25Rank: h.BM25Rank, VectorRank: h.VectorRank, Need: h.Need}
		if h.PageStart > 0 {
			j.Pages = []int{h.PageStart, h.PageEnd}
		}
		hits = append(hits, j)
	}
	out := map[string]any{"mode": res.Mode, "expanded": res.Expanded, "hits": hits}
	if res.Situation != nil {
		out["situation"] = res.Situation
	}
	return out
}

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var mc modelConfig
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	mc.register(fs)
	corpus := fs.String("corpus", "", "BEIR corpus.jsonl ({\"_id\", \"title\", \"text\"} per line)")
	queries := fs.String("queries", "", "BEIR queries.jsonl ({\"_id\", \"text\"} per line)")
	qrels := fs.String("qrels", "", "BEIR qrels TSV (query-id, corpus-id, score, with a header line)")
	mode := fs.String("mode", "all", "bm25, vector, hybrid, situation or all")
	reference := fs.Bool("reference", false, "also measure plain Okapi BM25 on whole entries (the shared corpus's reference ranker)")
	maxQueries := fs.Int("max-queries", 0, "evaluate only the first N queries (0: all)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parse(fs, args, stdout, "eval --corpus FILE --queries FILE --qrels FILE [flags]", `
Measures retrieval on a BEIR-format set: indexes the corpus in fresh indexes (entries cut into
passages as ingest cuts sections; an entry scores as its best passage), runs each query in
each mode (situation reads each query as a caseworker's situation), and prints nDCG@10,
Recall@10, Recall@100, MRR@10 and latency p50/p95.`); err != nil {
		return err
	}
	if *corpus == "" || *queries == "" || *qrels == "" {
		return usageError{"--corpus, --queries and --qrels are all needed"}
	}
	var modes []retrieval.Mode
	if *mode != "all" {
		m, err := retrieval.ParseMode(*mode)
		if err != nil {
			return usageError{userMessage(err)}
		}
		modes = []retrieval.Mode{m}
	}
	emb, err := mc.embedder(ctx)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "socle-eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	rep, err := retrieval.Evaluate(ctx, retrieval.EvalConfig{
		Corpus: *corpus, Queries: *queries, Qrels: *qrels, Modes: modes, Dir: dir, Embedder: emb,
		Split: ingest.Passages, MaxQueries: *maxQueries, Reference: *reference,
		Progress: func(msg string) { fmt.Fprintf(stderr, "eval: %s (%s)\n", msg, time.Since(start).Round(time.Second)) },
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(rep)
	}
	fmt.Fprintf(stdout, "%d entries, %d passages, %d queries; embedder %s; analyzer %s\n\n", rep.Entries, rep.Passages, rep.Queries, rep.Embedder, rep.Analyzer)
	fmt.Fprintf(stdout, "%-9s %8s %10s %11s %7s %8s %8s\n", "mode", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "p50 ms", "p95 ms")
	if r := rep.Reference; r != nil {
		fmt.Fprintf(stdout, "%-9s %8.3f %10.3f %11.3f %7.3f %8.1f %8.1f\n", "reference", r.NDCG10, r.Recall10, r.Recall100, r.MRR10, r.P50ms, r.P95ms)
	}
	names := make([]string, 0, len(rep.Modes))
	for m := range rep.Modes {
		names = append(names, string(m))
	}
	sort.Slice(names, func(i, j int) bool { return modeOrder(names[i]) < modeOrder(names[j]) })
	for _, n := range names {
		r := rep.Modes[retrieval.Mode(n)]
		fmt.Fprintf(stdout, "%-9s %8.3f %10.3f %11.3f %7.3f %8.1f %8.1f\n", n, r.NDCG10, r.Recall10, r.Recall100, r.MRR10, r.P50ms, r.P95ms)
	}
	return nil
}

func modeOrder(m string) int {
	for i, x := range retrieval.Modes {
		if string(x) == m {
			return i
		}
	}
	return len(retrieval.Modes)
}
