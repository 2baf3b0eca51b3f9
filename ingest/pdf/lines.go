package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Coordinates from here on are top-down: y0 is the top of a box, y1 its bottom, in points
// from the top of the page, which is how a reader thinks of a page.

// word is a run of characters without a space, on one line.
type word struct {
	text           string
	x0, y0, x1, y1 float64
	base           float64 // baseline, from the top
	size           float64
	bold           bool
	idx            []int32 // the engine's index of each rune of text, in order
}

// line is a run of words on one baseline with no wide gap: a line of a column, a table cell,
// a heading. Lines of two columns side by side are two lines.
type line struct {
	words          []word
	x0, y0, x1, y1 float64
	size           float64 // font size of most of its characters
	bold           bool    // all its words are bold
	page           int
	beside         bool    // shares its row with another line of the same column: a cell, not a heading
	textKey        textKey // of textVal, the kept text()
	textVal        string
}

// text is the line's words joined by spaces. The layout asks for it many times per line, so it
// is kept, and made again when the words have changed: lines only change by appending words or
// by taking a new slice of them, either of which changes the key.
func (l *line) text() string {
	key := textKey{n: len(l.words)}
	if key.n > 0 {
		key.first = &l.words[0]
	}
	if key.n > 0 && l.textKey == key {
		return l.textVal
	}
	var b strings.Builder
	for i, w := range l.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	l.textKey, l.textVal = key, b.String()
	return l.textVal
}

// textKey tells whether a line's words are the ones its kept text was made of.
type textKey struct {
	n     int
	first *word
}

func (l *line) height() float64 { return l.y1 - l.y0 }

func (l *line) add(w word) {
	if len(l.words) == 0 {
		l.x0, l.y0, l.x1, l.y1 = w.x0, w.y0, w.x1, w.y1
	} else {
		l.x0, l.y0 = math.Min(l.x0, w.x0), math.Min(l.y0, w.y0)
		l.x1, l.y1 = math.Max(l.x1, w.x1), math.Max(l.y1, w.y1)
	}
	l.words = append(l.words, w)
}

