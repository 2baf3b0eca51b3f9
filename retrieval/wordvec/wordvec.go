// Package wordvec learns word vectors from a small corpus, deterministically and in pure Go, and
// composes them into text vectors: positive pointwise mutual information over co-occurrences
// reduced by a randomized SVD (Levy, Goldberg and Dagan 2015), or skip-gram with negative
// sampling (Mikolov et al. 2013), composed with smooth inverse frequency weights and the common
// component removed (Arora, Liang and Ma 2017). It is how Socle gives an organization an offline
// embedder trained on its own published doctrine: a few thousand passages, trained in seconds.
package wordvec

import (
	"errors"
	"math"
	"sort"
)

// Kinds of model.
const (
	PPMI = "ppmi"
	SGNS = "sgns"
)

// Config sets how a model is trained. Zero fields take defaults.
type Config struct {
	Dim      int    // vector size; 0: 128
	Window   int    // words on each side that count as context; 0: 5
	MinCount int    // least occurrences of a word to get a vector; 0: 3
	MaxVocab int    // most frequent words kept; 0: 30000
	Seed     uint64 // of every random draw; 0: 1

	// PPMI+SVD.
	Alpha      float64 // context distribution smoothing; 0: 0.75
	Oversample int     // extra dimensions of the randomized SVD; 0: 16
	PowerIters int     // power iterations of the randomized SVD; 0: 3

	// SGNS.
	Negatives    int     // 0: 5
	Epochs       int     // 0: 15 (5 left the vectors undertrained on a 1,441-document corpus)
	LearningRate float64 // 0: 0.025
	Subsample    float64 // 0: 1e-4
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Dim, 128)
	def(&c.Window, 5)
	def(&c.MinCount, 3)
	def(&c.MaxVocab, 30000)
	def(&c.Oversample, 16)
	def(&c.PowerIters, 3)
	def(&c.Negatives, 5)
	def(&c.Epochs, 15)
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Alpha <= 0 {
		c.Alpha = 0.75
	}
	if c.LearningRate <= 0 {
		c.LearningRate = 0.025
	}
	if c.Subsample <= 0 {
		c.Subsample = 1e-4
	}
	return c
}

// Model is a trained set of word vectors and what composing them needs.
type Model struct {
	Kind   string
	Dim    int
	Words  []string
	Vec    []float32 // len(Words)*Dim, one unit row per word
	Prob   []float32 // each word's share of the training tokens
	Common []float32 // the training texts' common direction, removed from composed vectors
	index  map[string]int
}

// ErrTooSmall is returned when a corpus has too few words repeated often enough to learn from.
var ErrTooSmall = errors.New("wordvec: the corpus has too few repeated words to learn vectors from")

// Train trains a model of the given kind on tokenized documents.
func Train(kind string, docs [][]string, cfg Config) (*Model, error) {
	cfg = cfg.withDefaults()
	v := buildVocab(docs, cfg)
	if len(v.words) < 2*cfg.Dim/3 || len(v.words) < 8 {
		return nil, ErrTooSmall
	}
	ids := v.encode(docs)
	var vec []float32
	dim := cfg.Dim
	switch kind {
	case PPMI:
		dim = min(cfg.Dim, len(v.words)-1)
		vec = trainPPMI(ids, len(v.words), v.counts, dim, cfg)
	case SGNS:
		vec = trainSGNS(ids, len(v.words), v.counts, cfg)
	default:
		return nil, errors.New("wordvec: unknown model kind " + kind)
	}
	m := &Model{Kind: kind, Dim: dim, Words: v.words, Vec: vec, Prob: make([]float32, len(v.words))}
	total := 0.0
	for _, c := range v.counts {
		total += float64(c)
	}
	for i, c := range v.counts {
		m.Prob[i] = float32(float64(c) / total)
	}
	m.buildIndex()
	m.Common = m.commonComponent(docs)
	return m, nil
}

