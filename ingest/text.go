package ingest

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readText reads plain text whose headings carry no markup. It was designed on the
// service-public.fr fiches, which look like this:
//
//	Apa à domicile                    ← a run of short lines, each followed by a blank line,
//	                                    at the top of the file: a breadcrumb, nested
//	Demande                             (situation > section > case)
//
//	À Paris                           ← the last one runs straight into the text
//	En ligne                          ← a short line followed by prose: a heading under the run
//	Permet de réaliser une demande d'allocation personnalisée d'autonomie (Apa) à Paris.
//	Pièces à fournir avec le dossier de demande :
//	Photocopie de votre dernier avis d'imposition   ← after a colon: a list item, not a heading
//	…
//
// The rules:
//   - Units are lines, or, when the text is hard-wrapped (every line under 100 characters and
//     lines often running on into a lowercase word), paragraphs separated by blank lines.
//   - The leading run: from the first line, title-like units (short, starting with a letter or
//     a digit, not ending in . ; :) nest one under the other while each is followed by a blank
//     line; the first one followed directly by text closes the run. An indented line
//     (" Procédure ", as the fiches set their inner headings) closes it too, and is read by the
//     next rule.
//   - After the run, a heading is a short unit (at most 100 characters and 15 words) that
//     starts with a capital, does not end in . , ; :, is not a list item (not after a line
//     ending in a colon, until a line ends a sentence), and is followed by prose: a unit that
//     starts with a capital or a digit and ends a sentence. It sits one level under the run.
//     A candidate after a sentence, followed by a blank line and an indented heading, holds
//     that heading: it sits one level
//     under the run and the plain headings after it one level deeper (the fiches nest cases
//     this way: "Vous n'êtes pas autorisé à entrer en France" > " Information ", " Recours ").
//     An outline number ("2.1 Conditions") puts a heading at the level of its count of numbers
//     under the run; a line underlined with === or --- is a heading of level 1 or 2 under it.
//   - A breadcrumb may come again in the middle of the text (the fiches' cases joined into one
//     file each open on their own): two or more such lines, each followed by a blank line but
//     the last, which runs into prose, after a blank line, none a list item (breadcrumbRun).
//     It starts its case again under the document's title, and a heading it repeats from the
//     breadcrumb goes back to that heading's level (climb): "Accédant à la propriété ›
//     Démarche › Cas général" then "Location › Démarche › Cas général" are two cases, not the
//     second nested in the first.
//
// It errs on the side of fewer headings: a missed heading leaves its text in the section above,
// still citable, while a false one would cut a list in two under a wrong breadcrumb.
func readText(ctx context.Context, src []byte, l Limits) (*Document, error) {
	units := textUnits(string(src))
	blocks, title, err := textBlocks(ctx, units)
	if err != nil {
		return nil, err
	}
	secs, err := sectionize(blocks, l)
	if err != nil {
		return nil, err
	}
	return &Document{Format: "text", Title: title, Metadata: map[string]string{}, Sections: secs}, nil
}

// textUnit is a line, or a paragraph of a hard-wrapped text.
type textUnit struct {
	text        string // spaces collapsed
	indented    bool   // the first line starts with whitespace
	blankBefore bool
	blankAfter  bool
	single      bool // one source line
	underline   int  // 1 for ===, 2 for --- on the next line, else 0
	lineStart   int
	lineEnd     int
}

// textUnits cuts src into units, choosing between lines and paragraphs (see readText).
func textUnits(src string) []textUnit {
	lines := strings.Split(src, "\n")
	wrapped, width := isHardWrapped(lines)
	var units []textUnit
	blank := true
	for i := 0; i < len(lines); i++ {
		raw := lines[i]
		t := collapseSpaces(raw)
		if t == "" {
			blank = true
			if n := len(units); n > 0 {
				units[n-1].blankAfter = true
			}
			continue
		}
		u := textUnit{text: t, indented: raw != "" && isSpaceByte(raw[0]), blankBefore: blank, single: true, lineStart: i + 1, lineEnd: i + 1}
		if i+1 < len(lines) {
			if lv := underlineLevel(lines[i+1]); lv > 0 && utf8.RuneCountInString(t) <= 100 {
				u.underline = lv
				u.lineEnd = i + 2
				i++
				u.blankAfter = true
				units = append(units, u)
				blank = true
				continue
			}
		}
		if wrapped {
			var b strings.Builder
			b.WriteString(t)
			for i+1 < len(lines) {
				next := collapseSpaces(lines[i+1])
				if next == "" || underlineLevel(lines[i+1]) > 0 {
					break
				}
				// A short line that could be a heading, then a capital: do not run the heading
				// into the paragraph it introduces.
				if u.single && headingCandidate(t) && utf8.RuneCountInString(t)*5 < width*3 {
					if r, _ := utf8.DecodeRuneInString(next); unicode.IsUpper(r) {
						break
					}
				}
				if startsListItem(next) {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
				b.WriteString(next)
				i++
				u.single = false
				u.lineEnd = i + 1
			}
			u.text = b.String()
		}
		blank = false
		units = append(units, u)
	}
	if n := len(units); n > 0 {
		units[n-1].blankAfter = true
	}
	return units
}

// isHardWrapped tells whether a text was wrapped at a fixed width, so that its paragraphs span
// several lines: all lines under 100 characters, and lines often running on into a lowercase
// word on the next line. It also returns the longest line's length in characters.
func isHardWrapped(lines []string) (bool, int) {
	nonblank, runOn, width := 0, 0, 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		n := utf8.RuneCountInString(t)
		if n > 100 {
			return false, n
		}
		width = max(width, n)
		nonblank++
		if i+1 < len(lines) {
			next := strings.TrimSpace(lines[i+1])
			r, _ := utf8.DecodeRuneInString(next)
			last, _ := utf8.DecodeLastRuneInString(t)
			if next != "" && unicode.IsLower(r) && !strings.ContainsRune(":;,", last) {
				runOn++
			}
		}
	}
	return runOn >= 2 && runOn*5 >= nonblank, width
}

