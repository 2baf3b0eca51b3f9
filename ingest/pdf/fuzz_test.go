package pdf

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/socle-project/socle"
)

// FuzzExtract feeds mutated PDFs to the engine and the layout: whatever the bytes, Extract
// returns a document or an error with a kind, never a panic or an internal error.
//
//	go test ./ingest/pdf -run '^$' -fuzz FuzzExtract -fuzztime 60s
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	for _, p := range files {
		if filepath.Base(p) == "bomb.pdf" {
			continue // a second per run; the limits tests cover it
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	eng := sharedEngine()
	// Start the engine here, not in the first input: compiling PDFium takes seconds, more on
	// a busy machine, and the fuzzer takes an input that slow for a hang.
	if err := eng.Start(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := eng.Extract(context.Background(), data, Limits{Timeout: 20 * time.Second, MaxMemory: 256 << 20})
		if err != nil {
			if socle.KindOf(err) == socle.EINTERNAL {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		checkDocument(t, doc)
	})
}

// FuzzLayout drives the layout with arbitrary characters and boxes, without the engine, so that
// the fuzzer explores the Go side quickly: any text, any position, overlaps, rotations,
// right-to-left letters, empty boxes.
func FuzzLayout(f *testing.F) {
	f.Add([]byte("Bonjour le monde, accompa-gnement socio-professionnel"), uint8(2))
	f.Add([]byte{0, 1, 2, 3, 250, 251, 252, 253, 254, 255, 10, 32, 45}, uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, pages uint8) {
		raw := fuzzDoc(data, int(pages%5)+1)
		doc, err := layoutDocument(raw)
		if err != nil {
			if socle.KindOf(err) == socle.EINTERNAL {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		checkDocument(t, doc)
	})
}

// fuzzDoc spreads bytes over pages as characters: each group of six bytes gives a character,
// its position, size and angle.
func fuzzDoc(data []byte, pages int) *rawDoc {
	alphabet := []rune("abcdefghijklmnopqrstuvwxyzABCDEZ0123456789 -.,:;«»’éèàçôœ\ufffe\u00adשלוםمرحبا•\n\r\x00\ufb01")
	raw := &rawDoc{meta: map[string]string{}}
	for p := 0; p < pages; p++ {
		raw.pages = append(raw.pages, rawPage{number: p + 1, width: 595, height: 842})
	}
	for i := 0; i+6 <= len(data); i += 6 {
		b := data[i : i+6]
		p := &raw.pages[int(b[0])%pages]
		x, y := float64(b[1])*2.3, float64(b[2])*3.3
		size := float64(b[3]%24) + 1
		w := size * 0.5
		c := rawChar{r: alphabet[int(b[4])%len(alphabet)], left: x, right: x + w, bottom: y, top: y + size, size: size, oy: y, ox: x, font: "Helvetica"}
		switch b[5] % 11 {
		case 0:
			c.angle = 1.5707963
		case 1:
			c.left, c.right, c.bottom, c.top = 0, 0, 0, 0
		case 2:
			c.font = "Helvetica-Bold"
		}
		p.chars = append(p.chars, c)
	}
	if len(data) > 0 && data[0]%3 == 0 {
		raw.outline = []outlineItem{{title: string(alphabet[:8]), level: 1, page: 1}, {title: "x", level: 9, page: 0}}
	}
	return raw
}

func checkDocument(t *testing.T, doc *Document) {
	t.Helper()
	for _, b := range doc.Blocks {
		if !utf8.ValidString(b.Text) || b.Text == "" {
			t.Fatalf("block text %q is empty or not UTF-8", b.Text)
		}
		if b.Page < 1 || b.Page > doc.Pages {
			t.Fatalf("block on page %d of %d", b.Page, doc.Pages)
		}
		if (b.Kind == Heading) != (b.Level > 0) {
			t.Fatalf("block kind %s with level %d", b.Kind, b.Level)
		}
	}
}
