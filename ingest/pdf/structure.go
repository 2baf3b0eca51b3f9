package pdf

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/socle-project/socle"
)

// para is a paragraph, a heading or a table of one page, before the document is assembled.
type para struct {
	lines     []*line
	table     [][]*line
	page      int
	size      float64
	bold      bool
	heading   int // level, 0 when not a heading
	continues bool
	text      string
	// moved holds the lines of a paragraph whose only word went to this one across a page
	// break: their characters still draw part of this paragraph's text.
	moved []*line
}

func (p *para) last() *line { return p.lines[len(p.lines)-1] }

// layoutDocument turns the engine's characters into the document's blocks.
func layoutDocument(raw *rawDoc) (*Document, error) {
	doc := &Document{Metadata: raw.meta, Pages: len(raw.pages), Problems: append([]Problem(nil), raw.problems...)}
	if doc.Metadata == nil {
		doc.Metadata = map[string]string{}
	}
	pages := make([][]*line, len(raw.pages))
	gutters := make([][]gutter, len(raw.pages))
	rotated := make([][]word, len(raw.pages))
	heights := make([]float64, len(raw.pages))
	var noText, scanned, garbled []int
	for i := range raw.pages {
		p := &raw.pages[i]
		heights[i] = p.height
		if p.failed {
			continue
		}
		good, bad := countChars(p)
		switch {
		case good == 0 && bad == 0:
			noText = append(noText, p.number)
			if p.hasImage {
				scanned = append(scanned, p.number)
			}
			continue
		case bad > good:
			garbled = append(garbled, p.number)
		}
		words, rot, h := pageWords(p)
		heights[i] = h
		pages[i], gutters[i] = buildLines(words, p.number)
		rotated[i] = rot
	}
	readable := len(raw.pages) - countFailed(raw)
	if readable == 0 {
		return nil, socle.Errorf(socle.EINVALID, "no page of this PDF could be read: the file is damaged; export it again from its source")
	}
	if len(noText) == readable {
		if len(scanned) == 0 {
			verb := "hold"
			if len(noText) == 1 {
				verb = "holds"
			}
			return nil, socle.Errorf(socle.EINVALID, "this PDF has no text to index (%s %s only drawings, or nothing): upload the document it was made from", pageRanges(noText), verb)
		}
		return nil, socle.Errorf(socle.EINVALID, "this PDF is a scan: no text to index (%s): run OCR on it (for example with ocrmypdf) or upload the document it was printed from", pageRanges(noText))
	}
	if len(garbled) > 0 && len(garbled)+len(noText) >= readable {
		return nil, socle.Errorf(socle.EINVALID, "the text of this PDF cannot be decoded (%s): its fonts have no Unicode map; print it again to PDF from its source, or run OCR on it", pageRanges(garbled))
	}
	for _, r := range splitRanges(scanned) {
		doc.Problems = append(doc.Problems, Problem{Page: r[0], Message: fmt.Sprintf("%s %s no text layer (scanned?): not indexed; run OCR on the file to include it", pageRanges(rangePages(r)), pluralHave(r))})
	}
	for _, r := range splitRanges(garbled) {
		doc.Problems = append(doc.Problems, Problem{Page: r[0], Message: fmt.Sprintf("%s: most of the text could not be decoded (fonts without a Unicode map); search may miss it", pageRanges(rangePages(r)))})
	}

	furniture := findFurniture(pages, heights)
	var paras []*para
	var all []string
	for i, lines := range pages {
		kept := lines[:0:0]
		for _, l := range lines {
			if furniture[l] {
				doc.Furniture = append(doc.Furniture, l.text())
				continue
			}
			kept = append(kept, l)
			all = append(all, l.text())
		}
		markBeside(kept, gutters[i])
		tables, rest := findTables(kept, gutters[i])
		paras = append(paras, pageParas(orderPage(rest, tables, gutters[i]), raw.pages[i].number)...)
		if len(rotated[i]) > 0 {
			paras = append(paras, rotatedPara(rotated[i], raw.pages[i].number))
		}
	}
	body, bodyBold := bodyFont(pages, furniture)
	paras, fromOutline := outlineHeadings(paras, raw.outline)
	if !fromOutline {
		fontHeadings(paras, body, bodyBold)
	}
	hy := newHyphenator(all...)
	for _, p := range paras {
		p.text = paraText(p, hy)
	}
	paras = flow(paras, hy)

	m := newCharMapper(paras)
	for _, p := range paras {
		text := strings.TrimSpace(normalizeText(p.text))
		if text == "" {
			continue
		}
		b := Block{Kind: Paragraph, Text: text, Page: p.page, Continues: p.continues}
		switch {
		case p.table != nil:
			b.Kind = Table
		case p.heading > 0:
			b.Kind, b.Level = Heading, p.heading
			b.Text = strings.Join(strings.Fields(text), " ")
		}
		b.Chars = m.runs(b.Text)
		doc.Blocks = append(doc.Blocks, b)
	}
	doc.Title = title(doc)
	return doc, nil
}

