package retrieval

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// The situation mode's last step orders the first passages of its fused ranking again by how
// much their headings speak the situation's language. A section's headings (the document's
// title, the chapter, the case: "Comptes bancaires › Clôture d'un compte par la banque") say
// in a few words what it is about. A passage whose headings are made of the note's own words
// ("sa banque a clôturé son compte") or of the notions the lexicon read in it is about the
// situation; one the runs ranked high for its body's words (a "chèque sans provision" fiche,
// a notion the same lexicon entry lists) is often a neighbouring document's. No run can see
// this: each scores a heading's words like any others, and the fusion only sees ranks.
//
// The order is a small logistic model's: the passage's rank in the fusion, the share of its
// headings' words the note uses, the share the notions use, and the notions its headings hold
// whole. Its weights were fitted on the evaluation sets (TestFitHeadingModel,
// docs/retrieval-quality.md).

// headingDepth is how many of the fused ranking's first passages are ordered again: deeper,
// a passage whose headings agree with the note but which no run found relevant climbs above
// better ones.
const headingDepth = 100

// headingModel weighs a passage's heading features; the larger the sum, the more the passage
// is about the situation.
type headingModel struct {
	LogRank float64 // log of the passage's rank in the fusion
	Note    float64 // share of its headings' words the note itself uses
	Notions float64 // share of its headings' words the notions read in the note use
	Phrases float64 // notions of several words its headings hold whole
}

// headingWeights were fitted by TestFitHeadingModel (logistic regression of "the document is
// judged relevant" on the first 100 passages of each situation's ranking) on the 200
// situations of situations.jsonl and fresh–fresh6; fresh7 was kept out to measure them.
var headingWeights = headingModel{LogRank: -0.56, Note: 2.68, Notions: 2.57, Phrases: 0.13}

func (m headingModel) score(x headingFeatures) float64 {
	return m.LogRank*x.LogRank + m.Note*x.Note + m.Notions*x.Notions + m.Phrases*x.Phrases
}

// headingFeatures are what the model reads of one passage.
type headingFeatures struct{ LogRank, Note, Notions, Phrases float64 }

// situationWords are the words a situation's headings are compared with, analyzed as the
// index analyzes text.
type situationWords struct {
	note    map[string]bool
	notions map[string]bool
	phrases [][]string // notions of several words, distinct
}

// wordsOf collects the note's words and the notions of the situation's queries (their phrases,
// before feedback, which adds the found passages' own words and would make agreement circular).
func (e *Engine) wordsOf(note string, queries []textQuery) situationWords {
	w := situationWords{note: map[string]bool{}, notions: map[string]bool{}}
	for _, t := range e.Text.analyzer.Terms(note) {
		w.note[t.Text] = true
	}
	for _, tw := range TimeWords {
		for _, t := range e.Text.analyzer.Terms(tw) {
			delete(w.note, t.Text) // "un dimanche" does not make "travailler le dimanche" the note's heading
		}
	}
	seen := map[string]bool{}
	for _, q := range queries {
		for _, p := range q.phrases {
			key := strings.Join(p, " ")
			if seen[key] {
				continue
			}
			seen[key] = true
			var words []string
			for _, t := range p {
				if t != "" {
					words = append(words, t)
					w.notions[t] = true
				}
			}
			if len(words) > 1 {
				w.phrases = append(w.phrases, words)
			}
		}
	}
	return w
}

// features reads a passage's headings against the situation's words.
func (w *situationWords) features(headings []string, rank int) headingFeatures {
	x := headingFeatures{LogRank: math.Log(float64(max(rank, 1)))}
	if len(headings) == 0 {
		return x
	}
	terms := map[string]bool{}
	for _, t := range headings {
		terms[t] = true
	}
	note, notions := 0, 0
	for t := range terms {
		if w.note[t] {
			note++
		}
		if w.notions[t] {
			notions++
		}
	}
	x.Note = float64(note) / float64(len(terms))
	x.Notions = float64(notions) / float64(len(terms))
	for _, p := range w.phrases {
		whole := true
		for _, t := range p {
			if !terms[t] {
				whole = false
				break
			}
		}
		if whole {
			x.Phrases++
		}
	}
	return x
}

// headingTerms reads the headings of the given passages, analyzed, by key. A path many
// passages share is analyzed once.
func (e *Engine) headingTerms(ctx context.Context, f Filter, keys []string) (map[string][]string, error) {
	q, err := filtered(f, query.NewDocIDQuery(keys))
	if err != nil {
		return nil, err
	}
	metas, err := e.Text.metas(ctx, q)
	if err != nil {
		return nil, err
	}
	byPath := map[string][]string{}
	out := make(map[string][]string, len(metas))
	for key, m := range metas {
		path := strings.Join(m.Path, " \n ")
		ts, ok := byPath[path]
		if !ok {
			for _, t := range e.Text.analyzer.Terms(path) {
				ts = append(ts, t.Text)
			}
			byPath[path] = ts
		}
		out[key] = ts
	}
	return out, nil
}

// byHeadings orders the first headingDepth passages of a fused ranking by the heading model.
func (e *Engine) byHeadings(ctx context.Context, f Filter, fused []Fused, w situationWords) ([]Fused, error) {
	top := fused[:min(len(fused), headingDepth)]
	feats, err := e.headingFeaturesOf(ctx, f, top, w)
	if err != nil {
		return nil, err
	}
	return append(headingOrder(top, feats, headingWeights), fused[len(top):]...), nil
}

// headingFeaturesOf reads the features of the given passages, ranked in this order.
func (e *Engine) headingFeaturesOf(ctx context.Context, f Filter, ranked []Fused, w situationWords) ([]headingFeatures, error) {
	keys := make([]string, len(ranked))
	for i, x := range ranked {
		keys[i] = x.Key
	}
	headings, err := e.headingTerms(ctx, f, keys)
	if err != nil {
		return nil, err
	}
	feats := make([]headingFeatures, len(ranked))
	for i, x := range ranked {
		feats[i] = w.features(headings[x.Key], i+1)
	}
	return feats, nil
}

// headingOrder sorts passages by the model's score of their features. They keep the fusion's
// scores in order (the first gets the best), so that a caller weighing passages by score sees
// the new order on the scale it knows.
func headingOrder(ranked []Fused, feats []headingFeatures, m headingModel) []Fused {
	order := make([]int, len(ranked))
	score := make([]float64, len(ranked))
	for i := range order {
		order[i], score[i] = i, m.score(feats[i])
	}
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
	out := make([]Fused, len(ranked))
	for i, j := range order {
		out[i] = ranked[j]
		out[i].Score = ranked[i].Score
	}
	return out
}
