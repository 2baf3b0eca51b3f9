package ingest

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/socle-project/socle"
)

// sectionize turns blocks in reading order into sections. Every reader (Markdown, text, PDF)
// ends here, so that paths, ids, passages, page breaks and line spans are made one way.
//
// A section is a heading and the text under it down to the next heading of any level; text
// before the first heading is a level-0 section with an empty path. The path follows nesting,
// not heading numbers: a level-3 heading right under a level-1 one is one step deeper. A heading
// with no text of its own (before its first subheading, or at the end) does not make a section,
// since there is nothing in it to cite; it lives on in the paths of the sections below it.
//
// Paragraphs are joined with a blank line; a block marked Continues (a paragraph running on
// across a page break) is joined with a single space. PageBreaks records where each new page
// starts in the section's text. Tables stay whole in one passage.
//
// It fails with ETOOLARGE when the sections outnumber l.MaxSections.
func sectionize(blocks []Block, l Limits) ([]socle.Section, error) {
	l = l.withDefaults()
	var (
		out   []socle.Section
		stack []openHeading
		cur   *draft
	)
	flush := func() error {
		if cur == nil {
			return nil
		}
		s, ok := cur.section()
		cur = nil
		if !ok {
			return nil
		}
		if len(out) >= l.MaxSections {
			return socle.Errorf(socle.ETOOLARGE, "more than %d sections: split the document or raise the section limit", l.MaxSections)
		}
		out = append(out, s)
		return nil
	}
	for _, b := range blocks {
		if b.Kind == BlockHeading {
			h := collapseSpaces(strings.NewReplacer("\n", " ", "\r", " ").Replace(b.Text))
			if h == "" {
				continue
			}
			if err := flush(); err != nil {
				return nil, err
			}
			for len(stack) > 0 && stack[len(stack)-1].level >= b.Level {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, openHeading{level: b.Level, text: h})
			path := make([]string, len(stack))
			for i, o := range stack {
				path[i] = o.text
			}
			cur = &draft{path: path, pageStart: b.Page, page: b.Page, lineStart: b.LineStart, lineEnd: b.LineEnd}
			continue
		}
		lead := len(b.Text) - len(strings.TrimLeftFunc(b.Text, unicode.IsSpace))
		text := strings.TrimSpace(b.Text)
		if text == "" {
			continue
		}
		if cur == nil {
			cur = &draft{pageStart: b.Page, page: b.Page, lineStart: b.LineStart}
		}
		cur.add(b, text, lead)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	assignIDs(out)
	return out, nil
}

type openHeading struct {
	level int
	text  string
}

// draft is a section being filled.
type draft struct {
	path      []string
	text      strings.Builder
	pageStart int
	page      int // page of the last block added
	breaks    []int
	lineStart int
	lineEnd   int
	tables    []socle.Span
	chars     []socle.CharRun
}

// add appends a block's text, trimmed of lead bytes at its start.
func (d *draft) add(b Block, text string, lead int) {
	sep := "\n\n"
	if b.Continues {
		sep = " "
	}
	if d.text.Len() == 0 {
		sep = ""
	}
	start := d.text.Len() + len(sep)
	if b.Page > 0 {
		if d.pageStart == 0 {
			d.pageStart, d.page = b.Page, b.Page
		}
		// One break per page begun, even for pages with nothing on them, so that PageAt counts
		// pages right across an empty one.
		for p := d.page + 1; p <= b.Page; p++ {
			d.breaks = append(d.breaks, start)
		}
		if b.Page > d.page {
			d.page = b.Page
		}
	}
	d.text.WriteString(sep)
	d.text.WriteString(text)
	for _, r := range b.Chars {
		r.Start, r.End = r.Start-lead+start, r.End-lead+start
		if r.Start >= start && r.End <= d.text.Len() {
			d.chars = append(d.chars, r)
		}
	}
	if b.Kind == BlockTable {
		d.tables = append(d.tables, socle.Span{Start: start, End: d.text.Len()})
	}
	if d.lineStart == 0 {
		d.lineStart = b.LineStart
	}
	if b.LineEnd > d.lineEnd {
		d.lineEnd = b.LineEnd
	}
}

func (d *draft) section() (socle.Section, bool) {
	if d.text.Len() == 0 {
		return socle.Section{}, false
	}
	s := socle.Section{
		Path:      d.path,
		Level:     len(d.path),
		Text:      d.text.String(),
		PageStart: d.pageStart,
		PageEnd:   d.page,
		LineStart: d.lineStart,
		LineEnd:   d.lineEnd,
	}
	if s.Path == nil {
		s.Path = []string{}
	}
	if s.PageStart > 0 {
		s.PageBreaks = d.breaks
		s.Chars = d.chars
	}
	if s.LineEnd < s.LineStart {
		s.LineEnd = s.LineStart
	}
	s.Passages = splitPassages(s.Text, d.tables)
	return s, true
}

// preambleSlug names the text before any heading in ids.
const preambleSlug = "preambule"

// assignIDs gives each section an id made of a readable slug of its own heading and a short
// hash of its folded heading path, without outline numbers. A path met again gets its rank
// among identical paths in the hash. So an id depends only on the headings above the section
// and on how many earlier sections share its whole path: editing a section's text, or inserting
// a section under a different path, leaves every other id as it was. Ordinals are set too.
func assignIDs(secs []socle.Section) {
	seen := make(map[string]int, len(secs))
	used := make(map[string]bool, len(secs))
	folded := map[string]string{} // headings recur in the paths of their subsections
	for i := range secs {
		s := &secs[i]
		s.Ordinal = i
		parts := make([]string, len(s.Path))
		for j, h := range s.Path {
			f, ok := folded[h]
			if !ok {
				f = fold(stripNumbering(h))
				folded[h] = f
			}
			parts[j] = f
		}
		key := strings.Join(parts, "\x1f")
		n := seen[key]
		seen[key] = n + 1
		if n > 0 {
			key += "\x1e" + strconv.Itoa(n)
		}
		name := preambleSlug
		if len(s.Path) > 0 {
			name = slug(stripNumbering(s.Heading()))
		}
		if name == "" {
			name = "section"
		}
		id := name + "-" + shortHash(key)
		// Two different keys with the same slug and the same 40-bit hash: keep ids unique all
		// the same.
		for k := 2; used[id]; k++ {
			id = name + "-" + shortHash(key) + "-" + strconv.Itoa(k)
		}
		used[id] = true
		s.ID = id
	}
}
