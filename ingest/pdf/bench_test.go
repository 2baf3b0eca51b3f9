package pdf

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/requests"
)

// BenchmarkFrench reads the French PDFs of the corpus (pdfs/french: DomiFa guides and forms,
// the DGCS guide, the Seine-Saint-Denis RSA notices) with Extract and with pdftotext, in the
// same iteration, with as many files at once as there are workers. It reports the pages per
// second of each and their ratio:
//
//	go test ./ingest/pdf -run '^$' -bench 'BenchmarkFrench$' -benchtime 3x
//
// pdftotext's time includes starting its process, as it would for a caller.
func BenchmarkFrench(b *testing.B) {
	fs := frenchFiles(b)
	pages := 0
	for _, f := range fs {
		pages += f.pages
	}
	eng := sharedEngine()
	run := func(workers int, one func(f benchFile) error) (time.Duration, error) {
		start := time.Now()
		var wg sync.WaitGroup
		sem := make(chan struct{}, workers)
		errs := make(chan error, len(fs))
		for _, f := range fs {
			wg.Add(1)
			sem <- struct{}{}
			go func(f benchFile) {
				defer wg.Done()
				defer func() { <-sem }()
				if err := one(f); err != nil {
					errs <- fmt.Errorf("%s: %w", f.path, err)
				}
			}(f)
		}
		wg.Wait()
		close(errs)
		return time.Since(start), <-errs
	}
	socle := func(f benchFile) error {
		_, err := eng.Extract(context.Background(), f.data, Limits{})
		return err
	}
	poppler := func(f benchFile) error { return runPdftotext(f.path) }
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var tSocle, tPoppler time.Duration
			for i := 0; i < b.N; i++ {
				d, err := run(workers, socle)
				if err != nil {
					b.Fatal(err)
				}
				tSocle += d
				d, err = run(workers, poppler)
				if err != nil {
					b.Fatal(err)
				}
				tPoppler += d
			}
			ours := float64(pages*b.N) / tSocle.Seconds()
			theirs := float64(pages*b.N) / tPoppler.Seconds()
			b.ReportMetric(ours, "pages/s")
			b.ReportMetric(theirs, "pdftotext-pages/s")
			b.ReportMetric(ours/theirs, "ratio")
			b.ReportMetric(0, "ns/op") // both tools run in each op; the rates above are the result
		})
	}
}

// BenchmarkFrenchFiles is BenchmarkFrench file by file, one file at a time, to tell which kinds
// of PDF cost the most against pdftotext (docs/pdf-speed.md):
//
//	go test ./ingest/pdf -run '^$' -bench BenchmarkFrenchFiles -benchtime 5x
func BenchmarkFrenchFiles(b *testing.B) {
	eng := sharedEngine()
	for _, f := range frenchFiles(b) {
		b.Run(filepath.Base(f.path), func(b *testing.B) {
			var tSocle, tPoppler time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := eng.Extract(context.Background(), f.data, Limits{}); err != nil {
					b.Fatal(err)
				}
				tSocle += time.Since(start)
				start = time.Now()
				if err := runPdftotext(f.path); err != nil {
					b.Fatal(err)
				}
				tPoppler += time.Since(start)
			}
			b.ReportMetric(float64(tSocle.Milliseconds())/float64(b.N), "ms")
			b.ReportMetric(float64(tPoppler.Milliseconds())/float64(b.N), "pdftotext-ms")
			b.ReportMetric(tPoppler.Seconds()/tSocle.Seconds(), "ratio")
			b.ReportMetric(0, "ns/op")
		})
	}
}

type benchFile struct {
	path  string
	data  []byte
	pages int
}

// frenchFiles loads the French PDFs of the corpus and starts the engine, or skips the
// benchmark when the corpus or pdftotext is missing.
func frenchFiles(b *testing.B) []benchFile {
	b.Helper()
	dir, files := corpusIndex(b)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext (poppler-utils) is not installed")
	}
	var fs []benchFile
	for _, cf := range files {
		if filepath.Dir(filepath.Dir(cf.Path)) != "french" {
			continue
		}
		path := filepath.Join(dir, cf.Path)
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		fs = append(fs, benchFile{path, data, cf.Pages})
	}
	if err := sharedEngine().Start(); err != nil { // compiling PDFium is not a file's time
		b.Fatal(err)
	}
	return fs
}

// runPdftotext is what a caller of pdftotext pays: the process and the extraction.
func runPdftotext(path string) error {
	return exec.Command("pdftotext", "-q", "-enc", "UTF-8", path, os.DevNull).Run()
}