// finish sets the line's size and weight from its words, weighted by length, and puts the
// words of a right-to-left line in logical order.
func (l *line) finish() {
	l.orderRTL()
	sizes := map[float64]int{}
	bold := true
	for _, w := range l.words {
		n := len([]rune(w.text))
		sizes[roundSize(w.size)] += n
		if !w.bold && hasLetters(w.text) {
			bold = false
		}
	}
	best, bestN := 0.0, -1
	for s, n := range sizes {
		if n > bestN || (n == bestN && s > best) {
			best, bestN = s, n
		}
	}
	l.size, l.bold = best, bold
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// roundSize rounds a font size to half a point, so that 11.98 and 12.02 count as one size.
func roundSize(s float64) float64 { return math.Round(s*2) / 2 }

// vOverlap is the vertical overlap of two boxes relative to the smaller height.
func vOverlap(a0, a1, b0, b1 float64) float64 {
	h := math.Min(a1-a0, b1-b0)
	if h <= 0 {
		return 0
	}
	return (math.Min(a1, b1) - math.Max(a0, b0)) / h
}

func isBoldFont(name string, weight int) bool {
	if weight >= 600 {
		return true
	}
	n := strings.ToLower(name)
	if i := strings.IndexByte(n, '+'); i >= 0 {
		n = n[i+1:] // subset prefix ABCDEF+
	}
	// "Medi" is URW's name for the bold of its Times (NimbusRomNo9L-Medi), CMBX TeX's bold.
	for _, k := range []string{"bold", "black", "heavy", "semibold", "demi", "medium", "-medi", "cmbx", "-bd", "_bd", ",bd"} {
		if strings.Contains(n, k) {
			return true
		}
	}
	return false
}

// pageWords groups a page's characters into words. PDFium's generated spaces mark word ends;
// a jump back, a change of line or a gap over 0.3 em also ends a word, in case a producer
// positioned words without space characters.
//
// Text is read in the frame of the page's dominant writing direction: a page whose text runs
// downwards (a landscape scan with its OCR layer, a rotated table) is turned so that it runs
// left to right. Text in any other direction (a sideways label, a stamp) is returned apart.
// height is the page height in that frame.
func pageWords(p *rawPage) (words, rotated []word, height float64) {
	dom := dominantAngle(p.chars)
	chars, height := p.chars, p.height
	if dom != 0 {
		chars, height = turn(p, dom)
	}
	var cur []rawChar
	var curAngle float64
	flush := func() {
		if len(cur) == 0 {
			return
		}
		w, ok := makeWord(cur, height)
		if ok {
			if math.Abs(curAngle) > angleTolerance {
				rotated = append(rotated, w)
			} else {
				words = append(words, w)
			}
		}
		cur = cur[:0]
	}
	for _, c := range chars {
		if c.r == 0 || unicode.IsSpace(c.r) || unicode.IsControl(c.r) || c.r == '\u00a0' {
			flush()
			continue
		}
		if c.r == '\ufffe' {
			// PDFium's mark for a hyphen at a line end; whether the word is joined again is
			// decided later, with the document's vocabulary.
			c.r = '-'
		}
		if c.right <= c.left && c.top <= c.bottom {
			// No geometry: keep it with its neighbours.
			if len(cur) > 0 {
				c.left, c.right, c.bottom, c.top = cur[len(cur)-1].right, cur[len(cur)-1].right, cur[len(cur)-1].bottom, cur[len(cur)-1].top
			}
			cur = append(cur, c)
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			em := math.Max(math.Max(c.size, prev.size), 1)
			sameLine := vOverlap(-prev.top, -prev.bottom, -c.top, -c.bottom) >= 0.5 || math.Abs(c.oy-prev.oy) <= 0.25*em
			// A ligature decomposed by PDFium ("ﬃ" → f, f, i) gives characters sharing one box,
			// so only a move left of the previous character's start is a jump back.
			adjacent := c.left >= prev.left-0.1*em && c.left-prev.right <= 0.3*em
			if !adjacent && isRTL(c.r) && isRTL(prev.r) {
				// Right-to-left scripts may come in either order: logical (moving left) or
				// visual; makeWord puts them in logical order.
				adjacent = c.right <= prev.right+0.1*em && prev.left-c.right <= 0.3*em
			}
			if c.guessed || prev.guessed {
				adjacent, sameLine = true, true // spread along a word PDFium holds together
			}
			if !sameLine || !adjacent || math.Abs(c.angle-curAngle) > angleTolerance {
				flush()
			}
		}
		if len(cur) == 0 {
			curAngle = c.angle
		}
		cur = append(cur, c)
	}
	flush()
	return words, rotated, height
}

const angleTolerance = 0.02 // radians, about a degree

// dominantAngle is the writing direction of most of a page's characters, 0 when most run left
// to right.
func dominantAngle(chars []rawChar) float64 {
	count := map[int]int{}
	for _, c := range chars {
		if c.right > c.left {
			count[int(math.Round(c.angle*180/math.Pi))]++
		}
	}
	best, bestN := 0, count[0]
	for a, n := range count {
		if n > bestN {
			best, bestN = a, n
		}
	}
	return float64(best) * math.Pi / 180
}

// turn rotates the characters written at angle back to horizontal, with the page, and shifts
// them so that the turned page starts at the origin. Other characters keep their angle,
// relative to the new frame.
func turn(p *rawPage, angle float64) ([]rawChar, float64) {
	sin, cos := math.Sincos(-angle)
	rot := func(x, y float64) (float64, float64) { return x*cos - y*sin, x*sin + y*cos }
	bounds := func(x0, y0, x1, y1 float64) (float64, float64, float64, float64) {
		minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, pt := range [][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
			x, y := rot(pt[0], pt[1])
			minX, minY, maxX, maxY = math.Min(minX, x), math.Min(minY, y), math.Max(maxX, x), math.Max(maxY, y)
		}
		return minX, minY, maxX, maxY
	}
	px0, py0, _, py1 := bounds(0, 0, p.width, p.height)
	out := make([]rawChar, len(p.chars))
	for i, c := range p.chars {
		if c.right > c.left || c.top > c.bottom {
			l, b, r, t := bounds(c.left, c.bottom, c.right, c.top)
			c.left, c.bottom, c.right, c.top = l-px0, b-py0, r-px0, t-py0
			x, y := rot(c.ox, c.oy)
			c.ox, c.oy = x-px0, y-py0
		}
		c.angle -= angle
		if math.Abs(c.angle) < angleTolerance {
			c.angle = 0
		}
		out[i] = c
	}
	return out, py1 - py0
}

func makeWord(cs []rawChar, pageHeight float64) (word, bool) {
	cs = undouble(cs)
	var b strings.Builder
	w := word{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
	boldChars := 0
	// The font seldom changes inside a word: decide boldness once per font.
	font, weight, bold := "", -1, false
	w.idx = make([]int32, 0, len(cs))
	for _, c := range cs {
		b.WriteRune(c.r)
		w.idx = append(w.idx, c.idx)
		if c.right > c.left || c.top > c.bottom {
			w.x0, w.x1 = math.Min(w.x0, c.left), math.Max(w.x1, c.right)
			w.y0, w.y1 = math.Min(w.y0, pageHeight-c.top), math.Max(w.y1, pageHeight-c.bottom)
		}
		if c.font != font || c.weight != weight {
			font, weight, bold = c.font, c.weight, isBoldFont(c.font, c.weight)
		}
		if bold {
			boldChars++
		}
		w.size = math.Max(w.size, c.size)
	}
	w.base = pageHeight - cs[0].oy
	if math.IsInf(w.x0, 0) {
		return w, false
	}
	if rtlWord(cs) {
		// Logical order of a right-to-left word is right to left on the page, whatever order
		// the producer drew its glyphs in.
		sorted := append([]rawChar(nil), cs...)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].left+sorted[i].right > sorted[j].left+sorted[j].right })
		b.Reset()
		w.idx = w.idx[:0]
		for _, c := range sorted {
			b.WriteRune(c.r)
			w.idx = append(w.idx, c.idx)
		}
	}
	if w.size <= 0 {
		w.size = w.y1 - w.y0 // no font size: the box height is the next best thing
	}
	w.text = b.String()
	w.bold = boldChars*2 > len(cs)
	return w, true
}

