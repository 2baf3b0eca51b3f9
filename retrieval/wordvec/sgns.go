package wordvec

import (
	"math"
	"math/rand/v2"
	"sort"
)

// trainSGNS trains skip-gram with negative sampling on one thread, every draw from one seeded
// generator, so that the same corpus gives the same vectors.
func trainSGNS(docs [][]int32, n int, counts []int, cfg Config) []float32 {
	dim := cfg.Dim
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5619))
	in := make([]float32, n*dim)
	for i := range in {
		in[i] = float32((rng.Float64() - 0.5) / float64(dim))
	}
	outv := make([]float32, n*dim)
	// Negative samples follow the unigram distribution raised to 3/4.
	cum := make([]float64, n)
	acc, total := 0.0, 0.0
	for i, c := range counts {
		acc += math.Pow(float64(c), 0.75)
		cum[i] = acc
		total += float64(c)
	}
	negative := func() int32 {
		x := rng.Float64() * acc
		return int32(sort.SearchFloat64s(cum, x))
	}
	keep := make([]float64, n)
	for i, c := range counts {
		f := float64(c) / total
		keep[i] = math.Min(1, math.Sqrt(cfg.Subsample/f)+cfg.Subsample/f)
	}
	tokens := 0
	for _, d := range docs {
		tokens += len(d)
	}
	steps := float64(cfg.Epochs * tokens)
	done := 0.0
	grad := make([]float32, dim)
	sent := make([]int32, 0, 256)
	for ep := 0; ep < cfg.Epochs; ep++ {
		for _, d := range docs {
			sent = sent[:0]
			for _, w := range d {
				if rng.Float64() < keep[w] {
					sent = append(sent, w)
				}
			}
			for i, w := range sent {
				lr := float32(cfg.LearningRate * math.Max(1e-4, 1-done/steps))
				done++
				b := 1 + rng.IntN(cfg.Window)
				for j := max(0, i-b); j < min(len(sent), i+b+1); j++ {
					if j == i {
						continue
					}
					ctx := sent[j]
					wv := in[int(ctx)*dim : (int(ctx)+1)*dim]
					for k := range grad {
						grad[k] = 0
					}
					for s := 0; s <= cfg.Negatives; s++ {
						target, label := w, float32(1)
						if s > 0 {
							target, label = negative(), 0
							if target == w {
								continue
							}
						}
						ov := outv[int(target)*dim : (int(target)+1)*dim]
						var dot float32
						for k := range wv {
							dot += wv[k] * ov[k]
						}
						g := (label - sigmoid(dot)) * lr
						for k := range wv {
							grad[k] += g * ov[k]
							ov[k] += g * wv[k]
						}
					}
					for k := range wv {
						wv[k] += grad[k]
					}
				}
			}
		}
	}
	for w := 0; w < n; w++ {
		normalize(in[w*dim : (w+1)*dim])
	}
	return in
}

func sigmoid(x float32) float32 {
	switch {
	case x > 8:
		return 1
	case x < -8:
		return 0
	}
	return float32(1 / (1 + math.Exp(-float64(x))))
}