// textBlocks applies the heading rules to units (see readText) and returns blocks and a title.
func textBlocks(ctx context.Context, units []textUnit) ([]Block, string, error) {
	var blocks []Block
	title := ""
	run := 0
	i := 0
	// The leading run. crumbs holds the breadcrumb's headings, one a level.
	var crumbs []string
	for ; i < len(units); i++ {
		u := units[i]
		if u.underline > 0 || !u.single || u.indented || !titleLike(u.text) {
			break
		}
		crumbs = climb(crumbs, u.text, len(crumbs))
		run = len(crumbs)
		blocks = append(blocks, Block{Kind: BlockHeading, Level: run, Text: u.text, LineStart: u.lineStart, LineEnd: u.lineEnd})
		if title == "" {
			title = u.text
		}
		if !u.blankAfter {
			i++
			break
		}
	}
	inList := false
	ends := crumbEnds(units)
	depth := 1 // level under the run of plain headings: 2 once a heading has held others
	var para *Block
	closePara := func() {
		if para != nil {
			blocks = append(blocks, *para)
			para = nil
		}
	}
	for ; i < len(units); i++ {
		if i%512 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, "", err
			}
		}
		u := units[i]
		prev, next := "", ""
		if i > 0 {
			prev = units[i-1].text
		}
		if i+1 < len(units) {
			next = units[i+1].text
		}
		if k := breadcrumbRun(units, ends, i); k > 0 {
			// A breadcrumb in the middle of the text: a new page or case of the document
			// (fiches joined into one file repeat their path at each case). It replaces the
			// path under the heading it repeats, or under the document's title.
			closePara()
			for j := 0; j < k; j++ {
				v := units[i+j]
				keep := len(crumbs)
				if j == 0 {
					keep = min(keep, 1)
				}
				crumbs = climb(crumbs, v.text, keep)
				blocks = append(blocks, Block{Kind: BlockHeading, Level: len(crumbs), Text: v.text, LineStart: v.lineStart, LineEnd: v.lineEnd})
			}
			run, depth, inList = len(crumbs), 1, false
			i += k - 1
			continue
		}
		level := 0
		candidate := u.single && !inList && headingCandidate(u.text)
		switch {
		case u.underline > 0:
			level = run + u.underline
		case candidate && outlineDepth(u.text) > 0 && isProse(next):
			level = run + outlineDepth(u.text)
		case candidate && isProse(next) && !(strings.HasSuffix(next, "?") && headingCandidate(next)):
			// A short question after it is a heading itself (or a link's text), not its prose.
			level = run + depth
		case candidate && !u.blankBefore && u.blankAfter && endsSentence(prev) && i+2 < len(units) &&
			units[i+1].single && units[i+1].indented && headingCandidate(next) && isProse(units[i+2].text):
			// A heading right after a sentence and right above another heading, set apart by a
			// blank line, the second indented as the fiches set their inner headings: the first
			// one holds the ones that follow.
			level, depth = run+1, 2
		}
		if level > 0 {
			closePara()
			blocks = append(blocks, Block{Kind: BlockHeading, Level: level, Text: u.text, LineStart: u.lineStart, LineEnd: u.lineEnd})
			if title == "" {
				title = u.text
			}
			inList = false
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(u.text)
		switch last {
		case ':':
			inList = true
		case '.', '!', '?', '…':
			inList = false
		}
		// A paragraph is the units that follow one another without a blank line; in a
		// hard-wrapped text each unit is already one.
		if para != nil && !u.blankBefore && u.single {
			para.Text += "\n" + u.text
			para.LineEnd = u.lineEnd
			continue
		}
		closePara()
		para = &Block{Kind: BlockParagraph, Text: u.text, LineStart: u.lineStart, LineEnd: u.lineEnd}
	}
	closePara()
	return blocks, title, nil
}

// climb adds heading h to a breadcrumb. A heading the breadcrumb already holds goes back to its
// level ("Volontaire majeur › Indemnisation › En ligne", then "Volontaire majeur ›
// Indemnisation › Par téléphone": the second case is the first one's sibling, not its child);
// another one goes under the first keep headings.
// The heading just above is not matched: a fiche's name often repeats its dossier's
// ("Restructuration de service › Restructuration de service").
func climb(crumbs []string, h string, keep int) []string {
	for j, c := range crumbs {
		if c == h && j < len(crumbs)-1 {
			return crumbs[:j+1]
		}
	}
	return append(crumbs[:keep], h)
}

