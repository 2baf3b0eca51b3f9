package pdf

import (
	"math"
	"sort"
	"strings"
)

// item is a unit of reading order on a page: one line, or one table.
type item struct {
	line           *line
	table          [][]*line // rows of cells, left to right; nil for a line
	x0, y0, x1, y1 float64
}

func (it *item) chars() int {
	if it.line != nil {
		return len(it.line.text())
	}
	n := 0
	for _, row := range it.table {
		for _, c := range row {
			n += len(c.text())
		}
	}
	return n
}

// tableText is a table's text: cells separated by tabs, rows by line breaks.
func tableText(rows [][]*line) string {
	var b strings.Builder
	for i, row := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		for j, c := range row {
			if j > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(c.text())
		}
	}
	return b.String()
}

// Tables. Rows of two or more cells that follow each other closely, whose cells fall into the
// same columns (the union of the cells' horizontal extents splits into two or more separate
// intervals), make a table: at least two rows when there are three columns or more, three
// when there are two. Two columns of long lines are a two-column text, not a table.
const (
	tableRowGap       = 2.5 // widest gap between two rows of a table, in line heights
	textColumnMinChar = 25  // median cell length from which two columns are prose
	proseCellChars    = 40  // a line this long may be a line of prose (gutters)
	proseLineChars    = 50  // a column whose cells are mostly this long is prose, not a table
)

// findTables takes the tables out of a page's lines. On a page set in columns, each column is
// searched on its own, so that a line of one column and a table beside it in the next column
// never make a table together.
func findTables(lines []*line, gutters []gutter) (tables [][][]*line, rest []*line) {
	var gs []float64
	for _, g := range gutters {
		gs = append(gs, g.x)
	}
	if len(gs) == 0 {
		return findTablesIn(lines)
	}
	sort.Float64s(gs)
	groups := make([][]*line, len(gs)+2) // one per column, and the lines that cross a gutter
	for _, l := range lines {
		k := 0
		for k < len(gs) && l.x0 > gs[k] {
			k++
		}
		if k < len(gs) && l.x1 > gs[k] {
			k = len(gs) + 1
		}
		groups[k] = append(groups[k], l)
	}
	for _, g := range groups {
		t, r := findTablesIn(g)
		tables = append(tables, t...)
		rest = append(rest, r...)
	}
	return tables, rest
}

// gutter is a white strip between two columns, over the height where both columns have text.
type gutter struct{ x, y0, y1 float64 }

// gutters finds the column gutters of a page. Lines of prose (proseCellChars or longer, and at
// most 60% of the text width) are grouped by their left edge; two groups of at least three
// lines that sit side by side over some height, with a strip of white at least colGapEm wide
// between the right ends of the first and the left edge of the second, make a gutter, if most
// lines starting at each edge there are long (a table column with a few long cells is not a
// column of text). A few
// lines may cross it (a tenth), since a producer may set two columns' lines on one baseline
// so close that they were read as one line; splitGutters mends those. Tables and figures make
// no gutter, having no prose.
func gutters(lines []*line) []gutter {
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		if len([]rune(l.text())) >= proseCellChars {
			minX, maxX = math.Min(minX, l.x0), math.Max(maxX, l.x1)
		}
	}
	if maxX-minX <= 0 {
		return nil
	}
	var prose []*line
	var sizes []float64
	for _, l := range lines {
		if len([]rune(l.text())) >= proseCellChars && l.x1-l.x0 <= 0.6*(maxX-minX) {
			prose = append(prose, l)
			sizes = append(sizes, l.size)
		}
	}
	if len(prose) < 6 {
		return nil
	}
	sort.Float64s(sizes)
	gap := colGapEm * math.Max(sizes[len(sizes)/2], 4)
	// Left-edge groups.
	sort.SliceStable(prose, func(a, b int) bool { return prose[a].x0 < prose[b].x0 })
	var groups [][]*line
	for _, l := range prose {
		if n := len(groups); n > 0 && l.x0-groups[n-1][0].x0 <= 3 {
			groups[n-1] = append(groups[n-1], l)
			continue
		}
		groups = append(groups, []*line{l})
	}
	var out []gutter
	for i, a := range groups {
		if len(a) < 3 {
			continue
		}
		// Only the next group of three lines or more to the right: a gutter separates
		// neighbouring columns, and looking further would cost a cube of the lines.
		for _, b := range groups[i+1:] {
			if len(b) < 3 {
				continue
			}
			right := b[0].x0
			y0 := math.Max(minY(a), minY(b))
			y1 := math.Min(maxY(a), maxY(b))
			if y1 <= y0 {
				continue
			}
			reach, n, crossing := math.Inf(-1), 0, 0
			for _, l := range lines {
				if l.y1 < y0 || l.y0 > y1 {
					continue
				}
				n++
				switch {
				case l.x0 < right-gap/2 && l.x1 > right+1:
					crossing++
				case l.x1 <= right:
					reach = math.Max(reach, l.x1)
				}
			}
			x := (reach + right) / 2
			if right-reach >= gap && crossing*10 <= n && textColumn(lines, a[0].x0, y0, y1) && textColumn(lines, right, y0, y1) &&
				singleCells(lines, math.Inf(-1), x, y0, y1) && singleCells(lines, x, math.Inf(1), y0, y1) {
				out = append(out, gutter{x: x, y0: y0, y1: y1})
			}
			break
		}
	}
	return out
}

