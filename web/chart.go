package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"time"
)

// Charts are drawn here as SVG, in the page: no script, no library. They are readable without
// colour: every bar carries its number, and the two measures of a bar differ by their fill
// pattern (hatched, solid), named in the legend.

// bar is one line of a horizontal bar chart: a total and the part of it that matters.
type bar struct {
	Label string
	Total int // drawn hatched
	Part  int // drawn solid over the total
}

// barChart draws horizontal bars, the part over the total, with their numbers.
func barChart(title, totalName, partName string, bars []bar) template.HTML {
	const rowH, labelW, barW, pad = 26, 260, 360, 8
	maxV := 1
	for _, b := range bars {
		maxV = max(maxV, b.Total, b.Part)
	}
	h := len(bars)*rowH + 2*pad + 28
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" aria-label="%s" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg">`, esc(title), labelW+barW+90, h)
	sb.WriteString(`<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#5a6272" stroke-width="2"/></pattern></defs>`)
	fmt.Fprintf(&sb, `<title>%s</title>`, esc(title))
	for i, b := range bars {
		y := pad + i*rowH
		wt := barW * b.Total / maxV
		wp := barW * b.Part / maxV
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" class="label">%s</text>`, labelW-8, y+16, esc(clip(b.Label, 38)))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="18" fill="url(#hatch)" stroke="#5a6272"/>`, labelW, y+3, max(wt, 1))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="18" fill="#1d2330"/>`, labelW, y+3, wp)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" class="value">%d / %d</text>`, labelW+max(wt, wp)+6, y+16, b.Part, b.Total)
	}
	ly := pad + len(bars)*rowH + 10
	fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="14" height="14" fill="#1d2330"/><text x="%d" y="%d" class="legend">%s</text>`, labelW, ly, labelW+20, ly+12, esc(partName))
	fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="14" height="14" fill="url(#hatch)" stroke="#5a6272"/><text x="%d" y="%d" class="legend">%s</text>`, labelW+200, ly, labelW+220, ly+12, esc(totalName))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// trendChart draws one series as columns over time, each with its number, the first and last
// dates under the axis.
func trendChart(title string, starts []time.Time, values []int) template.HTML {
	const w, h, pad, bottom = 300, 90, 4, 18
	maxV := 1
	for _, v := range values {
		maxV = max(maxV, v)
	}
	n := max(len(values), 1)
	colW := (w - 2*pad) / n
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="trend" role="img" aria-label="%s" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`, esc(title), w, h+bottom, esc(title))
	fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#5a6272"/>`, pad, h, w-pad, h)
	for i, v := range values {
		bh := (h - 16) * v / maxV
		x := pad + i*colW
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="#1d2330"><title>%s : %d</title></rect>`, x+1, h-bh, max(colW-2, 1), bh, starts[i].Format("02/01"), v)
		if v > 0 && colW >= 12 {
			fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle" class="value">%d</text>`, x+colW/2, h-bh-3, v)
		}
	}
	if len(starts) > 0 {
		fmt.Fprintf(&sb, `<text x="%d" y="%d" class="axis">%s</text>`, pad, h+14, starts[0].Format("02/01"))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" class="axis">%s</text>`, w-pad, h+14, starts[len(starts)-1].Format("02/01"))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func esc(s string) string { return html.EscapeString(s) }

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
