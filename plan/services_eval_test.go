package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/retrieval"
)

// TestServiceMatchingDevSet measures how the plan's services match a case on a real catalog:
// the 552 benefits of aides-jeunes in the situations corpus (the "aj:" documents), each read as a
// service (its title the name, its text the description), ranked for every note of the
// situation sets and scored against the judgments those documents were given as doctrine (2
// core, 1 useful). The reference, in the same run, ranks the catalog by the note's own words
// alone (BM25 over the same terms). Nothing was tuned on it. The catalog has no ages, places or
// data·inclusion themes, so what is measured is the matching by words and needs.
//
//	SOCLE_SITUATIONS=1 SOCLE_SITUATIONS_CORPUS=/tmp/situations/corpus.jsonl go test ./plan -run TestServiceMatchingDevSet -v
func TestServiceMatchingDevSet(t *testing.T) {
	if os.Getenv("SOCLE_SITUATIONS") == "" {
		t.Skip("set SOCLE_SITUATIONS=1 and SOCLE_SITUATIONS_CORPUS to measure service matching on the situations sets")
	}
	corpusPath := os.Getenv("SOCLE_SITUATIONS_CORPUS")
	if corpusPath == "" {
		t.Skip("set SOCLE_SITUATIONS_CORPUS to the corpus buildcorpus writes")
	}
	dir := "../retrieval/testdata/situations"
	sets, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(sets) == 0 {
		t.Fatalf("no situation sets in %s: %v", dir, err)
	}
	terms := (&Planner{}).terms()
	var docs []serviceDoc
	f, err := os.ReadFile(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(f), "\n") {
		var e struct {
			ID    string `json:"_id"`
			Title string `json:"title"`
			Text  string `json:"text"`
		}
		if line == "" || json.Unmarshal([]byte(line), &e) != nil || !strings.HasPrefix(e.ID, "aj:") {
			continue
		}
		docs = append(docs, newServiceDoc(terms, socle.Service{ID: e.ID, Name: e.Title, Description: e.Text}))
	}
	if len(docs) == 0 {
		t.Fatalf("no aj: document in %s", corpusPath)
	}
	type tally struct {
		notes, shown, relevantShown, core, coreShown int
		ndcg, refNDCG                                float64
	}
	var all tally
	for _, path := range sets {
		name := strings.TrimSuffix(filepath.Base(path), ".jsonl")
		judgments := filepath.Join(dir, "judgments-"+name+".tsv")
		if name == "situations" {
			judgments = filepath.Join(dir, "judgments.tsv")
		}
		set, err := retrieval.LoadBEIR(corpusPath, path, judgments)
		if err != nil {
			t.Fatal(err)
		}
		var s tally
		for _, q := range set.Queries {
			rel := map[string]int{}
			for id, g := range set.Qrels[q.ID] {
				if strings.HasPrefix(id, "aj:") && g > 0 {
					rel[id] = g
				}
			}
			if len(rel) == 0 {
				continue
			}
			matches, _ := matchServices(terms, docs, q.Text, DetectNeeds(Needs(), q.Text, nil))
			ranked := make([]string, len(matches))
			for i, m := range matches {
				ranked[i] = m.Service.ID
			}
			s.notes++
			s.ndcg += retrieval.NDCG(ranked, rel, 10)
			s.refNDCG += retrieval.NDCG(wordsOnly(terms, docs, q.Text), rel, 10)
			s.shown += len(ranked)
			for _, id := range ranked {
				if rel[id] > 0 {
					s.relevantShown++
				}
			}
			for id, g := range rel {
				if g == 2 {
					s.core++
					if slices.Contains(ranked, id) {
						s.coreShown++
					}
				}
			}
		}
		if s.notes > 0 {
			t.Logf("%-10s %3d notes: nDCG@10 %.3f (the note's words alone %.3f); %.1f services a plan, %.0f%% judged relevant; core benefits listed %d of %d",
				name, s.notes, s.ndcg/float64(s.notes), s.refNDCG/float64(s.notes), float64(s.shown)/float64(s.notes), pctOf(s.relevantShown, s.shown), s.coreShown, s.core)
		}
		all.notes, all.shown, all.relevantShown, all.core, all.coreShown = all.notes+s.notes, all.shown+s.shown, all.relevantShown+s.relevantShown, all.core+s.core, all.coreShown+s.coreShown
		all.ndcg, all.refNDCG = all.ndcg+s.ndcg, all.refNDCG+s.refNDCG
	}
	t.Logf("all sets, %d notes with a benefit judged relevant, %d benefits: nDCG@10 %.3f (the note's words alone %.3f); %.1f services a plan, %.0f%% judged relevant; core benefits listed %d of %d (%.0f%%)",
		all.notes, len(docs), all.ndcg/float64(all.notes), all.refNDCG/float64(all.notes), float64(all.shown)/float64(all.notes), pctOf(all.relevantShown, all.shown), all.coreShown, all.core, pctOf(all.coreShown, all.core))
}

// wordsOnly ranks the catalog by BM25 of the note's own words: the reference.
func wordsOnly(terms Terms, docs []serviceDoc, text string) []string {
	ms, _ := matchServices(terms, docs, text, nil)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Score > ms[j].Score })
	out := make([]string, 0, 10)
	for _, m := range ms {
		out = append(out, m.Service.ID)
		if len(out) == 10 {
			break
		}
	}
	return out
}

func pctOf(n, of int) float64 { return 100 * float64(n) / float64(max(of, 1)) }