// buildLines groups words into lines. It follows the content stream first, which for most
// producers is the writing order, and then merges pieces of one line that the stream put
// apart (some producers draw all bold text after the regular text). It also returns the
// page's column gutters, found before lines crossing them are split.
func buildLines(words []word, page int) ([]*line, []gutter) {
	var lines []*line
	var cur *line
	for _, w := range words {
		if cur != nil && continuesLine(cur, w) {
			cur.add(w)
			continue
		}
		cur = &line{page: page}
		cur.add(w)
		lines = append(lines, cur)
	}
	lines = mergeLines(lines)
	for _, l := range lines {
		l.finish()
	}
	gs := gutters(lines)
	return splitGutters(lines, gs), gs
}

// maxWordGap is the widest gap, in ems, between two words of one line. Column gutters and
// table gaps are wider; the spaces of justified text are narrower.
const maxWordGap = 1.0

// markerGap is the widest gap after a list marker ("•", "1.", "a)") that still joins it to its
// text.
const markerGap = 4.0

func continuesLine(l *line, w word) bool {
	last := l.words[len(l.words)-1]
	em := math.Max(math.Max(w.size, last.size), 1)
	if vOverlap(l.y0, l.y1, w.y0, w.y1) < 0.5 && math.Abs(w.base-last.base) > 0.25*em {
		return false
	}
	gap := w.x0 - l.x1
	if gap < -0.3*em {
		return false
	}
	limit := maxWordGap
	if len(l.words) == 1 && isListMarker(l.words[0].text) {
		limit = markerGap
	}
	return gap <= limit*em
}

// mergeLines joins lines that sit on one baseline with a word-sized gap between them, whatever
// their order in the stream. The merged line takes the stream position of its earliest part.
func mergeLines(lines []*line) []*line {
	if len(lines) < 2 {
		return lines
	}
	gone := make([]bool, len(lines))
	for _, row := range rowsOf(lines) {
		sort.SliceStable(row, func(a, b int) bool { return lines[row[a]].x0 < lines[row[b]].x0 })
		cur := row[0]
		for _, next := range row[1:] {
			lc, ln := lines[cur], lines[next]
			if ln.x0 >= lc.x1-0.3*ln.words[0].size && continuesLine(lc, ln.words[0]) {
				// Keep the earlier stream position: move the words into whichever comes first.
				dst, src := cur, next
				if next < cur {
					ln.words = append(append([]word(nil), lc.words...), ln.words...)
					ln.x0, ln.y0 = math.Min(ln.x0, lc.x0), math.Min(ln.y0, lc.y0)
					ln.x1, ln.y1 = math.Max(ln.x1, lc.x1), math.Max(ln.y1, lc.y1)
					dst, src = next, cur
				} else {
					for _, w := range ln.words {
						lc.add(w)
					}
				}
				gone[src] = true
				cur = dst
				continue
			}
			cur = next
		}
	}
	out := lines[:0:0]
	for i, l := range lines {
		if !gone[i] {
			out = append(out, l)
		}
	}
	return out
}

