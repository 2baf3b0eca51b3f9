package pdf

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/socle-project/socle"
)

// TestRenderPageHighlight draws quotes of the fixtures' blocks, one on one page and one across
// a page break, and checks that the text the engine finds inside the highlighted boxes is the
// quote, letter for letter.
func TestRenderPageHighlight(t *testing.T) {
	eng := sharedEngine()
	data, err := os.ReadFile(filepath.Join("testdata", "running.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := eng.Extract(context.Background(), data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var cont int // a block continuing across a page break, joined to its first part
	for i, b := range doc.Blocks {
		if b.Continues {
			cont = i
		}
	}
	if cont == 0 {
		t.Fatal("running.pdf has no paragraph across a page break")
	}
	one := doc.Blocks[cont-1]
	joined := socle.Section{Text: one.Text + " " + doc.Blocks[cont].Text}
	joined.Chars = append(joined.Chars, one.Chars...)
	for _, r := range doc.Blocks[cont].Chars {
		r.Start, r.End = r.Start+len(one.Text)+1, r.End+len(one.Text)+1
		joined.Chars = append(joined.Chars, r)
	}
	words := strings.Fields(one.Text)
	single := strings.Join(words[1:min(len(words), 7)], " ")
	var hyph socle.Section // the paragraph with words broken at line ends
	for _, b := range doc.Blocks {
		if strings.Contains(b.Text, "accompagnement adapté") {
			hyph = socle.Section{Text: b.Text, Chars: b.Chars}
		}
	}
	cases := []struct {
		name  string
		sec   socle.Section
		quote string
		pages int
	}{
		{"one page", joined, single, 1},
		{"two pages", joined, lastWords(one.Text, 4) + " " + strings.Join(strings.Fields(doc.Blocks[cont].Text)[:3], " "), 2},
		{"words mended at line ends", hyph, "accompagnement adapté à la situation socio-professionnelle de la personne, c’est-à-dire", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			joined := c.sec
			start := strings.Index(joined.Text, c.quote)
			if start < 0 {
				t.Fatalf("quote %q not in %q", c.quote, joined.Text)
			}
			ranges := joined.CharsOf(start, start+len(c.quote))
			byPage := map[int][][2]int{}
			for _, r := range ranges {
				byPage[r.Page] = append(byPage[r.Page], [2]int{r.From, r.To})
			}
			if len(byPage) != c.pages {
				t.Fatalf("quote %q maps to %d pages (%+v), want %d", c.quote, len(byPage), ranges, c.pages)
			}
			var seen strings.Builder
			for _, r := range ranges {
				page, ok := byPage[r.Page]
				if !ok {
					continue
				}
				delete(byPage, r.Page)
				got, err := eng.RenderPage(context.Background(), data, PageRequest{Page: r.Page, Chars: page}, PageLimits())
				if err != nil {
					t.Fatal(err)
				}
				if dir := os.Getenv("SOCLE_PAGE_OUT"); dir != "" { // to look at the highlight
					_ = os.WriteFile(filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+"-"+strconv.Itoa(r.Page)+".png"), got.PNG, 0o644)
				}
				img, err := png.Decode(bytes.NewReader(got.PNG))
				if err != nil {
					t.Fatalf("page %d is not a PNG: %v", r.Page, err)
				}
				if img.Bounds().Dx() != got.Width || got.Width < 1000 {
					t.Errorf("page %d: %d pixels wide (reported %d), want a readable page over 1000", r.Page, img.Bounds().Dx(), got.Width)
				}
				if len(got.Boxes) == 0 {
					t.Fatalf("page %d: no box highlighted", r.Page)
				}
				for _, b := range got.Boxes {
					if b.X0 < 0 || b.Y0 < 0 || b.X1 > float64(got.Width) || b.Y1 > float64(got.Height) || b.X1 <= b.X0 || b.Y1 <= b.Y0 {
						t.Errorf("page %d: box %+v outside the %dx%d image", r.Page, b, got.Width, got.Height)
					}
				}
				seen.WriteString(strings.Join(got.BoxText, ""))
			}
			if got, want := Letters(seen.String()), Letters(c.quote); got != want {
				t.Errorf("the boxes hold %q, want the quote %q", got, want)
			}
		})
	}
}

func lastWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[max(0, len(f)-n):], " ")
}