// textColumn reports whether the lines that start at x between y0 and y1 are mostly lines of
// prose, as in a column of text, rather than the cells of a table column, where a few long
// cells sit among short ones.
func textColumn(lines []*line, x, y0, y1 float64) bool {
	n, long := 0, 0
	for _, l := range lines {
		if math.Abs(l.x0-x) > 3 || l.y1 < y0 || l.y0 > y1 {
			continue
		}
		n++
		if len([]rune(l.text())) >= textColumnMinChar {
			long++
		}
	}
	return long*10 >= n*6
}

// singleCells reports whether the lines between x0 and x1, y0 and y1 are one per row, as
// in a column of text; a side with several cells on a row in a fifth of its rows is a table.
func singleCells(lines []*line, x0, x1, y0, y1 float64) bool {
	var side []*line
	for _, l := range lines {
		if l.x0 >= x0 && l.x1 <= x1 && l.y1 >= y0 && l.y0 <= y1 {
			side = append(side, l)
		}
	}
	rows := rowsOf(side)
	multi := 0
	for _, r := range rows {
		if len(r) > 1 {
			multi++
		}
	}
	return multi*5 < len(rows)
}

func minY(ls []*line) float64 {
	y := math.Inf(1)
	for _, l := range ls {
		y = math.Min(y, l.y0)
	}
	return y
}

func maxY(ls []*line) float64 {
	y := math.Inf(-1)
	for _, l := range ls {
		y = math.Max(y, l.y1)
	}
	return y
}

// splitGutters cuts the lines that cross a column gutter, within the gutter's height, at a gap
// between two words on either side of it.
func splitGutters(lines []*line, gs []gutter) []*line {
	if len(gs) == 0 {
		return lines
	}
	var out []*line
	for _, l := range lines {
		out = append(out, splitLine(l, gs)...)
	}
	return out
}

func splitLine(l *line, gs []gutter) []*line {
	for _, g := range gs {
		if l.x0 >= g.x || l.x1 <= g.x || l.y1 < g.y0 || l.y0 > g.y1 {
			continue
		}
		for i := 1; i < len(l.words); i++ {
			a, b := l.words[i-1], l.words[i]
			if a.x1 <= g.x+1 && b.x0 >= g.x-1 && b.x0-a.x1 >= 0.3*math.Max(a.size, 1) {
				left := &line{page: l.page}
				right := &line{page: l.page}
				for _, w := range l.words[:i] {
					left.add(w)
				}
				for _, w := range l.words[i:] {
					right.add(w)
				}
				left.finish()
				right.finish()
				return append(splitLine(left, gs), splitLine(right, gs)...)
			}
		}
	}
	return []*line{l}
}

func findTablesIn(lines []*line) (tables [][][]*line, rest []*line) {
	rows := rowsOf(lines)
	for _, r := range rows {
		sort.SliceStable(r, func(a, b int) bool { return lines[r[a]].x0 < lines[r[b]].x0 })
	}
	used := make([]bool, len(lines))
	for i := 0; i < len(rows); {
		if len(rows[i]) < 2 {
			i++
			continue
		}
		j := i + 1
		for j < len(rows) && rowGap(lines, rows[j-1], rows[j]) <= tableRowGap*rowHeight(lines, rows[j-1]) {
			if len(rows[j]) >= 2 {
				j++
				continue
			}
			// One or two rows of one cell, each right under the previous row, are the further
			// lines of a cell ("N°" over "convention") when another row of the table follows.
			k := j
			for k < len(rows) && k < j+2 && len(rows[k]) < 2 && rowGap(lines, rows[k-1], rows[k]) <= 0.5*rowHeight(lines, rows[k-1]) {
				k++
			}
			if k > j && k < len(rows) && len(rows[k]) >= 2 && rowGap(lines, rows[k-1], rows[k]) <= tableRowGap*rowHeight(lines, rows[k-1]) {
				j = k + 1
				continue
			}
			break
		}
		for j > i && len(rows[j-1]) < 2 {
			j--
		}
		if t, ok := asTable(lines, rows[i:j]); ok {
			tables = append(tables, t)
			for _, r := range rows[i:j] {
				for _, li := range r {
					used[li] = true
				}
			}
		}
		i = j
	}
	for i, l := range lines {
		if !used[i] {
			rest = append(rest, l)
		}
	}
	return tables, rest
}

