package authoring_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/store/embedded"
)

// BenchmarkCitedPages serves the cited pages of citations as caseworkers open them: the
// sentences of the French PDF guides of the corpus (or the housing fixture without
// SOCLE_CORPUS) are the citations, opened with a skewed popularity (Zipf: a few passages
// answer most situations), each opening drawing every page its quote is printed on through
// the service and its disk cache. One iteration is one opening. It reports the median and 95th
// percentile time of an opening, the 95th percentile of a page drawn (cache miss), and the
// cache's hit rate:
//
//	go test ./authoring -run '^$' -bench BenchmarkCitedPages -benchtime 2000x
func BenchmarkCitedPages(b *testing.B) {
	s, err := embedded.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	org := socle.Organization{Slug: "bench", Name: "Bench"}
	if err := s.CreateOrg(ctx, &org); err != nil {
		b.Fatal(err)
	}
	cache, err := authoring.OpenPageCache(b.TempDir(), 0)
	if err != nil {
		b.Fatal(err)
	}
	svc := &authoring.Service{Store: s, Pages: cache}
	files := []string{filepath.Join("..", "ingest", "pdf", "testdata", "logement.pdf")}
	if dir := os.Getenv("SOCLE_CORPUS"); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "pdfs", "french", "webrsa", "webrsa_didac_n*.pdf"))
		files = append(more, filepath.Join(dir, "pdfs", "french", "emjpm", "DGCS_Mandoline_guide-de-remplissage-des-enquetes.pdf"))
	}
	type citation struct {
		slug  string
		sec   socle.Section
		span  socle.Span
		pages []int
	}
	var cites []citation
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		res, err := svc.AddVersion(ctx, authoring.Upload{OrgID: org.ID, Guide: "guide-" + string(rune('a'+i)), FileName: filepath.Base(f), Data: data, Publish: true})
		if err != nil {
			b.Logf("skip %s: %v", f, err)
			continue
		}
		secs, err := s.Sections(ctx, org.ID, res.Version.ID)
		if err != nil {
			b.Fatal(err)
		}
		for _, sec := range secs {
			start := 0
			for start < len(sec.Text) {
				end := strings.Index(sec.Text[start:], ". ")
				if end < 0 {
					end = len(sec.Text)
				} else {
					end += start + 1
				}
				sp := socle.Span{Start: start, End: end}
				if end-start > 40 {
					if pages := authoring.QuotePages(sec, sp); len(pages) > 0 {
						cites = append(cites, citation{res.Guide.Slug, sec, sp, pages})
					}
				}
				start = end + 1
			}
		}
	}
	if len(cites) == 0 {
		b.Skip("no citation")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(cites), func(i, j int) { cites[i], cites[j] = cites[j], cites[i] })
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 1, uint64(len(cites)-1))
	var opens, draws []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := cites[zipf.Uint64()]
		t0 := time.Now()
		for _, p := range c.pages {
			t1 := time.Now()
			img, err := svc.Page(ctx, org.ID, authoring.PageQuery{Slug: c.slug, N: 1, Page: p, SectionID: c.sec.ID, Span: c.span})
			if err != nil {
				b.Fatal(err)
			}
			if !img.Cached {
				draws = append(draws, time.Since(t1))
			}
		}
		opens = append(opens, time.Since(t0))
	}
	b.StopTimer()
	st := cache.Stats()
	p50, p95 := durations(opens)
	_, d95 := durations(draws)
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(d95.Microseconds())/1000, "draw-p95-ms")
	b.ReportMetric(100*float64(st.Hits)/float64(max(1, st.Hits+st.Misses)), "hit-%")
	b.ReportMetric(float64(len(cites)), "citations")
}

func durations(ds []time.Duration) (p50, p95 time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2], ds[min(len(ds)-1, len(ds)*95/100)]
}