func countFailed(raw *rawDoc) int {
	n := 0
	for _, p := range raw.pages {
		if p.failed {
			n++
		}
	}
	return n
}

// countChars counts the characters of a page that carry text and those that do not decode
// (private use, replacement character, controls: fonts without a Unicode map).
func countChars(p *rawPage) (good, bad int) {
	for _, c := range p.chars {
		switch {
		case c.r == 0 || unicode.IsSpace(c.r):
		case c.r == utf8.RuneError || unicode.Is(unicode.Co, c.r) || unicode.IsControl(c.r):
			bad++
		default:
			good++
		}
	}
	return good, bad
}

func pluralHave(r [2]int) string {
	if r[0] == r[1] {
		return "has"
	}
	return "have"
}

// splitRanges groups sorted page numbers into runs of consecutive pages.
func splitRanges(pages []int) [][2]int {
	var out [][2]int
	for _, p := range pages {
		if n := len(out); n > 0 && out[n-1][1] == p-1 {
			out[n-1][1] = p
			continue
		}
		out = append(out, [2]int{p, p})
	}
	return out
}

func rangePages(r [2]int) []int {
	var out []int
	for p := r[0]; p <= r[1]; p++ {
		out = append(out, p)
	}
	return out
}

// pageRanges names pages for a reader: "page 3", "pages 1–12", "pages 2, 5–7".
func pageRanges(pages []int) string {
	rs := splitRanges(pages)
	var parts []string
	for _, r := range rs {
		if r[0] == r[1] {
			parts = append(parts, fmt.Sprint(r[0]))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", r[0], r[1]))
		}
	}
	if len(pages) == 1 {
		return "page " + parts[0]
	}
	return "pages " + strings.Join(parts, ", ")
}

// pageParas groups a page's items, in reading order, into paragraphs and tables.
//
// A line starts a new paragraph when it is not right below the previous one (a new column or
// a jump), when the white above it is clearly more than the page's usual line spacing, when
// its font size or weight changes, when it starts a list item, when it is indented against a
// flush previous line (first-line indent), or when the previous line ended a sentence well
// short of the right edge.
func pageParas(items []*item, page int) []*para {
	gap := usualGap(items)
	var out []*para
	var cur *para
	for _, it := range items {
		if it.table != nil {
			cur = nil
			out = append(out, &para{table: it.table, page: page})
			continue
		}
		l := it.line
		if cur == nil || breaksParagraph(cur, l, gap) {
			cur = &para{page: page, size: l.size, bold: l.bold}
			out = append(out, cur)
		}
		cur.lines = append(cur.lines, l)
	}
	return out
}

// usualGap is the median white between a line and the next one right below it.
func usualGap(items []*item) float64 {
	var gaps []float64
	for i := 1; i < len(items); i++ {
		a, b := items[i-1].line, items[i].line
		if a == nil || b == nil {
			continue
		}
		g := b.y0 - a.y1
		if g > -0.5*a.height() && g < 2*a.height() && b.x0 < a.x1 && b.x1 > a.x0 {
			gaps = append(gaps, g)
		}
	}
	if len(gaps) == 0 {
		return 0
	}
	sort.Float64s(gaps)
	return gaps[len(gaps)/2]
}

func breaksParagraph(p *para, l *line, usual float64) bool {
	prev := p.last()
	h := math.Max(prev.height(), l.height())
	em := math.Max(math.Max(prev.size, l.size), 1)
	g := l.y0 - prev.y1
	switch {
	case g < -0.5*h: // above the previous line: another column
		return true
	case g > math.Max(usual*1.5, usual+0.35*h) && g > 0.25*h:
		return true
	case l.x0 > prev.x1 || l.x1 < prev.x0: // no horizontal overlap
		return true
	case math.Abs(l.size-p.size) > 0.9 || (l.bold != p.bold && hasLetters(l.text())):
		return true
	case isListMarker(l.words[0].text) || startsWithBullet(l.words[0].text):
		return true
	}
	left := p.lines[0].x0
	for _, x := range p.lines[1:] {
		left = math.Min(left, x.x0)
	}
	if first := p.lines[0]; len(p.lines) == 1 && (isListMarker(first.words[0].text) || startsWithBullet(first.words[0].text)) && len(first.words) > 1 {
		left = first.words[1].x0 // hanging indent of a list item
	}
	if l.x0-left > 0.8*em && prev.x0-left < 0.3*em && len(p.lines) > 1 {
		return true // first-line indent
	}
	right := prev.x1
	for _, x := range p.lines {
		right = math.Max(right, x.x1)
	}
	right = math.Max(right, l.x1)
	return right-prev.x1 > 2*em && endsSentence(prev.text())
}