func rowGap(lines []*line, a, b []int) float64 {
	bottom, top := math.Inf(-1), math.Inf(1)
	for _, i := range a {
		bottom = math.Max(bottom, lines[i].y1)
	}
	for _, i := range b {
		top = math.Min(top, lines[i].y0)
	}
	return top - bottom
}

func rowHeight(lines []*line, r []int) float64 {
	h := 0.0
	for _, i := range r {
		h = math.Max(h, lines[i].height())
	}
	return h
}

func asTable(lines []*line, rows [][]int) ([][]*line, bool) {
	if len(rows) < 2 {
		return nil, false
	}
	// Columns: merge the horizontal extents of all cells.
	type span struct{ x0, x1 float64 }
	var spans []span
	var lengths []int
	for _, r := range rows {
		for _, i := range r {
			spans = append(spans, span{lines[i].x0, lines[i].x1})
			lengths = append(lengths, len([]rune(lines[i].text())))
		}
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].x0 < spans[b].x0 })
	var cols []span
	for _, s := range spans {
		if n := len(cols); n > 0 && s.x0 <= cols[n-1].x1 {
			cols[n-1].x1 = math.Max(cols[n-1].x1, s.x1)
			continue
		}
		cols = append(cols, s)
	}
	switch {
	case len(cols) < 2:
		return nil, false
	case len(cols) == 2 && len(rows) < 3:
		return nil, false
	}
	sort.Ints(lengths)
	if len(cols) == 2 && lengths[len(lengths)/2] >= textColumnMinChar {
		return nil, false
	}
	// Prose beside a figure or a code listing: a column made mostly of long lines is text, and
	// cells of tables are short.
	if lengths[len(lengths)-1] > 2*proseLineChars {
		return nil, false
	}
	for _, c := range cols {
		n, long := 0, 0
		for _, r := range rows {
			for _, i := range r {
				if l := lines[i]; l.x0 >= c.x0 && l.x0 <= c.x1 {
					n++
					if len([]rune(l.text())) >= proseLineChars {
						long++
					}
				}
			}
		}
		if long >= 2 && long*10 >= n*7 {
			return nil, false
		}
	}
	out := make([][]*line, len(rows))
	for k, r := range rows {
		for _, i := range r {
			out[k] = append(out[k], lines[i])
		}
	}
	return out, true
}

// Reading order is found by a recursive XY cut: a region whose items leave a vertical strip of
// white at least colGapEm wide from top to bottom is split into columns, read left to right;
// otherwise it is split at its widest horizontal strip of white, read top to bottom; a region
// that cannot be split is read row by row. Preferring the vertical cut keeps the lines of two
// columns apart even when their baselines line up; cutting at the widest horizontal gap first
// takes a heading that spans both columns off before the columns are looked at.
const colGapEm = 1.2

