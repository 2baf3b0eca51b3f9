package pdf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"

	"github.com/socle-project/socle"
)

// rawDoc is what the engine gives: characters with boxes and fonts, page by page, plus the
// outline and the info dictionary. Everything else is derived in Go from it.
type rawDoc struct {
	pages    []rawPage
	meta     map[string]string
	outline  []outlineItem
	problems []Problem
}

type rawPage struct {
	number        int // from 1
	width, height float64
	chars         []rawChar
	failed        bool // the engine could not read this page
	hasImage      bool // set only for pages without text: a scanned page has an image
}

// rawChar is one character as PDFium reports it, in PDF user space (y grows upwards).
// PDFium inserts generated spaces and line breaks between text objects; they come with
// empty boxes and are kept as hints.
type rawChar struct {
	r                        rune
	left, bottom, right, top float64
	ox, oy                   float64 // origin of the character's text object: oy is its baseline
	guessed                  bool    // box spread between the word's ends, not asked of PDFium
	size                     float64 // rendered font size in points
	weight                   int     // 400 normal, 700 bold; ≤0 when the font does not say
	font                     string
	angle                    float64 // radians
	idx                      int32   // index in the engine's text of the page, for the boxes of a quote
}

type outlineItem struct {
	title string
	level int // 1 for top-level entries
	page  int // from 1; 0 when the entry points nowhere in this file
}

// Caps on the outline walk: go-pdfium's own GetBookmarks recurses without a bound, and a
// cyclic outline would then never end.
const (
	maxOutlineItems = 5000
	maxOutlineDepth = 12
)

var metaTags = []string{"Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate"}

// readDocument reads everything the layout needs. l.MaxMemory is the smaller of the file's
// limit and the engine's hard cap.
func readDocument(ctx context.Context, inst pdfium.Pdfium, data []byte, l Limits) (*rawDoc, error) {
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
	if pc.PageCount > l.MaxPages {
		return nil, socle.Errorf(socle.ETOOLARGE, "this PDF has %d pages, over the limit of %d: split it into smaller files", pc.PageCount, l.MaxPages)
	}
	if pc.PageCount == 0 {
		return nil, socle.Errorf(socle.EINVALID, "this PDF has no pages: the file is damaged or truncated; export it again from its source")
	}
	raw := &rawDoc{meta: map[string]string{}}
	for _, tag := range metaTags {
		m, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: docRef, Tag: tag})
		if err != nil {
			continue
		}
		if v := strings.TrimSpace(strings.ToValidUTF8(m.Value, "")); v != "" {
			raw.meta[tag] = v
		}
	}
	raw.outline = readOutline(inst, docRef, pc.PageCount)

	for i := 0; i < pc.PageCount; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page, err := readPage(inst, docRef, i)
		if err != nil {
			// A page that cannot be read is a problem, unless the engine ran out of memory or
			// is gone.
			if memorySize(inst) >= uint64(l.MaxMemory)*9/10 {
				return nil, memoryError(l.MaxMemory)
			}
			if ctx.Err() != nil || !alive(inst) {
				return nil, engineError(ctx, fmt.Sprintf("read page %d", i+1), err)
			}
			raw.pages = append(raw.pages, rawPage{number: i + 1, failed: true})
			raw.problems = append(raw.problems, Problem{Page: i + 1, Message: fmt.Sprintf("page %d could not be read and was skipped", i+1)})
			continue
		}
		raw.pages = append(raw.pages, *page)
		if memorySize(inst) > uint64(l.MaxMemory) {
			return nil, memoryError(l.MaxMemory)
		}
		if l.progress != nil {
			l.progress(i+1, pc.PageCount)
		}
	}
	return raw, nil
}

func memoryError(limit int64) error {
	return socle.Errorf(socle.ETOOLARGE, "reading this PDF needs more than %s of memory and was stopped: split it, or print it again to PDF to simplify its content", humanBytes(limit))
}

// alive reports whether the instance still answers; a trap or a kill closes the wasm module.
func alive(inst pdfium.Pdfium) bool {
	_, err := inst.FPDF_GetLastError(&requests.FPDF_GetLastError{})
	return err == nil
}