// Letters keeps the letters and digits of s, lowercased: what a highlight must cover, leaving
// aside spaces, line-end hyphens and punctuation the engine places at the box edges.
func Letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// TestRenderPageHostile draws the first pages of the corpus's hostile files (the
// decompression bomb, fuzzed and truncated files, recursive XObjects) and of the fixtures:
// each must end on time with a page or an error of a known kind, never a crash.
func TestRenderPageHostile(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	if dir := os.Getenv("SOCLE_CORPUS"); dir != "" {
		for _, name := range []string{"bomb_giant.pdf", "poppler-395-0-fuzzed.pdf", "poppler-67295-0.pdf", "poppler-85140-0.pdf",
			"poppler-91414-0-53.pdf", "poppler-91414-0-54.pdf", "REDHAT-1531897-0.pdf", "bug1020226.pdf", "issue9105_other.pdf",
			"issue9418.pdf", "xref_command_missing.pdf", "pdfjsbad1586.pdf", "Brotli-Prototype-FileA.pdf", "empty.pdf"} {
			files = append(files, filepath.Join(dir, "pdfs", "pdfjs", name))
		}
		files = append(files, filepath.Join(dir, "pdfs", "pdfminer-six", "contrib__issue-1113-evil-xobjects.pdf"),
			filepath.Join(dir, "pdfs", "pdfminer-six", "zen_of_python_corrupted.pdf"))
	}
	eng := sharedEngine()
	l := PageLimits()
	l.Timeout = 10 * time.Second
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Logf("skip %s: %v", path, err)
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			t0 := time.Now()
			got, err := eng.RenderPage(context.Background(), data, PageRequest{Page: 1, Chars: [][2]int{{0, 50}}}, l)
			took := time.Since(t0)
			if took > l.Timeout+5*time.Second {
				t.Errorf("took %s, over the %s limit", took, l.Timeout)
			}
			switch {
			case err == nil:
				t.Logf("%dx%d in %s", got.Width, got.Height, took.Round(time.Millisecond))
			case socle.KindOf(err) == socle.EINVALID || socle.KindOf(err) == socle.ETOOLARGE || socle.KindOf(err) == socle.ENOTFOUND:
				t.Logf("%s in %s: %s", socle.KindOf(err), took.Round(time.Millisecond), socle.MessageOf(err))
			default:
				t.Errorf("error of kind %s: %v", socle.KindOf(err), err)
			}
		})
	}
	// A page the file does not have, and a scale out of bounds.
	data, _ := os.ReadFile(filepath.Join("testdata", "french.pdf"))
	if _, err := eng.RenderPage(context.Background(), data, PageRequest{Page: 99}, l); socle.KindOf(err) != socle.ENOTFOUND {
		t.Errorf("page 99: got %v, want ENOTFOUND", err)
	}
	if _, err := eng.RenderPage(context.Background(), data, PageRequest{Page: 1, Scale: 50}, l); socle.KindOf(err) != socle.EINVALID {
		t.Errorf("scale 50: got %v, want EINVALID", err)
	}
}

// TestEncodePage decodes what encodePage writes, for a colour page and a grey one, and
// compares the pixels outside the highlight with the page drawn.
func TestEncodePage(t *testing.T) {
	for _, colour := range []bool{true, false} {
		img := image.NewRGBA(image.Rect(0, 0, 301, 203))
		for i := range img.Pix {
			img.Pix[i] = uint8(i * 7 / 3)
		}
		for i := 0; i < len(img.Pix); i += 4 {
			if !colour {
				img.Pix[i+1], img.Pix[i+2] = img.Pix[i], img.Pix[i]
			}
			img.Pix[i+3] = 255
		}
		want := image.NewRGBA(img.Bounds())
		copy(want.Pix, img.Pix)
		data, err := encodePage(img, []Rect{{X0: 10, Y0: 10, X1: 50, Y1: 30}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("colour %v: %v", colour, err)
		}
		for _, pt := range []image.Point{{0, 0}, {300, 202}, {150, 100}, {7, 40}} {
			r, g, b, _ := got.At(pt.X, pt.Y).RGBA()
			w := want.RGBAAt(pt.X, pt.Y)
			tol := 0
			if !colour {
				tol = 2 // 127 grey levels
			}
			if d := max(absDiff(int(r>>8), int(w.R)), absDiff(int(g>>8), int(w.G)), absDiff(int(b>>8), int(w.B))); d > tol {
				t.Errorf("colour %v: pixel %v is %d,%d,%d, want %v", colour, pt, r>>8, g>>8, b>>8, w)
			}
		}
		if r, g, b, _ := got.At(30, 20).RGBA(); r == g && g == b {
			t.Errorf("colour %v: no highlight inside the box", colour)
		}
	}
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}
