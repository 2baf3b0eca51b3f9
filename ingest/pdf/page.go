package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"

	"github.com/socle-project/socle"
)

// PageRequest asks for one page as an image, with characters to highlight.
type PageRequest struct {
	Page  int     // from 1
	Scale float64 // pixels per point; 0 means DefaultScale
	// Chars are ranges [From, To) of the engine's characters of the page (as
	// socle.Section.CharsOf gives them) whose boxes are highlighted.
	Chars [][2]int
}

// DefaultScale renders a page at 144 dpi: an A4 page is 1190 pixels wide, readable on a
// laptop screen and sharp when zoomed to 200%.
const DefaultScale = 2.0

// MaxScale is the largest scale a request may ask for (288 dpi).
const MaxScale = 4.0

// maxPixels caps the image of one page, whatever its declared size: a hostile file may declare
// a page of 200 × 200 inches. 16 megapixels is 64 MB of bitmap in the engine.
const maxPixels = 16 << 20

// Rect is a box on a rendered page, in pixels from its top-left corner.
type Rect struct {
	X0, Y0, X1, Y1 float64
}

// RenderedPage is a page drawn as PNG with its highlight.
type RenderedPage struct {
	PNG           []byte
	Width, Height int // pixels
	Pages         int // pages in the file
	// Boxes are the highlighted rectangles, one per line of highlighted characters.
	Boxes []Rect
	// BoxText is, for each box, the text the engine finds inside it: what a reader sees
	// highlighted, for checking that the highlight covers the quote.
	BoxText []string
}

// PageLimits bound what rendering one page may cost: less than reading a whole file.
func PageLimits() Limits {
	return Limits{MaxBytes: DefaultLimits().MaxBytes, MaxPages: DefaultLimits().MaxPages, Timeout: 20 * time.Second, MaxMemory: 512 << 20}
}

// RenderPage draws one page of a PDF as PNG, with the boxes of the characters asked for
// filled and outlined. Errors carry a socle kind: ENOTFOUND for a page the file does not have,
// EINVALID for a damaged file, ETOOLARGE for a page over a limit of time or memory.
func (e *Engine) RenderPage(ctx context.Context, data []byte, req PageRequest, l Limits) (out *RenderedPage, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, socle.Errorf(socle.EINTERNAL, "pdf: unexpected failure: %v", r)
		}
	}()
	l = l.withDefaults()
	if int64(len(data)) > l.MaxBytes {
		return nil, socle.Errorf(socle.ETOOLARGE, "this PDF is %s, over the limit of %s", humanBytes(int64(len(data))), humanBytes(l.MaxBytes))
	}
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF")) {
		return nil, socle.Errorf(socle.EINVALID, "this file is not a PDF (no %%PDF header in its first bytes)")
	}
	if req.Page < 1 {
		return nil, socle.Errorf(socle.EINVALID, "page %d: pages are numbered from 1", req.Page)
	}
	if req.Scale == 0 {
		req.Scale = DefaultScale
	}
	if req.Scale < 0.25 || req.Scale > MaxScale || math.IsNaN(req.Scale) {
		return nil, socle.Errorf(socle.EINVALID, "scale %g: give a scale between 0.25 and %g", req.Scale, MaxScale)
	}
	pool, err := e.openPool()
	if err != nil {
		return nil, err
	}
	var drawn *drawnPage
	err = e.withInstance(ctx, pool, l, func(tctx context.Context, inst pdfium.Pdfium, rl Limits) error {
		var err error
		drawn, err = drawPage(tctx, inst, data, req, rl)
		return err
	})
	if err != nil {
		return nil, err // drawn may still be written by a render past its deadline
	}
	encoded, err := encodePage(drawn.img, drawn.boxes)
	if err != nil {
		return nil, fmt.Errorf("pdf: encode page %d: %w", req.Page, err)
	}
	b := drawn.img.Bounds()
	return &RenderedPage{PNG: encoded, Width: b.Dx(), Height: b.Dy(), Pages: drawn.pages, Boxes: drawn.boxes, BoxText: drawn.text}, nil
}

// drawnPage is what the engine gives for a page: its image, copied out of the engine's
// memory, and the boxes to highlight.
type drawnPage struct {
	img   *image.RGBA
	pages int
	boxes []Rect
	text  []string
}