func openError(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return socle.Errorf(socle.EINVALID, "this PDF is password-protected: open it with its password and save or print it again to PDF without protection, then upload that copy")
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		return invalid("this PDF uses an encryption the engine does not support: save or print it again to PDF without protection", err)
	case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile):
		return invalid("this PDF is damaged or truncated and cannot be read: export it again from its source, or repair it by printing it to PDF", err)
	}
	return engineError(ctx, "open the file", err)
}

func engineError(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return invalid(fmt.Sprintf("the PDF engine could not %s: the file is probably damaged; export it again from its source", what), err)
}

// invalid is an EINVALID error whose message is for the user and whose cause, the engine's
// own wording, is kept for the log.
func invalid(message string, cause error) error {
	return &socle.Error{Kind: socle.EINVALID, Message: message, Err: fmt.Errorf("pdfium: %w", cause)}
}

// readPage gets the characters of one page: their text in one call, their loose boxes (from
// the font's ascent and descent, the same height along a line, which suits line grouping) as
// wordBoxes explains, and the font's size, weight, matrix and name at the first character of
// each word only, since font queries cost several wasm calls each and a font rarely changes
// inside a word.
func readPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) (*rawPage, error) {
	size, err := inst.FPDF_GetPageSizeByIndexF(&requests.FPDF_GetPageSizeByIndexF{Document: doc, Index: index})
	if err != nil {
		return nil, err
	}
	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return nil, err
	}
	defer func() { _, _ = inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page}) }()
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &page.Page}})
	if err != nil {
		return nil, err
	}
	text := tp.TextPage
	defer func() { _, _ = inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: text}) }()
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: text})
	if err != nil {
		return nil, err
	}
	p := &rawPage{number: index + 1, width: float64(size.Size.Width), height: float64(size.Size.Height)}
	if n.Count <= 0 {
		p.hasImage = hasImage(inst, page.Page)
		return p, nil
	}
	// The whole page's text in one call; it is indexed like the characters unless it holds
	// characters outside the BMP (UTF-16 pairs), in which case ask character by character.
	var runes []rune
	if t, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: text, Count: n.Count}); err == nil {
		runes = []rune(t.Text)
	}
	if len(runes) != n.Count {
		runes = make([]rune, n.Count)
		for i := range runes {
			u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: text, Index: i})
			if err != nil {
				return nil, err
			}
			runes[i] = rune(u.Unicode)
		}
		// Characters outside the BMP come as two UTF-16 halves.
		for i := 0; i+1 < len(runes); i++ {
			if utf16.IsSurrogate(runes[i]) {
				if r := utf16.DecodeRune(runes[i], runes[i+1]); r != unicode.ReplacementChar {
					runes[i], runes[i+1] = r, skipRune
					i++
				}
			}
		}
	}
	p.chars = make([]rawChar, 0, n.Count)
	boxes := wordBoxes(inst, text, runes)
	var font fontState
	var prev rawChar
	wordStart := true
	for i, r := range runes {
		c := rawChar{r: r, idx: int32(i)}
		if r == skipRune {
			continue
		}
		if isSeparator(r) {
			wordStart = true
			p.chars = append(p.chars, c)
			continue
		}
		b := boxes[i]
		c.left, c.bottom, c.right, c.top, c.guessed = b.left, b.bottom, b.right, b.top, !b.exact
		// Ask for the font again at each word, and wherever the geometry suggests a new text
		// object inside a word: a change of box height or a jump.
		if wordStart || (b.exact && prev.r != 0 && newRun(prev, c, font.size)) {
			font.query(inst, text, i)
			wordStart = false
		}
		c.size, c.weight, c.font, c.angle = font.size, font.weight, font.name, font.angle
		c.ox, c.oy = font.ox, font.oy
		p.chars = append(p.chars, c)
		prev = c
	}
	return p, nil
}

func isSeparator(r rune) bool { return r == ' ' || r == '\r' || r == '\n' || r == 0 }

type charBox struct {
	left, bottom, right, top float64
	exact                    bool // asked of PDFium, not interpolated
}