func startsWithBullet(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("•◦▪■□●○➢►▶✓✔", r) || unicode.Is(unicode.Co, r)
}

// endsSentence reports whether text ends with a sentence or a lead-in.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…:;»\"”)", r)
}

func rotatedPara(ws []word, page int) *para {
	l := &line{page: page}
	for _, w := range ws {
		l.words = append(l.words, w)
	}
	l.finish()
	return &para{lines: []*line{l}, page: page, size: l.size}
}

// paraText joins a paragraph's lines, mending words hyphenated at line ends.
func paraText(p *para, hy *hyphenator) string {
	if p.table != nil {
		return tableText(p.table)
	}
	var b strings.Builder
	tail := ""
	for i, l := range p.lines {
		t := l.text()
		if i == 0 {
			tail = t
			continue
		}
		if j, ok := hy.join(tail, t); ok {
			tail = j
			continue
		}
		b.WriteString(tail)
		b.WriteByte(' ')
		tail = t
	}
	b.WriteString(tail)
	return b.String()
}

// flow joins a paragraph cut by a column or page break: the first part does not end a sentence
// and the second starts in lower case. Within a page they become one paragraph; across pages
// the second is marked as continuing the first, and a word hyphenated across the break is
// mended on the first page.
func flow(paras []*para, hy *hyphenator) []*para {
	var out []*para
	for _, p := range paras {
		if n := len(out); n > 0 && p.table == nil && p.heading == 0 {
			prev := out[n-1]
			if prev.table == nil && prev.heading == 0 && math.Abs(prev.size-p.size) < 0.6 && flowsInto(prev.text, p.text) {
				if prev.page == p.page {
					if j, ok := hy.join(prev.text, p.text); ok {
						prev.text = j
					} else {
						prev.text += " " + p.text
					}
					prev.lines = append(prev.lines, p.lines...)
					continue
				}
				p.continues = true
				if first, rest, ok := strings.Cut(p.text, " "); ok || first != "" {
					if j, joined := hy.join(prev.text, first); joined {
						prev.text, p.text = j, rest
					}
				}
				if strings.TrimSpace(p.text) == "" {
					prev.moved = append(prev.moved, p.lines...)
					continue
				}
			}
		}
		out = append(out, p)
	}
	return out
}

func flowsInto(prev, next string) bool {
	prev = strings.TrimSpace(prev)
	next = strings.TrimSpace(next)
	if prev == "" || next == "" || endsSentence(prev) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(r)
}

// bodyFont is the size and weight of most of the document's text.
func bodyFont(pages [][]*line, furniture map[*line]bool) (size float64, bold bool) {
	type key struct {
		size float64
		bold bool
	}
	count := map[key]int{}
	for _, lines := range pages {
		for _, l := range lines {
			if !furniture[l] {
				count[key{l.size, l.bold}] += len(l.text())
			}
		}
	}
	best, bestN := key{}, -1
	for k, n := range count {
		if n > bestN || (n == bestN && k.size < best.size) {
			best, bestN = k, n
		}
	}
	return best.size, best.bold
}

// Headings from fonts: a paragraph of at most three lines and twenty words, alone on its row
// (not a cell beside another), in a size at least headingRatio times the body's, or bold where
// the body is not, that does not end like a sentence. Levels follow the size rank: the largest heading size is level 1; bold at body
// size comes after every larger size.
const (
	headingRatio    = 1.15
	maxHeadingWords = 20
	maxHeadingLevel = 6
)

func fontHeadings(paras []*para, body float64, bodyBold bool) {
	if body <= 0 {
		return
	}
	var cands []*para
	sizes := map[float64]bool{}
	for _, p := range paras {
		if p.table != nil || len(p.lines) == 0 || len(p.lines) > 3 || p.lines[0].beside {
			continue
		}
		text := p.text
		if text == "" {
			text = joinedText(p)
		}
		n := len(strings.Fields(text))
		if n == 0 || n > maxHeadingWords || !hasLetters(text) || startsWithBullet(text) {
			continue
		}
		if last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(text)); strings.ContainsRune(".,;", last) && !numbered(text) {
			continue
		}
		larger := p.size >= body*headingRatio
		bolder := p.bold && !bodyBold && p.size >= body*0.95
		if !larger && !bolder {
			continue
		}
		cands = append(cands, p)
		if larger {
			sizes[p.size] = true
		}
	}
	ranked := make([]float64, 0, len(sizes))
	for s := range sizes {
		ranked = append(ranked, s)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(ranked)))
	// Sizes within a point of each other share a level.
	level := map[float64]int{}
	lv := 0
	for i, s := range ranked {
		if i == 0 || ranked[i-1]-s > 1 {
			lv++
		}
		level[s] = min(lv, maxHeadingLevel)
	}
	for _, p := range cands {
		if l, ok := level[p.size]; ok {
			p.heading = l
		} else {
			p.heading = min(lv+1, maxHeadingLevel)
		}
	}
}

