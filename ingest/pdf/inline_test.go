package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium"
)

func TestWithoutInlineImages(t *testing.T) {
	var flate bytes.Buffer
	zw := zlib.NewWriter(&flate)
	_, _ = zw.Write(bytes.Repeat([]byte{0xf0, 0x0f, 0xaa}, 32))
	_ = zw.Close()
	const text = "BT /F1 12 Tf 72 700 Td (Texte) Tj ET\n"
	// counted is unfiltered data that holds an EI followed by what reads as content: only its
	// length, 16 rows of 2 bytes, tells where it ends.
	counted := "BI /IM true /W 16 /H 16 /BPC 1 ID " + strings.Repeat("\nEI\nQ q 0 g 0 G\n", 2) + "\nEI\n"
	tests := []struct {
		name    string
		content string
		want    string // "" when the stream must be refused
		removed int
	}{
		{"counted data holding EI", text + "q " + counted + "Q", text + "q  \nQ", 1},
		{"binary data found by its EI", "q BI /W 16 /H 16 /CS /RGB /BPC 1 /F /Fl ID " + flate.String() + "\nEI Q\n" + text,
			"q   Q\n" + text, 1},
		{"EI inside binary data", "BI /W 2 /H 2 /CS /G /BPC 8 /F /DCT ID \xff\xd8 EI \xff\x81\xfe\xff\xd9\nEI\n" + text, " \n" + text, 1},
		{"hexadecimal data", text + "BI /W 4 /H 1 /CS /G /BPC 8 /F /AHx ID 00ff00ff> EI", text + " ", 1},
		{"nested parameters", text + "BI /W 16 /H 16 /IM true /F /CCF /DP << /K -1 /Columns 16 >> /D [1 0] ID \x26\xa8\x8e\x88\x00 \x02\nEI\n",
			text + " \n", 1},
		{"BI in strings and comments", "BT (BI ID \\) EI) Tj % BI ID EI\n ET " + counted + counted,
			"BT (BI ID \\) EI) Tj % BI ID EI\n ET  \n \n", 2},
		{"no text", "q " + counted + "Q", "", 0},
		{"no EI", text + "BI /W 16 /H 16 /F /Fl ID \x01\x02\x03", "", 0},
		{"no ID", text + "BI /W 16 /H 16 Q", "", 0},
		{"EI taken too early", text + "BI /W 16 /H 16 /F /Fl ID \x01\nEI\nQ q 0 g\n\x02\nEI\n", "", 0},
		{"unterminated string", text + counted + "BT (Texte Tj ET", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n, ok := withoutInlineImages([]byte(tt.content))
			if tt.want == "" {
				if ok {
					t.Fatalf("got %q (%d removed), want the stream refused", got, n)
				}
				return
			}
			if !ok {
				t.Fatalf("refused, want %q", tt.want)
			}
			if string(got) != tt.want || n != tt.removed {
				t.Errorf("got %q with %d removed, want %q with %d", got, n, tt.want, tt.removed)
			}
		})
	}
}

// engineInstance takes a PDFium instance of the shared engine; release gives it back.
func engineInstance(tb testing.TB) (inst pdfium.Pdfium, release func()) {
	tb.Helper()
	pool, err := sharedEngine().startPool()
	if err != nil {
		tb.Fatal(err)
	}
	inst, err = pool.GetInstance(time.Minute)
	if err != nil {
		tb.Fatal(err)
	}
	return inst, func() { _ = inst.Close() }
}

