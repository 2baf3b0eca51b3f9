package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"
)

// benchText draws French passages from a unigram model of the spf-qr corpus: the words and
// their frequencies are real, so postings lengths and vector densities are too.
type benchText struct {
	words   []string
	cum     []float64
	queries []string
}

func loadBenchText(b *testing.B) *benchText {
	b.Helper()
	dir := filepath.Join(corpusDir(b), "bench", "spf-qr")
	counts := map[string]int{}
	err := readJSONL(filepath.Join(dir, "corpus_plus_3588_distractors.jsonl"), func(_ int, data []byte) error {
		var e CorpusEntry
		if err := json.Unmarshal(data, &e); err != nil {
			return err
		}
		for _, w := range strings.Fields(e.Text) {
			counts[w]++
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	t := &benchText{}
	for w := range counts {
		t.words = append(t.words, w)
	}
	sort.Strings(t.words)
	total := 0.0
	for _, w := range t.words {
		total += float64(counts[w])
		t.cum = append(t.cum, total)
	}
	f, err := os.Open(filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q EvalQuery
		if json.Unmarshal(sc.Bytes(), &q) == nil {
			t.queries = append(t.queries, q.Text)
		}
	}
	return t
}

func (t *benchText) passage(r *rand.Rand, words int) string {
	var sb strings.Builder
	for i := 0; i < words; i++ {
		x := r.Float64() * t.cum[len(t.cum)-1]
		j := sort.SearchFloat64s(t.cum, x)
		sb.WriteString(t.words[min(j, len(t.words)-1)])
		sb.WriteByte(' ')
	}
	return sb.String()
}

// benchPassages makes n passages of about 150 words (a section's passage is cut near 1200
// bytes) in one organization, the worst case for a search scoped to it.
func (t *benchText) benchPassages(n int) []Passage {
	r := rand.New(rand.NewPCG(uint64(n), 1))
	out := make([]Passage, n)
	for i := range out {
		out[i] = testPassage("bench-org", fmt.Sprintf("g%d", i%50), fmt.Sprintf("v%d", i%50),
			fmt.Sprintf("s%d", i), t.passage(r, 100+r.IntN(100)), "Guide", fmt.Sprintf("Section %d", i))
	}
	return out
}

// BenchmarkSearch measures query latency per mode over 10 000 and 100 000 passages in the
// embedded mode (bleve + flat vectors, hashing embedder), with the real spf-qr questions.
// It reports p50 and p95 in milliseconds, and the resident memory of the process holding
// the indexes.
func BenchmarkSearch(b *testing.B) {
	text := loadBenchText(b)
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			ctx := context.Background()
			e, _, err := Open(ctx, b.TempDir(), NewHashingEmbedder(0), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			if err := e.indexPassages(ctx, text.benchPassages(n), nil); err != nil {
				b.Fatal(err)
			}
			// Give back what building took, so that the figure is what holding the indexes
			// costs: the vectors in memory, bleve's mapped segments and caches.
			debug.FreeOSMemory()
			rss := residentMB()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heapMB := float64(ms.HeapInuse) / (1 << 20)
			for _, mode := range Modes {
				b.Run(string(mode), func(b *testing.B) {
					lat := make([]float64, 0, b.N)
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						q := text.queries[i%len(text.queries)]
						t0 := time.Now()
						if _, err := e.Search(ctx, "bench-org", Query{Text: q, Mode: mode}); err != nil {
							b.Fatal(err)
						}
						lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
					}
					b.StopTimer()
					sort.Float64s(lat)
					b.ReportMetric(percentile(lat, 50), "p50-ms")
					b.ReportMetric(percentile(lat, 95), "p95-ms")
					b.ReportMetric(rss, "rss-MB")
					b.ReportMetric(heapMB, "heap-MB")
				})
			}
		})
	}
}

// BenchmarkIndexBuild measures how fast passages go into both indexes (analysis, bleve
// batches, hashing embeddings, the vector file), in passages per second.
func BenchmarkIndexBuild(b *testing.B) {
	text := loadBenchText(b)
	passages := text.benchPassages(10_000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e, _, err := Open(ctx, b.TempDir(), NewHashingEmbedder(0), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := e.indexPassages(ctx, passages, nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		e.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(passages)*b.N)/b.Elapsed().Seconds(), "passages/s")
}

// BenchmarkDot measures the inner loop of vector search.
func BenchmarkDot(b *testing.B) {
	x := make([]float32, DefaultHashingDim)
	y := make([]float32, DefaultHashingDim)
	for i := range x {
		x[i], y[i] = float32(i), float32(len(x)-i)
	}
	var s float32
	for i := 0; i < b.N; i++ {
		s += dot(x, y)
	}
	b.ReportMetric(float64(b.N*len(x))/b.Elapsed().Seconds()/1e9, "GMAC/s")
	_ = s
}

// residentMB reads the process's resident set size (Linux), or the Go heap elsewhere.
func residentMB() float64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "VmRSS:") {
				var kb float64
				fmt.Sscan(strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:")), &kb)
				return kb / 1024
			}
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / (1 << 20)
}
