package pdf

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// BenchmarkFrench reads the French PDFs of the corpus (pdfs/french: DomiFa guides and forms,
// the DGCS guide, the Seine-Saint-Denis RSA notices) with Extract and with pdftotext, in the
// same iteration, with as many files at once as there are workers. It reports the pages per
// second of each and their ratio:
//
//	go test ./ingest/pdf -run '^$' -bench BenchmarkFrench -benchtime 3x
//
// pdftotext's time includes starting its process, as it would for a caller.
func BenchmarkFrench(b *testing.B) {
	dir, files := corpusIndex(b)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext (poppler-utils) is not installed")
	}
	type file struct {
		path  string
		data  []byte
		pages int
	}
	var fs []file
	pages := 0
	for _, cf := range files {
		if filepath.Dir(filepath.Dir(cf.Path)) != "french" {
			continue
		}
		path := filepath.Join(dir, cf.Path)
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		fs = append(fs, file{path, data, cf.Pages})
		pages += cf.Pages
	}
	eng := sharedEngine()
	if _, err := eng.Extract(context.Background(), fs[0].data, Limits{}); err != nil { // start the pool
		b.Fatal(err)
	}
	run := func(workers int, one func(f file) error) (time.Duration, error) {
		start := time.Now()
		var wg sync.WaitGroup
		sem := make(chan struct{}, workers)
		errs := make(chan error, len(fs))
		for _, f := range fs {
			wg.Add(1)
			sem <- struct{}{}
			go func(f file) {
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
	socle := func(f file) error {
		_, err := eng.Extract(context.Background(), f.data, Limits{})
		return err
	}
	poppler := func(f file) error {
		return exec.Command("pdftotext", "-q", "-enc", "UTF-8", f.path, os.DevNull).Run()
	}
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