func (m *Model) buildIndex() {
	m.index = make(map[string]int, len(m.Words))
	for i, w := range m.Words {
		m.index[w] = i
	}
}

// sifA is the smooth inverse frequency constant: a word weighs a/(a+p(w)).
const sifA = 1e-3

// Compose returns the unit vector of a text's tokens: their vectors weighted by smooth inverse
// frequency, summed, with the common component removed. A text with no known word gives zeros.
func (m *Model) Compose(tokens []string) []float32 {
	out := make([]float32, m.Dim)
	m.composeInto(out, tokens)
	if m.Common != nil {
		var p float32
		for i, x := range out {
			p += x * m.Common[i]
		}
		for i := range out {
			out[i] -= p * m.Common[i]
		}
	}
	normalize(out)
	return out
}

func (m *Model) composeInto(out []float32, tokens []string) {
	for _, t := range tokens {
		i, ok := m.index[t]
		if !ok {
			continue
		}
		w := float32(sifA / (sifA + float64(m.Prob[i])))
		row := m.Vec[i*m.Dim : (i+1)*m.Dim]
		for d, x := range row {
			out[d] += w * x
		}
	}
}

// commonComponent is the first principal direction of the training documents' composed
// vectors (power iteration from a fixed start, so deterministic).
func (m *Model) commonComponent(docs [][]string) []float32 {
	vs := make([][]float32, 0, len(docs))
	for _, d := range docs {
		v := make([]float32, m.Dim)
		m.composeInto(v, d)
		if normalize(v) {
			vs = append(vs, v)
		}
	}
	if len(vs) < 2 {
		return nil
	}
	u := make([]float64, m.Dim)
	for i := range u {
		u[i] = 1 / math.Sqrt(float64(m.Dim))
	}
	for it := 0; it < 50; it++ {
		next := make([]float64, m.Dim)
		for _, v := range vs {
			var p float64
			for i, x := range v {
				p += float64(x) * u[i]
			}
			for i, x := range v {
				next[i] += p * float64(x)
			}
		}
		n := 0.0
		for _, x := range next {
			n += x * x
		}
		if n == 0 {
			return nil
		}
		n = math.Sqrt(n)
		for i := range next {
			next[i] /= n
		}
		u = next
	}
	out := make([]float32, m.Dim)
	for i, x := range u {
		out[i] = float32(x)
	}
	return out
}

// normalize scales v to unit length and reports whether it was not zero.
func normalize(v []float32) bool {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return false
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
	return true
}

type vocab struct {
	words  []string
	counts []int
	index  map[string]int32
}

// buildVocab keeps the words seen at least MinCount times, the MaxVocab most frequent, in
// order of decreasing count then alphabetical, so that the same corpus gives the same ids.
func buildVocab(docs [][]string, cfg Config) vocab {
	counts := map[string]int{}
	for _, d := range docs {
		for _, t := range d {
			counts[t]++
		}
	}
	var words []string
	for w, c := range counts {
		if c >= cfg.MinCount {
			words = append(words, w)
		}
	}
	sort.Slice(words, func(i, j int) bool {
		if counts[words[i]] != counts[words[j]] {
			return counts[words[i]] > counts[words[j]]
		}
		return words[i] < words[j]
	})
	if len(words) > cfg.MaxVocab {
		words = words[:cfg.MaxVocab]
	}
	v := vocab{words: words, counts: make([]int, len(words)), index: make(map[string]int32, len(words))}
	for i, w := range words {
		v.counts[i] = counts[w]
		v.index[w] = int32(i)
	}
	return v
}

// encode turns documents into word ids, dropping words without one.
func (v vocab) encode(docs [][]string) [][]int32 {
	out := make([][]int32, 0, len(docs))
	for _, d := range docs {
		ids := make([]int32, 0, len(d))
		for _, t := range d {
			if i, ok := v.index[t]; ok {
				ids = append(ids, i)
			}
		}
		if len(ids) > 1 {
			out = append(out, ids)
		}
	}
	return out
}