func drawPage(ctx context.Context, inst pdfium.Pdfium, data []byte, req PageRequest, l Limits) (*drawnPage, error) {
	opened, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, openError(ctx, err)
	}
	docRef := opened.Document
	defer func() { _, _ = inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: docRef}) }()
	pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: docRef})
	if err != nil {
		return nil, engineError(ctx, "count the pages", err)
	}
	if req.Page > pc.PageCount {
		return nil, socle.Errorf(socle.ENOTFOUND, "page %d not found: this PDF has %d pages", req.Page, pc.PageCount)
	}
	size, err := inst.FPDF_GetPageSizeByIndexF(&requests.FPDF_GetPageSizeByIndexF{Document: docRef, Index: req.Page - 1})
	if err != nil {
		return nil, engineError(ctx, fmt.Sprintf("read page %d", req.Page), err)
	}
	w, h := float64(size.Size.Width), float64(size.Size.Height)
	if w <= 0 || h <= 0 || math.IsNaN(w) || math.IsNaN(h) {
		return nil, socle.Errorf(socle.EINVALID, "page %d has no size: the file is damaged", req.Page)
	}
	scale := req.Scale
	if px := w * h * scale * scale; px > maxPixels {
		scale *= math.Sqrt(maxPixels / px)
	}
	dpi := max(1, int(math.Floor(scale*72)))
	scale = float64(dpi) / 72

	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: docRef, Index: req.Page - 1})
	if err != nil {
		return nil, engineError(ctx, fmt.Sprintf("read page %d", req.Page), err)
	}
	defer func() { _, _ = inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page}) }()
	out := &drawnPage{pages: pc.PageCount}
	if len(req.Chars) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out.boxes, out.text = charBoxes(inst, page.Page, req.Chars, pixelMap{w: w, h: h, scale: scale, inst: inst, page: page.Page})
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{
		Page:        requests.Page{ByReference: &page.Page},
		DPI:         dpi,
		RenderFlags: enums.FPDF_RENDER_FLAG_ANNOT, // no LCD text: its colour fringes would make every page a colour page
	})
	if err != nil {
		if memorySize(inst) >= uint64(l.MaxMemory)*9/10 {
			return nil, memoryError(l.MaxMemory)
		}
		return nil, engineError(ctx, fmt.Sprintf("draw page %d", req.Page), err)
	}
	defer r.Cleanup()
	src := r.Result.RenderedImage
	if src == nil {
		return nil, socle.Errorf(socle.EINTERNAL, "pdf: page %d drawn without an image", req.Page)
	}
	// The image lives in the engine's memory until Cleanup: copy it out. The engine fills an
	// opaque page with white; a page with transparency is laid on white here.
	b := src.Bounds()
	img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	if r.Result.HasTransparency {
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		draw.Draw(img, img.Bounds(), src, b.Min, draw.Over)
	} else {
		draw.Draw(img, img.Bounds(), src, b.Min, draw.Src)
	}
	out.img = img
	return out, nil
}

// pixelMap turns page coordinates (points, y up) into pixels of the rendered image, through
// the engine so that a page's own rotation is honoured.
type pixelMap struct {
	w, h, scale float64
	inst        pdfium.Pdfium
	page        references.FPDF_PAGE
}

func (m pixelMap) point(x, y float64) (float64, float64) {
	sx, sy := int(math.Round(m.w*m.scale)), int(math.Round(m.h*m.scale))
	r, err := m.inst.FPDF_PageToDevice(&requests.FPDF_PageToDevice{
		Page: requests.Page{ByReference: &m.page}, SizeX: sx, SizeY: sy, PageX: x, PageY: y,
	})
	if err != nil {
		return x * m.scale, (m.h - y) * m.scale
	}
	return float64(r.DeviceX), float64(r.DeviceY)
}

func (m pixelMap) rect(left, bottom, right, top float64) Rect {
	x0, y0 := m.point(left, top)
	x1, y1 := m.point(right, bottom)
	return Rect{X0: math.Min(x0, x1), Y0: math.Min(y0, y1), X1: math.Max(x0, x1), Y1: math.Max(y0, y1)}
}

// maxHighlightChars bounds the characters whose boxes are asked for one page: three wasm
// calls each.
const maxHighlightChars = 20000

