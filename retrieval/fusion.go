package retrieval

import "sort"

// Fusion sets how hybrid search merges the full-text and vector rankings: reciprocal rank
// fusion, where an entry at rank r of a ranking earns weight/(K+r), summed over rankings.
// Ranks rather than scores are fused because BM25 scores and cosines have no common scale.
type Fusion struct {
	K            float64 `json:"k"`             // damping of the ranks; 0 means 60, the value of Cormack et al.
	BM25Weight   float64 `json:"bm25_weight"`   // 0 means 1
	VectorWeight float64 `json:"vector_weight"` // 0 means 1
	Depth        int     `json:"depth"`         // candidates taken from each ranking; 0 means 100
}

// DefaultFusion returns the fusion hybrid search uses with an embedder. A neural embedding
// model gets the usual RRF (k 60, equal weights). The hashing embedder is a lexical ranker
// well below BM25 on the French sets (docs/retrieval-quality.md): every setting that gives
// it a real vote lowers nDCG@10, so it gets a small one, enough to break BM25's near-ties
// and to bring up passages that only its character n-grams match. With so small a vote
// nothing beyond BM25's first fifteen reaches a page of ten, so 30 candidates a side do
// (a larger limit takes more: the depth is never below it).
//
// An embedder trained on the organization's doctrine (TrainedEmbedder) is a semantic ranker, but
// a weak one on a few thousand passages: on the tuning half of the situations development set,
// k 5 and weight 0.3 did best among k ∈ {5, 10, 20, 60} × weight ∈ {0.2, 0.3, 0.5, 1}
// (docs/retrieval-quality.md).
func DefaultFusion(emb Embedder) Fusion {
	if _, ok := emb.(*HashingEmbedder); ok {
		return Fusion{K: 5, BM25Weight: 1, VectorWeight: 0.1, Depth: 30}
	}
	if _, ok := emb.(*TrainedEmbedder); ok {
		return Fusion{K: 5, BM25Weight: 1, VectorWeight: 0.3, Depth: 30}
	}
	return Fusion{K: 60, BM25Weight: 1, VectorWeight: 1, Depth: 100}
}

func (f Fusion) withDefaults() Fusion {
	if f.K <= 0 {
		f.K = 60
	}
	if f.BM25Weight <= 0 {
		f.BM25Weight = 1
	}
	if f.VectorWeight <= 0 {
		f.VectorWeight = 1
	}
	if f.Depth <= 0 {
		f.Depth = 100
	}
	return f
}

// Ranking is one ranked list of keys, best first, and the weight fusion gives it.
type Ranking struct {
	Weight float64
	Keys   []string
}

// Fused is a key's place after fusion: its fused score and its 1-based rank in each input
// ranking (0 where it is absent), in the order the rankings were given.
type Fused struct {
	Key   string
	Score float64
	Ranks []int
}

// FuseRRF merges rankings by weighted reciprocal rank: score(d) = Σ w_i / (k + rank_i(d)).
// Ties keep the order of first appearance in the earlier rankings, so the result is
// deterministic.
func FuseRRF(k float64, rankings ...Ranking) []Fused {
	index := map[string]int{}
	var out []Fused
	for ri, r := range rankings {
		for pos, key := range r.Keys {
			i, ok := index[key]
			if !ok {
				i = len(out)
				index[key] = i
				out = append(out, Fused{Key: key, Ranks: make([]int, len(rankings))})
			}
			if out[i].Ranks[ri] != 0 {
				continue // a key listed twice keeps its better rank
			}
			out[i].Ranks[ri] = pos + 1
			out[i].Score += r.Weight / (k + float64(pos+1))
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	return out
}
