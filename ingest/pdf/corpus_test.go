package pdf

import (
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Helpers shared by the corpus runners (robustness, quality, engine comparison, benchmark).

// corpusDir returns the shared corpus of real documents, or skips the test.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("SOCLE_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "pdfs", "index.csv")); err != nil {
		tb.Skipf("corpus not found at %s (set SOCLE_CORPUS to the folder holding pdfs/index.csv)", dir)
	}
	return dir
}

// corpusFile is one row of pdfs/index.csv.
type corpusFile struct {
	Path  string // relative to pdfs/
	Pages int
	Flags string
	Note  string
}

func corpusIndex(tb testing.TB) (dir string, files []corpusFile) {
	tb.Helper()
	dir = filepath.Join(corpusDir(tb), "pdfs")
	f, err := os.Open(filepath.Join(dir, "index.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("index.csv: %v", err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, r := range rows[1:] {
		pages, _ := strconv.Atoi(r[col["pages"]])
		files = append(files, corpusFile{Path: r[col["path"]], Pages: pages, Flags: r[col["flags"]], Note: r[col["note"]]})
	}
	return dir, files
}

// sharedEngine is one engine for all the tests of the package run, since starting one costs
// seconds. Tests never Close it; the process ends.
var sharedEngine = sync.OnceValue(func() *Engine { return NewEngine(Options{CacheDir: testCacheDir()}) })

// testCacheDir keeps wazero's compiled PDFium for the engines the tests make, within a run and
// from one run to the next: under the race detector, compiling it takes about a minute.
func testCacheDir() string { return filepath.Join(os.TempDir(), "socle-test-pdfium") }

// pdftotext runs poppler's pdftotext on a file, or skips the test when it is not installed.
func pdftotext(tb testing.TB, path string, args ...string) (string, time.Duration, error) {
	tb.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		tb.Skip("pdftotext (poppler-utils) is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args = append(append([]string{"-q", "-enc", "UTF-8"}, args...), path, "-")
	start := time.Now()
	out, err := exec.CommandContext(ctx, "pdftotext", args...).Output()
	return string(out), time.Since(start), err
}

// words splits text into the units of the word-level F1: runs of letters and digits after
// NFKC, so that punctuation spacing ("mot :" against "mot:") does not count, while glued or
// split words do.
func words(s string) []string {
	s = norm.NFKC.String(s)
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) })
}

// dehyphenateLines applies the same line-end hyphen rule as the extractor to plain text, so
// that the reference is not penalised for words we join on purpose.
func dehyphenateLines(text string) string {
	hy := newHyphenator(text)
	lines := strings.Split(text, "\n")
	var b strings.Builder
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		for i+1 < len(lines) {
			next := strings.TrimLeft(lines[i+1], " ")
			joined, ok := hy.join(strings.TrimRight(line, " "), next)
			if !ok {
				break
			}
			line = joined
			i++
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// bag counts words.
func bag(ws []string) map[string]int {
	m := make(map[string]int, len(ws))
	for _, w := range ws {
		m[w]++
	}
	return m
}

// f1 is the word-level F1 of got against want (multisets).
func f1(got, want []string) (f, precision, recall float64) {
	if len(got) == 0 && len(want) == 0 {
		return 1, 1, 1
	}
	if len(got) == 0 || len(want) == 0 {
		return 0, 0, 0
	}
	w := bag(want)
	common := 0
	for _, g := range got {
		if w[g] > 0 {
			w[g]--
			common++
		}
	}
	precision = float64(common) / float64(len(got))
	recall = float64(common) / float64(len(want))
	if common == 0 {
		return 0, precision, recall
	}
	return 2 * precision * recall / (precision + recall), precision, recall
}

// subtractWords removes from ws one occurrence of each word of the removed lines.
func subtractWords(ws []string, removed []string) []string {
	drop := bag(words(strings.Join(removed, "\n")))
	out := ws[:0:0]
	for _, w := range ws {
		if drop[w] > 0 {
			drop[w]--
			continue
		}
		out = append(out, w)
	}
	return out
}

// documentText is the text of all blocks, as an indexer would see it.
func documentText(d *Document) string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		b.WriteString(bl.Text)
		b.WriteString("\n\n")
	}
	return b.String()
}

// peakRSS returns the peak resident set size of this process in bytes (Linux), or 0.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// repoRoot is where docs/ lives, two levels above this package.
func repoRoot() string { return filepath.Join("..", "..") }