// charBoxes merges the boxes of the characters asked for into one rectangle per line, and
// returns with each the text the engine finds inside it. Boxes are the characters' tight
// boxes: loose ones (the font's full height) overlap the lines above and below.
func charBoxes(inst pdfium.Pdfium, page references.FPDF_PAGE, ranges [][2]int, m pixelMap) ([]Rect, []string) {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &page}})
	if err != nil {
		return nil, nil
	}
	text := tp.TextPage
	defer func() { _, _ = inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: text}) }()
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: text})
	if err != nil {
		return nil, nil
	}
	type box struct{ l, b, r, t float64 }
	var lines []box
	asked := 0
	for _, rg := range ranges {
		var cur *box
		for i := max(rg[0], 0); i < min(rg[1], n.Count) && asked < maxHighlightChars; i++ {
			asked++
			cb, err := inst.FPDFText_GetCharBox(&requests.FPDFText_GetCharBox{TextPage: text, Index: i})
			if err != nil || cb.Right <= cb.Left || cb.Top <= cb.Bottom {
				continue // generated spaces and line breaks have no box
			}
			c := box{cb.Left, cb.Bottom, cb.Right, cb.Top}
			if cur != nil {
				hgt := math.Min(cur.t-cur.b, c.t-c.b)
				overlap := math.Min(cur.t, c.t) - math.Max(cur.b, c.b)
				if overlap >= 0.3*hgt && c.l >= cur.l-0.5*hgt {
					cur.l, cur.b, cur.r, cur.t = math.Min(cur.l, c.l), math.Min(cur.b, c.b), math.Max(cur.r, c.r), math.Max(cur.t, c.t)
					continue
				}
			}
			lines = append(lines, c)
			cur = &lines[len(lines)-1]
		}
	}
	rects := make([]Rect, 0, len(lines))
	texts := make([]string, 0, len(lines))
	for _, b := range lines {
		rects = append(rects, m.rect(b.l, b.b, b.r, b.t))
		t := ""
		if bt, err := inst.FPDFText_GetBoundedText(&requests.FPDFText_GetBoundedText{TextPage: text, Left: b.l, Top: b.t, Right: b.r, Bottom: b.b}); err == nil {
			t = bt.Text
		}
		texts = append(texts, t)
	}
	return rects, texts
}

// Highlight colours: a light yellow fill that leaves the text readable, and a dark outline
// with a thick underline so that the highlight shows without colour vision or in grey print.
var (
	fillColor    = color.NRGBA{R: 255, G: 214, B: 0, A: 96}
	outlineColor = color.RGBA{R: 120, G: 60, B: 0, A: 255}
)