// rowsOf groups lines that share a baseline, top to bottom; each row lists indices into lines.
func rowsOf(lines []*line) [][]int {
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return lines[idx[a]].y0+lines[idx[a]].y1 < lines[idx[b]].y0+lines[idx[b]].y1
	})
	var rows [][]int
	var y0, y1 float64
	for _, i := range idx {
		l := lines[i]
		if len(rows) > 0 && vOverlap(y0, y1, l.y0, l.y1) >= 0.5 {
			rows[len(rows)-1] = append(rows[len(rows)-1], i)
			y0, y1 = math.Min(y0, l.y0), math.Max(y1, l.y1)
			continue
		}
		rows = append(rows, []int{i})
		y0, y1 = l.y0, l.y1
	}
	return rows
}

// isListMarker reports whether s is a bullet or an item number on its own.
func isListMarker(s string) bool {
	r := []rune(s)
	if len(r) == 0 || len(r) > 4 {
		return false
	}
	if len(r) == 1 {
		switch r[0] {
		case '•', '◦', '▪', '■', '□', '●', '○', '-', '–', '—', '*', '➢', '►', '▶', '✓', '✔', '·':
			return true
		}
		return unicode.Is(unicode.Co, r[0]) // symbol-font bullets map to the private use area
	}
	last := r[len(r)-1]
	if last != '.' && last != ')' {
		return false
	}
	body := string(r[:len(r)-1])
	if body == "" {
		return false
	}
	allDigits, allLetters := true, true
	for _, c := range body {
		allDigits = allDigits && unicode.IsDigit(c)
		allLetters = allLetters && unicode.IsLetter(c)
	}
	return allDigits || (allLetters && len([]rune(body)) == 1) || isRoman(body)
}

func isRoman(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, c := range strings.ToLower(s) {
		if !strings.ContainsRune("ivxlc", c) {
			return false
		}
	}
	return true
}

// isRTL reports whether r belongs to a script written right to left.
func isRTL(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko)
}

// rtlWord reports whether a word is made of right-to-left letters only (digits and Latin
// letters inside would be reversed by reordering).
func rtlWord(cs []rawChar) bool {
	rtl := 0
	for _, c := range cs {
		switch {
		case isRTL(c.r):
			rtl++
		case unicode.IsLetter(c.r) || unicode.IsDigit(c.r):
			return false
		}
	}
	return rtl > 0
}

func wordIsRTL(w word) bool {
	for _, r := range w.text {
		if isRTL(r) {
			return true
		}
		if unicode.IsLetter(r) {
			return false
		}
	}
	return false
}

// orderRTL puts the words of a mostly right-to-left line from right to left, keeping runs of
// left-to-right words (a URL, a name in Latin letters) in their own order.
func (l *line) orderRTL() {
	rtl := 0
	for _, w := range l.words {
		if wordIsRTL(w) {
			rtl++
		}
	}
	if rtl*2 <= len(l.words) {
		return
	}
	ws := append([]word(nil), l.words...)
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].x0+ws[i].x1 > ws[j].x0+ws[j].x1 })
	for i := 0; i < len(ws); {
		j := i
		for j < len(ws) && !wordIsRTL(ws[j]) {
			j++
		}
		for a, b := i, j-1; a < b; a, b = a+1, b-1 {
			ws[a], ws[b] = ws[b], ws[a]
		}
		if j == i {
			j++
		}
		i = j
	}
	l.words = ws
}

// undouble drops the second copy of characters drawn twice at nearly the same place, a common
// way of faking bold ("SSaauuvveerr"). Only a word made entirely of such pairs is undone: a
// ligature decomposed by PDFium ("ﬀ" → f, f) also gives two equal characters in one box.
func undouble(cs []rawChar) []rawChar {
	if len(cs) < 6 || len(cs)%2 != 0 {
		return cs
	}
	for i := 0; i < len(cs); i += 2 {
		a, b := cs[i], cs[i+1]
		if a.r != b.r || math.Abs(a.left-b.left) > 0.5*math.Max(a.right-a.left, 1) {
			return cs
		}
	}
	out := make([]rawChar, 0, len(cs)/2)
	for i := 0; i < len(cs); i += 2 {
		out = append(out, cs[i])
	}
	return out
}

// markBeside flags the lines that share their row with another line not across a gutter.
func markBeside(lines []*line, gs []gutter) {
	for _, row := range rowsOf(lines) {
		for _, i := range row {
			for _, j := range row {
				if i != j && !acrossGutter(lines[i], lines[j], gs) {
					lines[i].beside = true
					break
				}
			}
		}
	}
}

func acrossGutter(a, b *line, gs []gutter) bool {
	for _, g := range gs {
		if (a.x1 <= g.x && b.x0 >= g.x) || (b.x1 <= g.x && a.x0 >= g.x) {
			return true
		}
	}
	return false
}