// breadcrumbRun returns the number of units, from i, of a breadcrumb after the leading run, or
// 0: like the leading run, at least two short title-like lines each followed by a blank line
// but the last, which runs straight into prose (or into a heading and its prose). The text
// before it ends a paragraph; none of its lines is a list item, so that a list whose items are
// set apart by blank lines is not read as one. ends holds crumbEnds(units), read once for the
// text so that finding a breadcrumb stays linear: a long list of short lines set apart by blank
// lines would otherwise be scanned again from each of its lines.
func breadcrumbRun(units []textUnit, crumbEnds []int, i int) int {
	if i == 0 || !units[i].blankBefore {
		return 0
	}
	end := crumbEnds[i]
	if k := end - i; k >= 2 && end < len(units) && (isProse(units[end].text) || headingCandidate(units[end].text) && end+1 < len(units) && isProse(units[end+1].text)) {
		return k
	}
	return 0
}

// crumbEnds returns, for each unit, the index after the last of the breadcrumb lines that start
// there (each a short title-like line followed by a blank line, but the last), or -1.
func crumbEnds(units []textUnit) []int {
	ends := make([]int, len(units))
	for i := len(units) - 1; i >= 0; i-- {
		u := units[i]
		switch {
		case !u.single || u.indented || u.underline > 0 || !headingCandidate(u.text) || startsListItem(u.text):
			ends[i] = -1
		case !u.blankAfter:
			ends[i] = i + 1
		case i+1 < len(units):
			ends[i] = ends[i+1]
		default:
			ends[i] = -1
		}
	}
	return ends
}

// titleLike is a unit of the leading run: at most 200 characters, holding a word, starting with
// a letter or a digit, and not ending like a sentence or a list's lead-in.
func titleLike(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > 200 || !hasWord(t) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	return !strings.ContainsRune(".;:", last)
}

// headingCandidate is a unit that may be a heading after the run, if prose follows it.
func headingCandidate(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > 100 || len(strings.Fields(t)) > 15 || !hasWord(t) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(r) && !(unicode.IsDigit(r) && outlineDepth(t) > 0) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".,;:", last) {
		return false
	}
	return !startsListItem(t) || outlineDepth(t) > 0
}

// isProse is a unit that reads as running text: it starts with a capital, a digit or an
// opening quote and ends a sentence (or holds a sentence end followed by another sentence).
func isProse(t string) bool {
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '«' && r != '"' {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".:?!…", last) {
		return true
	}
	for _, end := range []string{". ", "! ", "? "} {
		if i := strings.Index(t, end); i > 0 && i+2 < len(t) {
			n, _ := utf8.DecodeRuneInString(t[i+2:])
			if unicode.IsUpper(n) {
				return true
			}
		}
	}
	return false
}

// outlineDepth returns how many numbers an outline-numbered heading starts with ("2." is 1,
// "2.1" is 2, "2.1.3 " is 3), or 0.
func outlineDepth(t string) int {
	depth, i := 0, 0
	for {
		j := i
		for j < len(t) && t[j] >= '0' && t[j] <= '9' {
			j++
		}
		if j == i || j-i > 3 {
			break
		}
		depth++
		i = j
		if i < len(t) && t[i] == '.' {
			i++
			continue
		}
		break
	}
	if depth == 0 || i >= len(t) || (t[i] != ' ' && t[i-1] != '.') {
		return 0
	}
	if depth == 1 && t[i-1] != '.' {
		return 0 // "3 mois pour agir": a number, not an outline
	}
	return depth
}

// startsListItem recognizes a list marker: "- ", "* ", "• ", "1. ", "1) ", "a) ".
func startsListItem(t string) bool {
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "• ") || strings.HasPrefix(t, "– ") {
		return true
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 && len(t) > 1 && t[0] >= 'a' && t[0] <= 'z' && t[1] == ')' {
		i = 1
	}
	return i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' '
}

// underlineLevel recognizes a setext underline: a line of at least three = (1) or - (2).
func underlineLevel(l string) int {
	t := strings.TrimSpace(l)
	if len(t) < 3 {
		return 0
	}
	switch {
	case strings.Trim(t, "=") == "":
		return 1
	case strings.Trim(t, "-") == "":
		return 2
	}
	return 0
}

// endsSentence reports whether t ends with a period, a question or exclamation mark or an
// ellipsis.
func endsSentence(t string) bool {
	last, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?…", last)
}

func hasWord(t string) bool {
	letters := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
			if letters == 2 {
				return true
			}
		} else {
			letters = 0
		}
	}
	return false
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' }

// collapseSpaces trims a line and turns each run of spaces and tabs inside it into one space.
// No-break spaces are kept: French puts them before ":" and "?" on purpose.
func collapseSpaces(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") && !strings.ContainsRune(s, '\t') {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
	return b.String()
}