// readRaw runs the engine part of Extract on data, with nothing done to it first.
func readRaw(t *testing.T, data []byte) *rawDoc {
	t.Helper()
	inst, release := engineInstance(t)
	defer release()
	raw, err := readDocument(context.Background(), inst, data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestStripInlineImages rewrites the fixture made like Ghostscript's output: the pages with
// text lose their inline images, the one without text keeps them, the file keeps its length
// and every byte outside the rewritten streams, and PDFium reads exactly the same characters.
func TestStripInlineImages(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "inline-images.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	orig := bytes.Clone(data)
	out, n := stripInlineImages(context.Background(), data)
	if !bytes.Equal(data, orig) {
		t.Fatal("the input was modified")
	}
	if n != 180 { // 120 on page 1, 60 on page 2, none of the 90 of page 3
		t.Errorf("removed %d inline images, want 180", n)
	}
	if len(out) != len(data) {
		t.Fatalf("the file is %d bytes long, want %d", len(out), len(data))
	}
	for i := range out {
		if out[i] != data[i] && !insideStream(data, i) {
			t.Fatalf("byte %d changed outside a stream: %q", i, data[max(0, i-40):i+1])
		}
	}
	before, after := readRaw(t, data), readRaw(t, out)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("PDFium reads the rewritten file differently:\n%q\n%q", pageText(before), pageText(after))
	}
	if !after.pages[2].hasImage {
		t.Error("page 3, without text, lost its images: it would no longer be reported as a scan")
	}

	t.Run("below the threshold", func(t *testing.T) {
		same, n := stripInline(context.Background(), data, 1000)
		if n != 0 || &same[0] != &data[0] {
			t.Errorf("removed %d, want the file returned as it was", n)
		}
	})
	t.Run("encrypted", func(t *testing.T) {
		enc, err := os.ReadFile(filepath.Join("testdata", "encrypted.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		if _, n := stripInline(context.Background(), enc, 1); n != 0 {
			t.Errorf("removed %d from an encrypted file, want 0", n)
		}
	})
	t.Run("damaged stream", func(t *testing.T) {
		bad := bytes.Clone(data)
		s := bytes.Index(bad, []byte("stream\n")) + len("stream\n")
		copy(bad[s+10:], bytes.Repeat([]byte{0x55}, 40))
		got, n := stripInline(context.Background(), bad, 1)
		if n != 60 || len(got) != len(bad) {
			t.Errorf("removed %d, want only page 2's 60", n)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, n := stripInlineImages(ctx, data); n != 0 {
			t.Errorf("removed %d after cancellation, want 0", n)
		}
	})
}

// insideStream reports whether offset i of a PDF lies between a "stream" keyword and the
// "endstream" that follows.
func insideStream(data []byte, i int) bool {
	s := bytes.LastIndex(data[:i], []byte("stream"))
	e := bytes.LastIndex(data[:i], []byte("endstream"))
	return s >= 0 && s != e+3
}

func pageText(r *rawDoc) []string {
	var out []string
	for _, p := range r.pages {
		var b strings.Builder
		for _, c := range p.chars {
			if c.r > 0 {
				b.WriteRune(c.r)
			}
		}
		out = append(out, b.String())
	}
	return out
}

// TestCorpusInlineImages runs the rewrite on every PDF of the corpus with the threshold at one
// image, so that every inline image the corpus holds goes through it, and requires PDFium to
// read each rewritten file exactly as the original: the same characters, boxes and fonts on
// every page. The Ghostscript notices that motivate it must be rewritten at the real
// threshold.
func TestCorpusInlineImages(t *testing.T) {
	dir, files := corpusIndex(t)
	rewritten := 0
	for _, cf := range files {
		data, err := os.ReadFile(filepath.Join(dir, cf.Path))
		if err != nil {
			t.Fatal(err)
		}
		out, n := stripInline(context.Background(), data, 1)
		if n == 0 {
			continue
		}
		rewritten++
		t.Run(cf.Path, func(t *testing.T) {
			if !reflect.DeepEqual(readRaw(t, data), readRaw(t, out)) {
				t.Errorf("%d inline images removed, and PDFium reads the file differently", n)
			}
		})
	}
	if rewritten == 0 {
		t.Error("no corpus file was rewritten")
	}
	data, err := os.ReadFile(filepath.Join(dir, "french", "webrsa", "webrsa_didac_n8.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if _, n := stripInlineImages(context.Background(), data); n < 6000 {
		t.Errorf("removed %d inline images from the CD93 notice n8, want its ~7,000", n)
	}
}

// FuzzStripInline: whatever the bytes, the rewrite does not panic, keeps the length, and
// returns the input itself when it removes nothing.
//
//	go test ./ingest/pdf -run '^$' -fuzz FuzzStripInline -fuzztime 60s
func FuzzStripInline(f *testing.F) {
	for _, name := range []string{"inline-images.pdf", "french.pdf", "running.pdf"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("1 0 obj << /Length 5 /Filter /FlateDecode >> stream\nBI ID EI\nendstream"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, n := stripInline(context.Background(), data, 1)
		if len(out) != len(data) {
			t.Fatalf("length %d, want %d", len(out), len(data))
		}
		if n == 0 && len(data) > 0 && &out[0] != &data[0] {
			t.Fatal("nothing removed, yet a copy returned")
		}
		// The content lexer on its own, on any bytes.
		_, _, _ = withoutInlineImages(data)
	})
}

// BenchmarkStripInline measures the rewrite alone over the French PDFs of the corpus, most of
// which it leaves as they are.
func BenchmarkStripInline(b *testing.B) {
	dir, files := corpusIndex(b)
	var all [][]byte
	size := 0
	for _, cf := range files {
		if filepath.Dir(filepath.Dir(cf.Path)) != "french" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, cf.Path))
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, data)
		size += len(data)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, data := range all {
			stripInlineImages(context.Background(), data)
		}
	}
}
