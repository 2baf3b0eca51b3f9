package pdf

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	"golang.org/x/text/unicode/norm"
)

// TestCharRuns checks, on the fixtures and the French guides of the corpus, that every run a
// block carries names engine characters that are the block's own letters (after the same
// normalization), and that runs cover nearly all the letters of the text.
func TestCharRuns(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	if dir := os.Getenv("SOCLE_CORPUS"); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "pdfs", "french", "webrsa", "webrsa_didac_n*.pdf"))
		files = append(files, more...)
		more, _ = filepath.Glob(filepath.Join(dir, "pdfs", "french", "emjpm", "*.pdf"))
		files = append(files, more...)
	}
	eng := sharedEngine()
	for _, path := range files {
		name := filepath.Base(path)
		if name == "bomb.pdf" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := eng.read(context.Background(), data, DefaultLimits())
			if err != nil {
				t.Skipf("not readable: %v", err)
			}
			chars := map[[2]int]rune{}
			for _, p := range raw.pages {
				for _, c := range p.chars {
					chars[[2]int{p.number, int(c.idx)}] = c.r
				}
			}
			doc, err := layoutDocument(raw)
			if err != nil {
				t.Skipf("no text: %v", err)
			}
			letters, covered := 0, 0
			for _, b := range doc.Blocks {
				for _, r := range b.Text {
					if !unicode.IsSpace(r) {
						letters++
					}
				}
				for _, run := range b.Chars {
					if run.Start < 0 || run.End > len(b.Text) || run.Start >= run.End {
						t.Fatalf("run %+v outside block %q", run, b.Text)
					}
					k := run.Char
					for _, r := range b.Text[run.Start:run.End] {
						e, ok := chars[[2]int{run.Page, k}]
						if !ok {
							t.Fatalf("run %+v of %q: page %d has no character %d", run, b.Text, run.Page, k)
						}
						if e == '\ufffe' {
							e = '-'
						}
						if !unicode.IsSpace(r) {
							covered++
							if !sameLetter(r, e) {
								t.Fatalf("run %+v of %q: text %q, engine %q at %d", run, b.Text[run.Start:run.End], r, e, k)
							}
						} else if !unicode.IsSpace(e) && e != 0 {
							t.Fatalf("run %+v of %q: space in text, engine %q at %d", run, b.Text[run.Start:run.End], e, k)
						}
						if utf8.RuneLen(r) > 0 {
							k++
						}
					}
				}
			}
			if letters == 0 {
				return
			}
			cov := float64(covered) / float64(letters)
			t.Logf("%d blocks, %d letters, %.2f%% in runs", len(doc.Blocks), letters, 100*cov)
			if cov < 0.95 {
				t.Errorf("runs cover %.1f%% of the letters, want at least 95%%", 100*cov)
			}
		})
	}
}

// sameLetter reports whether the text's rune r can come from the engine's character e.
func sameLetter(r, e rune) bool {
	if unicode.ToLower(r) == unicode.ToLower(e) {
		return true
	}
	for _, x := range norm.NFKC.String(string(e)) {
		if unicode.ToLower(x) == unicode.ToLower(r) {
			return true
		}
	}
	return false
}

// TestStripKeepsCharIndices checks that the characters read from a file whose inline images
// were stripped (as Extract reads it) have the indices of the original file's (as RenderPage
// draws it): the runs kept at ingest point into the original.
func TestStripKeepsCharIndices(t *testing.T) {
	eng := sharedEngine()
	data, err := os.ReadFile(filepath.Join("testdata", "inline-images.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	stripped, err := eng.read(context.Background(), data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	pool, err := eng.openPool()
	if err != nil {
		t.Fatal(err)
	}
	var original *rawDoc
	err = eng.withInstance(context.Background(), pool, DefaultLimits(), func(ctx context.Context, inst pdfium.Pdfium, l Limits) error {
		var err error
		original, err = readDocument(ctx, inst, data, l)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(stripped.pages) != len(original.pages) {
		t.Fatalf("%d pages stripped, %d original", len(stripped.pages), len(original.pages))
	}
	n := 0
	for i := range original.pages {
		a, b := stripped.pages[i].chars, original.pages[i].chars
		if len(a) != len(b) {
			t.Fatalf("page %d: %d characters stripped, %d original", i+1, len(a), len(b))
		}
		for k := range a {
			if a[k].idx != b[k].idx || a[k].r != b[k].r {
				t.Fatalf("page %d, character %d: %q at %d stripped, %q at %d original", i+1, k, a[k].r, a[k].idx, b[k].r, b[k].idx)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no characters compared")
	}
}