// wordBoxes gets the boxes of a page's characters. Asking PDFium costs three wasm calls per
// character, a tenth of the reading time, so for each word (a run between PDFium's spaces and
// line breaks) only its first and last characters are asked, and the ones between are spread
// evenly: the layout needs words' boxes, not letters'. A word whose two ends do not look like
// one word on one line (ends on different lines, backwards, too wide), a word with
// right-to-left letters (ordered by position) and a word drawn twice over itself (fake bold)
// get all their boxes.
func wordBoxes(inst pdfium.Pdfium, text references.FPDF_TEXTPAGE, runes []rune) []charBox {
	boxes := make([]charBox, len(runes))
	ask := func(i int) {
		if boxes[i].exact {
			return
		}
		if box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: text, Index: i}); err == nil {
			boxes[i] = charBox{float64(box.Rect.Left), float64(box.Rect.Bottom), float64(box.Rect.Right), float64(box.Rect.Top), true}
		} else {
			boxes[i].exact = true // nothing better to ask for
		}
	}
	for s := 0; s < len(runes); {
		if isSeparator(runes[s]) || runes[s] == skipRune {
			s++
			continue
		}
		e := s
		rtl, controls := false, false
		for e < len(runes) && !isSeparator(runes[e]) {
			rtl = rtl || isRTL(runes[e])
			controls = controls || unicode.IsControl(runes[e]) || runes[e] == '\u00a0'
			e++
		}
		ask(s)
		ask(e - 1)
		if e-s > 2 && (rtl || controls || doubled(runes[s:e]) || !plausibleWord(boxes[s], boxes[e-1], e-s)) {
			for i := s + 1; i < e-1; i++ {
				ask(i)
			}
		}
		a, z := boxes[s], boxes[e-1]
		for i := s + 1; i < e-1; i++ {
			if boxes[i].exact {
				continue
			}
			f0 := float64(i-s) / float64(e-1-s)
			f1 := float64(i+1-s) / float64(e-1-s)
			boxes[i] = charBox{
				left:   a.left + f0*(z.left-a.left),
				right:  a.left + f1*(z.left-a.left),
				bottom: math.Min(a.bottom, z.bottom),
				top:    math.Max(a.top, z.top),
			}
		}
		s = e
	}
	return boxes
}

// plausibleWord reports whether the first and last boxes of a word of n characters sit on one
// line, in order, no wider apart than n ordinary characters: 0.6 of the line height each, or
// 1.15 times the width of the two ends. Letter-spaced text is wider: its letters are asked one
// by one, and split where they stand apart.
func plausibleWord(a, z charBox, n int) bool {
	h := math.Max(a.top-a.bottom, z.top-z.bottom)
	if h <= 0 || a.right <= a.left || z.right <= z.left {
		return false
	}
	span, ends := z.right-a.left, (a.right-a.left+z.right-z.left)/2
	return vOverlap(-a.top, -a.bottom, -z.top, -z.bottom) >= 0.5 && z.left >= a.left &&
		(span <= float64(n)*0.6*h || span <= float64(n)*1.15*ends)
}

// doubled reports whether a word reads as characters drawn twice ("SSaauu").
func doubled(rs []rune) bool {
	if len(rs) < 6 || len(rs)%2 != 0 {
		return false
	}
	for i := 0; i < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			return false
		}
	}
	return true
}

// skipRune marks the second half of a surrogate pair, already folded into the first.
const skipRune = -1

// newRun reports whether c may start another text object than prev: its box height differs
// by more than a fifth, or it does not sit right after prev.
func newRun(prev, c rawChar, size float64) bool {
	h0, h1 := prev.top-prev.bottom, c.top-c.bottom
	if math.Abs(h1-h0) > 0.2*math.Max(h0, h1) {
		return true
	}
	em := math.Max(size, 1)
	return c.left < prev.left-0.1*em || c.left-prev.right > 0.3*em
}

// fontState is the font of the current word.
type fontState struct {
	infoKey    [2]float64 // size and weight when the name was last asked
	infoDone   bool
	infoWeight int
	ox, oy     float64
	size       float64
	weight     int
	name       string
	angle      float64
}

