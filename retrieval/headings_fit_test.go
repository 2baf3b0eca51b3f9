package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/internal/logit"
)

// headingFitSets are the situation sets the heading model is fitted on: the development set and
// the fresh sets already used by earlier rounds. fresh7 is kept out to measure the model.
var headingFitSets = []string{"situations", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6"}

// headingSample is one situation's first fused passages, read for the heading model.
type headingSample struct {
	hard bool // the note never names its need in the doctrine's words
	// noNeed is a note in which no need was read: the situation mode keeps its fusion's order.
	noNeed bool
	keys   []string
	feats  []headingFeatures
	labels []bool // the passage's corpus entry is judged relevant (1 or 2)
	rel    map[string]int
}

// TestFitHeadingModel fits the weights of headings.go (headingWeights): a logistic regression
// of "the passage's entry is judged relevant" on the heading features of the first
// headingDepth passages of the situation mode's fusion, over the sets of headingFitSets. It
// prints each set's nDCG@10 with the fusion's order and with the model fitted on the other
// sets (leave one set out), then the weights fitted on all of them, to paste into headings.go.
//
//	SOCLE_SITUATIONS_FIT=1 SOCLE_CORPUS=../shared/corpus go test ./retrieval -run TestFitHeadingModel -v
func TestFitHeadingModel(t *testing.T) {
	if os.Getenv("SOCLE_SITUATIONS_FIT") == "" {
		t.Skip("set SOCLE_SITUATIONS_FIT=1 to fit the heading model on the situation sets")
	}
	ctx := context.Background()
	corpusPath := devCorpus(t)
	sets := map[string]*BEIR{}
	hard := map[string]bool{}
	for _, name := range headingFitSets {
		queries, judgments := "situations.jsonl", "judgments.tsv"
		if name != "situations" {
			queries, judgments = name+".jsonl", "judgments-"+name+".tsv"
		}
		set, err := LoadBEIR(corpusPath, filepath.Join(situationsDir, queries), filepath.Join(situationsDir, judgments))
		if err != nil {
			t.Fatal(err)
		}
		sets[name] = set
		for _, s := range loadSituations(t, queries) {
			hard[s.ID] = s.Hard
		}
	}
	dir := t.TempDir()
	text, _, err := OpenTextIndex(filepath.Join(dir, "text"))
	if err != nil {
		t.Fatal(err)
	}
	defer text.Close()
	flat, _, err := OpenFlatIndex(filepath.Join(dir, "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	defer flat.Close()
	emb := NewHashingEmbedder(0)
	e := &Engine{Text: text, Vectors: flat, Embedder: emb, Fusion: DefaultFusion(emb)}
	if err := e.indexPassages(ctx, evalPassages(sets[headingFitSets[0]].Corpus, ingest.Passages), nil); err != nil {
		t.Fatal(err)
	}
	f := Filter{OrgID: evalOrg}
	samples := map[string][]headingSample{}
	for _, name := range headingFitSets {
		for _, q := range sets[name].Queries {
			s, err := e.situationFuse(ctx, f, Query{Text: q.Text}, headingDepth)
			if err != nil {
				t.Fatal(err)
			}
			top := s.fused[:min(len(s.fused), headingDepth)]
			feats, err := e.headingFeaturesOf(ctx, f, top, e.wordsOf(q.Text, s.queries))
			if err != nil {
				t.Fatal(err)
			}
			hs := headingSample{feats: feats, rel: sets[name].Qrels[q.ID], hard: hard[q.ID], noNeed: len(s.reading.Needs) == 0}
			for _, x := range top {
				hs.keys = append(hs.keys, x.Key)
				hs.labels = append(hs.labels, hs.rel[sectionOfKey(x.Key)] >= 1)
			}
			samples[name] = append(samples[name], hs)
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "| set | situations | nDCG@10, fusion | nDCG@10, headings (fitted without this set) | hard: fusion | hard: headings |\n|---|---|---|---|---|---|\n")
	for _, held := range headingFitSets {
		var train []headingSample
		for _, name := range headingFitSets {
			if name != held {
				train = append(train, samples[name]...)
			}
		}
		m := fitHeadingModel(train)
		before, after, hardBefore, hardAfter, hardN := 0.0, 0.0, 0.0, 0.0, 0.0
		for _, hs := range samples[held] {
			ranked := make([]Fused, len(hs.keys))
			for i, k := range hs.keys {
				ranked[i] = Fused{Key: k}
			}
			x, y := NDCG(entriesOf(ranked), hs.rel, 10), NDCG(entriesOf(headingOrder(ranked, hs.feats, m)), hs.rel, 10)
			if hs.noNeed {
				y = x
			}
			before, after = before+x, after+y
			if hs.hard {
				hardBefore, hardAfter, hardN = hardBefore+x, hardAfter+y, hardN+1
			}
		}
		n := float64(len(samples[held]))
		fmt.Fprintf(&b, "| %s | %d | %.3f | %.3f | %.3f | %.3f |\n", held, len(samples[held]), before/n, after/n, hardBefore/max(hardN, 1), hardAfter/max(hardN, 1))
	}
	var all []headingSample
	for _, name := range headingFitSets {
		all = append(all, samples[name]...)
	}
	m := fitHeadingModel(all)
	t.Logf("leave one set out:\n%s\nfitted on all %d situations:\nvar headingWeights = headingModel{LogRank: %.2f, Note: %.2f, Notions: %.2f, Phrases: %.2f}",
		b.String(), len(all), m.LogRank, m.Note, m.Notions, m.Phrases)
}

// entriesOf is entryIDs for fused passages.
func entriesOf(ranked []Fused) []string {
	keys := make([]string, len(ranked))
	for i, x := range ranked {
		keys[i] = x.Key
	}
	return entryIDs(keys)
}

// fitHeadingModel fits the heading model's logistic regression (internal/logit). The
// intercept is dropped: it does not change an order.
func fitHeadingModel(samples []headingSample) headingModel {
	var xs [][]float64
	var ys []float64
	for _, s := range samples {
		if s.noNeed {
			continue
		}
		for i, x := range s.feats {
			xs = append(xs, []float64{x.LogRank, x.Note, x.Notions, x.Phrases})
			y := 0.0
			if s.labels[i] {
				y = 1
			}
			ys = append(ys, y)
		}
	}
	w := logit.Fit(xs, ys)
	return headingModel{LogRank: w[1], Note: w[2], Notions: w[3], Phrases: w[4]}
}