// BenchmarkFrenchStages splits the reading of the French PDFs into what PDFium does when it
// loads the pages, when it builds their text pages, the whole engine part (readDocument), and
// Extract with the layout; "load-as-is" loads the files without the inline-image rewrite
// (inline.go). Each reports pages per second, one file at a time:
//
//	go test ./ingest/pdf -run '^$' -bench BenchmarkFrenchStages -benchtime 3x
func BenchmarkFrenchStages(b *testing.B) {
	fs := frenchFiles(b)
	pages := 0
	prepared := make([][]byte, len(fs))
	for i, f := range fs {
		pages += f.pages
		prepared[i], _ = stripInlineImages(context.Background(), f.data)
	}
	inst, release := engineInstance(b)
	defer release()
	// load opens each file and loads each page, with its text page when text is set.
	load := func(b *testing.B, data []byte, text bool) {
		o, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
		if err != nil {
			b.Fatal(err)
		}
		defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: o.Document})
		n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: o.Document})
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < n.PageCount; i++ {
			p, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: o.Document, Index: i})
			if err != nil {
				b.Fatal(err)
			}
			if text {
				tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &p.Page}})
				if err != nil {
					b.Fatal(err)
				}
				_, _ = inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
			}
			_, _ = inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: p.Page})
		}
	}
	stages := []struct {
		name string
		run  func(b *testing.B, i int)
	}{
		{"load-as-is", func(b *testing.B, i int) { load(b, fs[i].data, false) }},
		{"load", func(b *testing.B, i int) { load(b, prepared[i], false) }},
		{"load+text", func(b *testing.B, i int) { load(b, prepared[i], true) }},
		{"read", func(b *testing.B, i int) {
			if _, err := readDocument(context.Background(), inst, prepared[i], DefaultLimits()); err != nil {
				b.Fatal(err)
			}
		}},
		{"rewrite+read+layout", func(b *testing.B, i int) {
			data, _ := stripInlineImages(context.Background(), fs[i].data)
			raw, err := readDocument(context.Background(), inst, data, DefaultLimits())
			if err != nil {
				b.Fatal(err)
			}
			if _, err := layoutDocument(raw); err != nil {
				b.Fatal(err)
			}
		}},
	}
	for _, st := range stages {
		b.Run(st.name, func(b *testing.B) {
			for b.Loop() {
				for i := range fs {
					st.run(b, i)
				}
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkRenderPage draws pages as the cited page does, without a cache: each page of the
// corpus's French PDFs (or the fixtures when SOCLE_CORPUS is not set) at the default scale with
// its first 300 characters highlighted, one page per iteration, and reports the median and
// 95th percentile time of a page:
//
//	go test ./ingest/pdf -run '^$' -bench 'BenchmarkRenderPage$' -benchtime 200x
func BenchmarkRenderPage(b *testing.B) {
	type job struct {
		data []byte
		page int
	}
	var jobs []job
	var paths []string
	if dir := os.Getenv("SOCLE_CORPUS"); dir != "" {
		paths, _ = filepath.Glob(filepath.Join(dir, "pdfs", "french", "*", "*.pdf"))
	} else {
		paths, _ = filepath.Glob(filepath.Join("testdata", "*.pdf"))
	}
	eng := sharedEngine()
	if err := eng.Start(); err != nil {
		b.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		n, err := eng.PageCount(context.Background(), data, PageLimits())
		if err != nil {
			continue
		}
		for i := 1; i <= n; i++ {
			jobs = append(jobs, job{data, i})
		}
	}
	if len(jobs) == 0 {
		b.Skip("no PDF to draw")
	}
	times := make([]time.Duration, 0, b.N)
	bytes := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := jobs[i%len(jobs)]
		t0 := time.Now()
		out, err := eng.RenderPage(context.Background(), j.data, PageRequest{Page: j.page, Chars: [][2]int{{0, 300}}}, PageLimits())
		times = append(times, time.Since(t0))
		if err == nil {
			bytes += len(out.PNG)
		}
	}
	b.StopTimer()
	p50, p95 := percentiles(times)
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(bytes)/float64(b.N)/1024, "kB/page")
	b.ReportMetric(float64(len(jobs)), "pages-in-set")
}

// percentiles returns the median and the 95th percentile of ds.
func percentiles(ds []time.Duration) (p50, p95 time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], s[min(len(s)-1, len(s)*95/100)]
}
