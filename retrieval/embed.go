package retrieval

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Embedder turns texts into vectors of one model. Every vector an index holds records the
// model and dimension it came from; an index never compares vectors of two models.
type Embedder interface {
	// Embed returns one vector of Dim() numbers per text, in order.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	// Model names the model, parameters included, so that two embedders giving different
	// vectors never share a name.
	Model() string
	Dim() int
}

// TermStats tells how rare a term is among indexed passages. The text index provides it.
type TermStats interface {
	// DocFreq returns how many passages hold the analyzed term, and how many there are.
	DocFreq(term string) (df, n int)
}

// QueryEmbedder is an embedder that weighs a query's words by their rarity in the index.
// Passages are embedded without corpus statistics, so their vectors never go stale as the
// corpus grows; only the query side uses them.
type QueryEmbedder interface {
	EmbedQuery(ctx context.Context, text string, stats TermStats) ([]float32, error)
}

// HashingEmbedder is the default embedder: it needs no model weights and no network. A text
// becomes the French analyzer's terms (folded, stemmed, stop words dropped) plus the
// character n-grams of its folded words, each hashed with a sign into Dim buckets (the
// "hashing trick"), weighted by sublinear term frequency and L2-normalized. Word n-grams
// make it forgiving where stemming stops (inflections, compounds, typos), which is what it
// adds to BM25 in hybrid search.
type HashingEmbedder struct {
	dim      int
	analyzer *Analyzer
	// NGramWeight scales the character n-grams of a word against the word itself.
	ngramWeight float64
	minN, maxN  int
}

// DefaultHashingDim is the default dimension of the hashing embedder: large enough that
// collisions cost little, small enough to scan 100 000 passages in a few milliseconds.
const DefaultHashingDim = 256

// NewHashingEmbedder returns the hashing embedder with dim buckets (DefaultHashingDim if 0).
func NewHashingEmbedder(dim int) *HashingEmbedder {
	if dim <= 0 {
		dim = DefaultHashingDim
	}
	return &HashingEmbedder{dim: dim, analyzer: NewAnalyzer(), ngramWeight: 0.5, minN: 3, maxN: 5}
}

// Model names the embedder and every parameter that changes its vectors.
func (h *HashingEmbedder) Model() string {
	return fmt.Sprintf("socle-hash-v1/%s/ng%d-%d@%.2f/d%d", AnalyzerVersion, h.minN, h.maxN, h.ngramWeight, h.dim)
}

// Dim returns the vectors' dimension.
func (h *HashingEmbedder) Dim() int { return h.dim }

// Embed embeds passages: term weights come from the text alone.
func (h *HashingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out[i] = h.embed(t, nil)
	}
	return out, nil
}

// EmbedQuery embeds a query, weighing each word by its inverse document frequency.
func (h *HashingEmbedder) EmbedQuery(ctx context.Context, text string, stats TermStats) ([]float32, error) {
	return h.embed(text, stats), ctx.Err()
}

func (h *HashingEmbedder) embed(text string, stats TermStats) []float32 {
	v := make([]float32, h.dim)
	terms := h.analyzer.Terms(text)
	counts := make(map[string]int, len(terms))
	surface := make(map[string]string, len(terms))
	for _, t := range terms {
		counts[t.Text]++
		if _, ok := surface[t.Text]; !ok {
			surface[t.Text] = fold(strings.ToLower(text[t.Start:t.End]))
		}
	}
	// Sorted, so that a text always sums its features in the same order and gets the same
	// vector to the last bit.
	keys := make([]string, 0, len(counts))
	for term := range counts {
		keys = append(keys, term)
	}
	sort.Strings(keys)
	var starts []int
	for _, term := range keys {
		w := 1 + math.Log(float64(counts[term]))
		if stats != nil {
			w *= idf(stats, term)
		}
		h.add(v, hashString(fnvOffset, "w\x00"+term), w)
		// Character n-grams of the word as written (folded), with boundary marks.
		word := "<" + surface[term] + ">"
		starts = starts[:0]
		for i := range word {
			starts = append(starts, i)
		}
		starts = append(starts, len(word))
		runes := len(starts) - 1
		grams := 0
		for n := h.minN; n <= h.maxN; n++ {
			grams += max(0, runes-n+1)
		}
		if grams == 0 {
			continue
		}
		gw := w * h.ngramWeight / math.Sqrt(float64(grams))
		for n := h.minN; n <= h.maxN; n++ {
			for i := 0; i+n <= runes; i++ {
				h.add(v, hashString(fnvOffset, word[starts[i]:starts[i+n]]), gw)
			}
		}
	}
	normalize(v)
	return v
}

// idf is BM25's inverse document frequency, floored so that a term in every passage still
// counts a little.
func idf(stats TermStats, term string) float64 {
	df, n := stats.DocFreq(term)
	if n == 0 {
		return 1
	}
	return math.Max(0.05, math.Log(1+(float64(n)-float64(df)+0.5)/(float64(df)+0.5)))
}

// FNV-1a, 64 bits, inlined so that hashing a feature allocates nothing.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// add adds w to the feature's bucket, with a sign taken from the hash so that collisions
// cancel out on average instead of piling up.
func (h *HashingEmbedder) add(v []float32, x uint64, w float64) {
	i := int(x % uint64(h.dim))
	if x>>63 == 1 {
		w = -w
	}
	v[i] += float32(w)
}

// normalize scales v to unit length, leaving a zero vector as is.
func normalize(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
}