// numbered reports whether text starts like a numbered heading ("1.", "2.3", "IV.", "A.").
func numbered(text string) bool {
	f := strings.Fields(text)
	return len(f) > 1 && isListMarker(f[0])
}

func joinedText(p *para) string {
	var parts []string
	for _, l := range p.lines {
		parts = append(parts, l.text())
	}
	return strings.Join(parts, " ")
}

// outlineHeadings marks the paragraphs that the PDF's outline names as headings, matching each
// entry's title to the text of its target page (or, without a target, of the pages after the
// previous match). A paragraph whose first lines are the title is split there. ok is false
// when the outline is missing or unusable (fewer than half of its entries found); paras are
// then returned as they were.
func outlineHeadings(paras []*para, outline []outlineItem) (out []*para, ok bool) {
	if len(outline) == 0 {
		return paras, false
	}
	type match struct{ lines, level int }
	found := map[int]match{}
	from := 0
	for _, o := range outline {
		key := matchKey(o.title)
		if len(key) < 2 {
			continue
		}
		for i := from; i < len(paras); i++ {
			p := paras[i]
			if o.page > 0 && p.page < o.page {
				continue
			}
			if o.page > 0 && p.page > o.page+1 {
				break
			}
			if _, taken := found[i]; taken || p.table != nil {
				continue
			}
			if n := titleLines(p, key); n > 0 {
				found[i] = match{n, min(max(o.level, 1), maxHeadingLevel)}
				from = i + 1
				break
			}
		}
	}
	if len(found) == 0 || len(found)*2 < len(outline) {
		return paras, false
	}
	for i, p := range paras {
		m, hit := found[i]
		if !hit {
			out = append(out, p)
			continue
		}
		h := &para{lines: p.lines[:m.lines], page: p.page, size: p.size, bold: p.bold, heading: m.level}
		out = append(out, h)
		if m.lines < len(p.lines) {
			rest := p.lines[m.lines:]
			out = append(out, &para{lines: rest, page: rest[0].page, size: rest[0].size, bold: rest[0].bold})
		}
	}
	return out, true
}

// titleLines returns how many of p's first lines (at most three) make the outline title key,
// or 0.
func titleLines(p *para, key string) int {
	acc := ""
	for n := 1; n <= min(3, len(p.lines)); n++ {
		acc += matchKey(p.lines[n-1].text())
		if acc == key || (len(acc) >= 4 && len(key) >= 4 && strings.HasSuffix(acc, key) && len(key)*10 >= len(acc)*6) ||
			(strings.HasSuffix(key, acc) && len(acc)*10 >= len(key)*6) {
			return n
		}
		if len(acc) > len(key)+12 {
			break
		}
	}
	return 0
}

// matchKey folds text for outline matching: lower case letters and digits only.
func matchKey(s string) string {
	s = normalizeText(s)
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// title picks the document's title: the info dictionary's unless it is a file name or a
// placeholder, else the first top-level heading.
func title(d *Document) string {
	if t := strings.TrimSpace(d.Metadata["Title"]); t != "" && !junkTitle(t) {
		return normalizeText(t)
	}
	best := 0
	for i, b := range d.Blocks {
		if b.Kind == Heading && (best == 0 || b.Level < d.Blocks[best-1].Level) {
			best = i + 1
			if b.Level == 1 {
				break
			}
		}
	}
	if best > 0 {
		return d.Blocks[best-1].Text
	}
	return ""
}

func junkTitle(t string) bool {
	l := strings.ToLower(t)
	for _, ext := range []string{".doc", ".docx", ".odt", ".pdf", ".rtf", ".indd", ".xls", ".xlsx", ".ppt", ".pptx", ".txt", ".qxd", ".tex", ".dvi"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	for _, junk := range []string{"untitled", "sans titre", "document1", "document", "titre", "title", "microsoft word"} {
		if l == junk || strings.HasPrefix(l, "microsoft word - ") {
			return true
		}
	}
	return false
}
