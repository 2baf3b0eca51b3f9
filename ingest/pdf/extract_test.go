package pdf

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden reads each fixture of testdata (made by testdata/gen) and compares what comes out
// with testdata/<name>.golden. Refresh with go test ./ingest/pdf -run TestGolden -update.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata (%v): go run ./ingest/pdf/testdata/gen -out ingest/pdf/testdata", err)
	}
	eng := sharedEngine()
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".pdf")
		if name == "bomb" {
			continue // TestLimits: its result depends on the memory limit
		}
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := eng.Extract(context.Background(), data, Limits{})
			got := describe(doc, err)
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", path, golden, got, want)
			}
		})
	}
}

// describe renders a document, or the error that stopped it, for golden files.
func describe(doc *Document, err error) string {
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "error (%s): %s\n", socle.KindOf(err), socle.MessageOf(err))
		return b.String()
	}
	fmt.Fprintf(&b, "title: %s\npages: %d\n", doc.Title, doc.Pages)
	keys := make([]string, 0, len(doc.Metadata))
	for k := range doc.Metadata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "meta %s: %s\n", k, doc.Metadata[k])
	}
	for _, p := range doc.Problems {
		fmt.Fprintf(&b, "problem (page %d): %s\n", p.Page, p.Message)
	}
	for _, f := range doc.Furniture {
		fmt.Fprintf(&b, "furniture: %s\n", f)
	}
	for _, bl := range doc.Blocks {
		b.WriteString("\n")
		switch bl.Kind {
		case Heading:
			fmt.Fprintf(&b, "## heading %d, page %d\n", bl.Level, bl.Page)
		case Table:
			fmt.Fprintf(&b, "## table, page %d\n", bl.Page)
		default:
			cont := ""
			if bl.Continues {
				cont = ", continues"
			}
			fmt.Fprintf(&b, "## paragraph, page %d%s\n", bl.Page, cont)
		}
		b.WriteString(strings.ReplaceAll(bl.Text, "\t", " | "))
		b.WriteString("\n")
	}
	return b.String()
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestLimits checks that every limit stops a file with the right kind of error.
func TestLimits(t *testing.T) {
	eng := sharedEngine()
	running := fixture(t, "running.pdf")
	tests := []struct {
		name   string
		eng    *Engine
		data   []byte
		limits Limits
		kind   socle.ErrorKind
		says   string
	}{
		{"size", eng, running, Limits{MaxBytes: 1000}, socle.ETOOLARGE, "over the limit of 1000 bytes"},
		{"pages", eng, running, Limits{MaxPages: 2}, socle.ETOOLARGE, "has 3 pages, over the limit of 2"},
		{"time", eng, fixture(t, "bomb.pdf"), Limits{Timeout: time.Millisecond}, socle.ETOOLARGE, "took longer than 1ms"},
		{"memory checked between pages", eng, fixture(t, "bomb.pdf"), Limits{MaxMemory: 64 << 20}, socle.ETOOLARGE, "needs more than 64.0 MB of memory"},
		{"memory hard cap", NewEngine(Options{Workers: 1, MaxMemory: 96 << 20, CacheDir: testCacheDir()}), fixture(t, "bomb.pdf"), Limits{}, socle.ETOOLARGE, "memory"},
		{"not a PDF", eng, []byte("Bonjour, ceci n'est pas un PDF."), Limits{}, socle.EINVALID, "not a PDF"},
		{"empty", eng, nil, Limits{}, socle.EINVALID, "not a PDF"},
		{"header only", eng, []byte("%PDF-1.7\n"), Limits{}, socle.EINVALID, "damaged or truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.eng.Extract(context.Background(), tt.data, tt.limits)
			if err == nil {
				t.Fatalf("got no error, want %s", tt.kind)
			}
			if k := socle.KindOf(err); k != tt.kind {
				t.Errorf("got kind %s (%v), want %s", k, err, tt.kind)
			}
			if !strings.Contains(socle.MessageOf(err), tt.says) {
				t.Errorf("got message %q, want it to say %q", socle.MessageOf(err), tt.says)
			}
		})
	}
}

// TestBombWithinLimits: with the default limits the decompression bomb (256 MB of spaces
// behind two Flate filters) is read, and its one line of text found.
func TestBombWithinLimits(t *testing.T) {
	doc, err := sharedEngine().Extract(context.Background(), fixture(t, "bomb.pdf"), Limits{})
	if err != nil {
		t.Fatalf("got %v, want the bomb read within the default limits", err)
	}
	if got := documentText(doc); !strings.Contains(got, "Une bombe de decompression.") {
		t.Errorf("got %q, want the page's line of text", got)
	}
}

// TestCancel: a cancelled context stops a read with the context's error, not a limit's.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := sharedEngine().Extract(ctx, fixture(t, "running.pdf"), Limits{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestConcurrent reads the fixtures from many goroutines at once (more than the engine has
// instances) and checks that each gets the same result as alone.
func TestConcurrent(t *testing.T) {
	eng := sharedEngine()
	names := []string{"two-columns.pdf", "running.pdf", "table.pdf", "outline.pdf", "french.pdf", "encrypted.pdf"}
	want := map[string]string{}
	for _, n := range names {
		doc, err := eng.Extract(context.Background(), fixture(t, n), Limits{})
		want[n] = describe(doc, err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			doc, err := eng.Extract(context.Background(), fixture(t, n), Limits{})
			if got := describe(doc, err); got != want[n] {
				errs <- fmt.Sprintf("%s: concurrent result differs:\n%s\nwant\n%s", n, got, want[n])
			}
		}(names[i%len(names)])
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestClosedEngine: an engine used after Close says so instead of starting again.
func TestClosedEngine(t *testing.T) {
	e := NewEngine(Options{Workers: 1})
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := e.Extract(context.Background(), fixture(t, "french.pdf"), Limits{})
	if socle.KindOf(err) != socle.EUNAVAILABLE {
		t.Errorf("got %v, want an EUNAVAILABLE error", err)
	}
}

// TestDamagedCompilationCache: a cache whose entries were damaged (a full disk, a crash in the
// middle of a write) costs a compilation, never the engine.
func TestDamagedCompilationCache(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles PDFium")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(testCacheDir())); err != nil || !hasFiles(dir) {
		// No warm cache to copy: make one.
		e := NewEngine(Options{Workers: 1, CacheDir: dir})
		if err := e.Start(); err != nil {
			t.Fatal(err)
		}
		_ = e.Close()
	}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.WriteFile(path, []byte("not a compiled module"), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(Options{Workers: 1, CacheDir: dir})
	defer e.Close()
	doc, err := e.Extract(context.Background(), fixture(t, "french.pdf"), Limits{})
	if err != nil {
		t.Fatalf("with a damaged cache: %v, want the file read", err)
	}
	if len(doc.Blocks) == 0 {
		t.Error("no blocks read")
	}
}

func hasFiles(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		found = found || (err == nil && !d.IsDir())
		return nil
	})
	return found
}