func (f *fontState) query(inst pdfium.Pdfium, text references.FPDF_TEXTPAGE, i int) {
	size := 0.0
	if s, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: text, Index: i}); err == nil {
		size = s.FontSize
	}
	f.angle = 0
	// The size in the font operator may be scaled by the text matrix ("1 Tf" then a scaled
	// Tm is common); the rendered size is what the reader sees.
	if m, err := inst.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: text, Index: i}); err == nil {
		a, b, c, d := float64(m.Matrix.A), float64(m.Matrix.B), float64(m.Matrix.C), float64(m.Matrix.D)
		f.ox, f.oy = float64(m.Matrix.E), float64(m.Matrix.F)
		if scale := math.Hypot(c, d); scale > 0 {
			size *= scale
		}
		if b != 0 || a < 0 {
			f.angle = math.Atan2(b, a)
		}
	}
	f.size = size
	f.weight = 0
	if w, err := inst.FPDFText_GetFontWeight(&requests.FPDFText_GetFontWeight{TextPage: text, Index: i}); err == nil {
		f.weight = w.FontWeight
	}
	// The font's name and flags cost six wasm calls; they are asked again only when the size
	// or the weight changes, which a change of font nearly always does.
	key := [2]float64{size, float64(f.weight)}
	if key == f.infoKey && f.infoDone {
		f.weight = f.infoWeight
		return
	}
	f.infoKey, f.infoDone = key, true
	if fi, err := inst.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: text, Index: i}); err == nil {
		if fi.FontName != f.name {
			f.name = strings.ToValidUTF8(fi.FontName, "")
		}
		// Descriptor flag 19 is ForceBold.
		if fi.Flags&(1<<18) != 0 && f.weight < 700 {
			f.weight = 700
		}
	}
	f.infoWeight = f.weight
}

// readOutline walks the bookmarks depth first, bounded in count and depth.
func readOutline(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, pages int) []outlineItem {
	var items []outlineItem
	var walk func(parent *references.FPDF_BOOKMARK, level int)
	walk = func(parent *references.FPDF_BOOKMARK, level int) {
		if level > maxOutlineDepth {
			return
		}
		first, err := inst.FPDFBookmark_GetFirstChild(&requests.FPDFBookmark_GetFirstChild{Document: doc, Bookmark: parent})
		if err != nil || first.Bookmark == nil {
			return
		}
		cur := *first.Bookmark
		for len(items) < maxOutlineItems {
			item := outlineItem{level: level}
			if t, err := inst.FPDFBookmark_GetTitle(&requests.FPDFBookmark_GetTitle{Bookmark: cur}); err == nil {
				item.title = strings.TrimSpace(strings.ToValidUTF8(t.Title, ""))
			}
			item.page = outlinePage(inst, doc, cur, pages)
			items = append(items, item)
			c := cur
			walk(&c, level+1)
			next, err := inst.FPDFBookmark_GetNextSibling(&requests.FPDFBookmark_GetNextSibling{Document: doc, Bookmark: cur})
			if err != nil || next.Bookmark == nil {
				return
			}
			cur = *next.Bookmark
		}
	}
	walk(nil, 1)
	return items
}

// outlinePage is the page an outline entry points to, through its /Dest or its GoTo action.
func outlinePage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, bm references.FPDF_BOOKMARK, pages int) int {
	var dest *references.FPDF_DEST
	if d, err := inst.FPDFBookmark_GetDest(&requests.FPDFBookmark_GetDest{Document: doc, Bookmark: bm}); err == nil && d.Dest != nil {
		dest = d.Dest
	} else if a, err := inst.FPDFBookmark_GetAction(&requests.FPDFBookmark_GetAction{Bookmark: bm}); err == nil && a.Action != nil {
		if d, err := inst.FPDFAction_GetDest(&requests.FPDFAction_GetDest{Document: doc, Action: *a.Action}); err == nil && d.Dest != nil {
			dest = d.Dest
		}
	}
	if dest == nil {
		return 0
	}
	pi, err := inst.FPDFDest_GetDestPageIndex(&requests.FPDFDest_GetDestPageIndex{Document: doc, Dest: *dest})
	if err != nil || pi.Index < 0 || pi.Index >= pages {
		return 0
	}
	return pi.Index + 1
}

// hasImage reports whether a page draws an image among its first objects, which tells a scanned
// page from a blank one.
func hasImage(inst pdfium.Pdfium, page references.FPDF_PAGE) bool {
	n, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: requests.Page{ByReference: &page}})
	if err != nil {
		return false
	}
	for i := 0; i < min(n.Count, 200); i++ {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: requests.Page{ByReference: &page}, Index: i})
		if err != nil {
			continue
		}
		t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o.PageObject})
		if err == nil && t.Type == enums.FPDF_PAGEOBJ_IMAGE {
			return true
		}
	}
	return false
}
