package pdf

import (
	"math"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Running headers, footers and page numbers ("furniture") repeat the same words on every page
// and would otherwise cut paragraphs in two at each page break and pollute every search.
//
// A line is furniture when it lies in the top or bottom band of its page (edgeBand of the
// height, and among the outermost rows of text there) and either
//   - looks like a page number ("12", "- 12 -", "Page 3 sur 12", "3/12", "iv"), or
//   - repeats, digits aside, at about the same height (±repeatTolerance) on enough pages: every
//     page for documents of up to 5 pages with text, else a fifth of them and at least 3 (a
//     table header repeated on three pages of a long form is content, not furniture).

const (
	edgeBand        = 0.12 // share of the page height searched at the top and at the bottom
	edgeRows        = 3    // outermost rows of text considered in each band
	repeatTolerance = 6.0  // points
)

// pageNumber matches page numbers. Roman numerals count only in lower case (front matter):
// "VI" alone is more often a part number than a page number.
var pageNumber = regexp.MustCompile(`^(?:[-–—]\s*)?(?:(?i:page)\s*|(?i:p)\.\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|(?i:sur|of|de))\s*\d{1,4})?(?:\s*[-–—])?$`)

type furnitureCandidate struct {
	l   *line
	key string
	y   float64 // vertical centre
}

// findFurniture returns the furniture lines of the document's pages.
func findFurniture(pages [][]*line, heights []float64) map[*line]bool {
	out := map[*line]bool{}
	cands := make([][]furnitureCandidate, len(pages))
	textPages := 0
	for i, lines := range pages {
		if len(lines) == 0 {
			continue
		}
		textPages++
		h := heights[i]
		if h <= 0 {
			continue
		}
		rows := rowsOf(lines)
		for ri, row := range rows {
			if ri >= edgeRows && ri < len(rows)-edgeRows {
				continue
			}
			for _, li := range row {
				l := lines[li]
				if l.y1 > h*edgeBand && l.y0 < h*(1-edgeBand) {
					continue
				}
				t := strings.TrimSpace(l.text())
				if (ri == 0 || ri == len(rows)-1) && pageNumber.MatchString(t) {
					out[l] = true
					continue
				}
				cands[i] = append(cands[i], furnitureCandidate{l: l, key: furnitureKey(t), y: (l.y0 + l.y1) / 2})
			}
		}
	}
	need := max(3, (textPages+4)/5)
	if textPages <= 5 {
		need = max(2, textPages)
	}
	if textPages < need {
		return out
	}
	for i, cs := range cands {
		for _, c := range cs {
			if c.key == "" || out[c.l] {
				continue
			}
			pagesSeen := 1
			for j, other := range cands {
				if j == i {
					continue
				}
				for _, o := range other {
					if o.key == c.key && math.Abs(o.y-c.y) <= repeatTolerance {
						pagesSeen++
						break
					}
				}
			}
			if pagesSeen >= need {
				out[c.l] = true
			}
		}
	}
	return out
}

// furnitureKey is a line's text with digits masked, case and spacing folded, so that "Page 3"
// and "Page 4" or a date that changes still match.
func furnitureKey(s string) string {
	s = norm.NFKC.String(strings.ToLower(s))
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			b.WriteByte('#')
		case unicode.IsSpace(r):
			// dropped: spacing varies with justification
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