// encodePage highlights the boxes and encodes the page as PNG. Most pages of a guide are black
// text on white: those are encoded with a palette of grey levels (and the same greys under the
// highlight), a quarter of the bytes to compress and no per-row filtering, which makes the
// encoding several times faster than full colour. Pages with colour keep it.
func encodePage(img *image.RGBA, boxes []Rect) ([]byte, error) {
	if !isGrey(img) {
		highlight(img, boxes)
		return encodeRGB(img)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, greyPage(img, boxes)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodeRGB writes an opaque page as an 8-bit RGB PNG with the "up" filter on every row. The
// standard encoder tries five filters on each row to pick the best, which took most of the
// time of a colour page; on a page, where a row mostly repeats the one above, "up" is what it
// picks anyway.
func encodeRGB(img *image.RGBA) ([]byte, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, truecolour
	writeChunk(&out, "IHDR", ihdr)
	var z bytes.Buffer
	zw, err := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	prev := make([]byte, 3*w)
	row := make([]byte, 1+3*w)
	row[0] = 2 // up
	for y := 0; y < h; y++ {
		src := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for x := 0; x < w; x++ {
			for c := 0; c < 3; c++ {
				v := src[4*x+c]
				row[1+3*x+c] = v - prev[3*x+c]
				prev[3*x+c] = v
			}
		}
		if _, err := zw.Write(row); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	writeChunk(&out, "IDAT", z.Bytes())
	writeChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

func writeChunk(w *bytes.Buffer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	w.WriteString(kind)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}

// isGrey reports whether every pixel of img is a shade of grey.
func isGrey(img *image.RGBA) bool {
	p := img.Pix
	for i := 0; i+3 < len(p); i += 4 {
		if p[i] != p[i+1] || p[i] != p[i+2] {
			return false
		}
	}
	return true
}

// greyLevels is how many greys the palette of a grey page holds: twice that, plus the
// outline, must fit in 256 entries. 127 levels are more than anti-aliased text shows.
const greyLevels = 127

// greyPage turns a grey page into a paletted one: entries [0, 127) are greys, [127, 254) the
// same greys under the highlight's fill, 254 the outline.
func greyPage(img *image.RGBA, boxes []Rect) *image.Paletted {
	pal := make(color.Palette, 2*greyLevels+1)
	for i := 0; i < greyLevels; i++ {
		v := uint8(i * 255 / (greyLevels - 1))
		pal[i] = color.RGBA{v, v, v, 255}
		pal[greyLevels+i] = blend(color.RGBA{v, v, v, 255}, fillColor)
	}
	pal[2*greyLevels] = outlineColor
	b := img.Bounds()
	out := image.NewPaletted(b, pal)
	var index [256]uint8
	for v := range index {
		index[v] = uint8((v*(greyLevels-1) + 127) / 255)
	}
	for y := 0; y < b.Dy(); y++ {
		src := img.Pix[y*img.Stride : y*img.Stride+4*b.Dx()]
		dst := out.Pix[y*out.Stride : y*out.Stride+b.Dx()]
		for x := range dst {
			dst[x] = index[src[4*x]]
		}
	}
	eachBox(b, boxes, func(r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := out.Pix[y*out.Stride:]
			for x := r.Min.X; x < r.Max.X; x++ {
				if row[x] < greyLevels {
					row[x] += greyLevels
				}
			}
		}
	}, func(r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := out.Pix[y*out.Stride:]
			for x := r.Min.X; x < r.Max.X; x++ {
				row[x] = 2 * greyLevels
			}
		}
	})
	return out
}

// blend lays the translucent colour c over an opaque one.
func blend(under color.RGBA, c color.NRGBA) color.RGBA {
	a := uint32(c.A)
	mix := func(u, v uint8) uint8 { return uint8((uint32(v)*a + uint32(u)*(255-a) + 127) / 255) }
	return color.RGBA{mix(under.R, c.R), mix(under.G, c.G), mix(under.B, c.B), 255}
}

// eachBox calls fill with each box, padded, and line with the strokes of its outline: a thin
// frame and a thick underline, so that the highlight shows without colour vision or in grey
// print.
func eachBox(bounds image.Rectangle, boxes []Rect, fill, line func(image.Rectangle)) {
	const pad = 2.0
	for _, b := range boxes {
		r := image.Rect(int(b.X0-pad), int(b.Y0-pad), int(math.Ceil(b.X1+pad)), int(math.Ceil(b.Y1+pad))).Intersect(bounds)
		if r.Empty() {
			continue
		}
		fill(r)
		for _, s := range []image.Rectangle{
			image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+1),   // top
			image.Rect(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y+2), // underline, three pixels
			image.Rect(r.Min.X, r.Min.Y, r.Min.X+1, r.Max.Y),   // left
			image.Rect(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y),   // right
		} {
			if s = s.Intersect(bounds); !s.Empty() {
				line(s)
			}
		}
	}
}

func highlight(img *image.RGBA, boxes []Rect) {
	eachBox(img.Bounds(), boxes, func(r image.Rectangle) {
		draw.Draw(img, r, image.NewUniform(fillColor), image.Point{}, draw.Over)
	}, func(r image.Rectangle) {
		draw.Draw(img, r, image.NewUniform(outlineColor), image.Point{}, draw.Src)
	})
}

// PageCount returns how many pages a PDF has, within l's limits.
func (e *Engine) PageCount(ctx context.Context, data []byte, l Limits) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = 0, socle.Errorf(socle.EINTERNAL, "pdf: unexpected failure: %v", r)
		}
	}()
	l = l.withDefaults()
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF")) {
		return 0, socle.Errorf(socle.EINVALID, "this file is not a PDF (no %%PDF header in its first bytes)")
	}
	pool, err := e.openPool()
	if err != nil {
		return 0, err
	}
	var count int
	err = e.withInstance(ctx, pool, l, func(tctx context.Context, inst pdfium.Pdfium, _ Limits) error {
		opened, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
		if err != nil {
			return openError(tctx, err)
		}
		defer func() { _, _ = inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: opened.Document}) }()
		pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: opened.Document})
		if err != nil {
			return engineError(tctx, "count the pages", err)
		}
		count = pc.PageCount
		return nil
	})
	if err != nil {
		return 0, err
	}
	return count, nil
}