// orderPage returns a page's lines and tables in reading order.
func orderPage(lines []*line, tables [][][]*line, gutters []gutter) []*item {
	var items []*item
	for _, l := range lines {
		items = append(items, &item{line: l, x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1})
	}
	for _, t := range tables {
		it := &item{table: t, x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
		for _, row := range t {
			for _, c := range row {
				it.x0, it.y0 = math.Min(it.x0, c.x0), math.Min(it.y0, c.y0)
				it.x1, it.y1 = math.Max(it.x1, c.x1), math.Max(it.y1, c.y1)
			}
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil
	}
	sizes := make([]float64, 0, len(lines))
	for _, l := range lines {
		sizes = append(sizes, l.size)
	}
	em := 10.0
	if len(sizes) > 0 {
		sort.Float64s(sizes)
		em = math.Max(sizes[len(sizes)/2], 4)
	}
	if len(items) > maxCutItems {
		return items // a pathological page: keep the stream order rather than spend seconds
	}
	var gx []float64
	for _, g := range gutters {
		gx = append(gx, g.x)
	}
	var out []*item
	xyCut(items, gx, colGapEm*em, 0, &out)
	return out
}

// maxCutItems bounds the XY cut, which is quadratic in the worst case.
const maxCutItems = 3000

// xyCut orders items. The page's gutters are tried first: a region that no item crosses at a
// gutter is cut there, however narrow the white, since gutters are known from the columns'
// left edges.
func xyCut(items []*item, gutters []float64, colGap float64, depth int, out *[]*item) {
	if len(items) > 1 && depth < 60 {
		if left, right, ok := cutAtGutter(items, gutters); ok {
			xyCut(left, gutters, colGap, depth+1, out)
			xyCut(right, gutters, colGap, depth+1, out)
			return
		}
		if left, right, ok := cut(items, true, colGap); ok {
			xyCut(left, gutters, colGap, depth+1, out)
			xyCut(right, gutters, colGap, depth+1, out)
			return
		}
		if top, bottom, ok := cut(items, false, 0.01); ok {
			xyCut(top, gutters, colGap, depth+1, out)
			xyCut(bottom, gutters, colGap, depth+1, out)
			return
		}
	}
	*out = append(*out, readRows(items)...)
}

func cutAtGutter(items []*item, gutters []float64) (left, right []*item, ok bool) {
	for _, g := range gutters {
		left, right = left[:0], right[:0]
		crossed := false
		for _, it := range items {
			switch {
			case it.x1 <= g:
				left = append(left, it)
			case it.x0 >= g:
				right = append(right, it)
			default:
				crossed = true
			}
		}
		if !crossed && len(left) > 0 && len(right) > 0 {
			return left, right, true
		}
	}
	return nil, nil, false
}

// cut splits items at the widest strip of white along x (vertical) or y, at least minGap
// wide. A vertical cut must leave real text on both sides, not a column of bullets.
func cut(items []*item, vertical bool, minGap float64) (a, b []*item, ok bool) {
	lo := func(it *item) float64 { return it.y0 }
	hi := func(it *item) float64 { return it.y1 }
	if vertical {
		lo = func(it *item) float64 { return it.x0 }
		hi = func(it *item) float64 { return it.x1 }
	}
	sorted := append([]*item(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool { return lo(sorted[i]) < lo(sorted[j]) })
	found, best, bestGap := false, 0.0, minGap
	reach := hi(sorted[0])
	total := 0
	for _, it := range items {
		total += it.chars()
	}
	leftChars := 0
	for i := 1; i < len(sorted); i++ {
		leftChars += sorted[i-1].chars()
		if g := lo(sorted[i]) - reach; g >= bestGap {
			if !vertical || (leftChars*20 >= total && (total-leftChars)*20 >= total) {
				found, best, bestGap = true, (reach+lo(sorted[i]))/2, g
			}
		}
		reach = math.Max(reach, hi(sorted[i]))
	}
	if !found {
		return nil, nil, false
	}
	for _, it := range items {
		if hi(it) <= best {
			a = append(a, it)
		} else {
			b = append(b, it)
		}
	}
	return a, b, len(a) > 0 && len(b) > 0
}

// readRows orders items that no cut separates: top to bottom, and left to right within a row.
func readRows(items []*item) []*item {
	sorted := append([]*item(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].y0+sorted[i].y1 < sorted[j].y0+sorted[j].y1 })
	var out []*item
	for i := 0; i < len(sorted); {
		j := i + 1
		y0, y1 := sorted[i].y0, sorted[i].y1
		for j < len(sorted) && vOverlap(y0, y1, sorted[j].y0, sorted[j].y1) >= 0.5 {
			y0, y1 = math.Min(y0, sorted[j].y0), math.Max(y1, sorted[j].y1)
			j++
		}
		row := sorted[i:j]
		rtl := 0
		for _, it := range row {
			if it.line != nil && len(it.line.words) > 0 && wordIsRTL(it.line.words[0]) {
				rtl++
			}
		}
		if rtl*2 > len(row) {
			sort.SliceStable(row, func(a, b int) bool { return row[a].x1 > row[b].x1 })
		} else {
			sort.SliceStable(row, func(a, b int) bool { return row[a].x0 < row[b].x0 })
		}
		out = append(out, row...)
		i = j
	}
	return out
}
