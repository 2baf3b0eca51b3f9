package ingest

import (
	"context"
	"strings"

	"github.com/yuin/goldmark/text"
)

// readMarkdownCatalog reads services written in Markdown, in one of two shapes:
//
//   - one service per heading: the heading is the name, "Clé : valeur" lines under it (as
//     paragraphs or list items) fill the fields, other text is the description. A heading
//     without such lines is a service only if it has text and no subheadings; otherwise it is a
//     rubric, kept in Extra["rubrique"] of the services below it.
//   - one service per top-level list item, when no heading has "Clé : valeur" lines: the item's
//     first line is the name (or a "Nom : …" line), a "Name — description" first line is split,
//     and the item's further lines and sub-items fill the fields. The headings above the list
//     give Extra["rubrique"].
//
// Keys are the column names a CSV catalog accepts (nom, public, conditions, territoire, contact,
// lien, thématiques, âge…).
func readMarkdownCatalog(ctx context.Context, src []byte, l Limits) (*Document, error) {
	body, fm := splitFrontMatter(src)
	meta := map[string]string{}
	var problems []Problem
	if fm != nil {
		m, err := frontMatter(fm)
		if err != nil {
			problems = append(problems, Problem{Line: 1, Message: err.Error()})
		}
		meta = m
	}
	root := markdownParser().Parser().Parse(text.NewReader(body))
	r := mdReader{src: body, lines: lineStarts(body), ctx: ctx, softBreaks: true}
	blocks, err := r.blocks(root, false)
	if err != nil {
		return nil, err
	}
	blocks, title := markdownTitle(blocks, meta["title"])
	c := newCatalog(l)
	c.problems = problems
	// One service per heading when a heading's text holds field lines: a paragraph line, or a
	// list whose items are all field lines; otherwise one service per list item.
	byHeading := false
	heading := false
	for _, b := range blocks {
		switch b.Kind {
		case BlockHeading:
			heading = true
		case BlockList:
			byHeading = byHeading || (heading && c.fieldList(b.Text))
		default:
			for _, line := range strings.Split(b.Text, "\n") {
				if k, _, ok := c.keyValue(line); ok && c.keys[keyFold(k)].field != cfName {
					byHeading = byHeading || heading
				}
			}
		}
	}
	if byHeading {
		err = c.servicesByHeading(blocks)
	} else {
		err = c.servicesByItem(blocks)
	}
	if err != nil {
		return nil, err
	}
	doc := c.document(title)
	doc.Metadata = meta
	return doc, nil
}

// fieldList reports whether every top-level item of a rendered list is a field line other than
// the name ("- Public : familles").
func (c *catalog) fieldList(list string) bool {
	items := 0
	for _, line := range strings.Split(list, "\n") {
		if line == "" || line[0] == ' ' {
			continue
		}
		items++
		k, _, ok := c.keyValue(line)
		if !ok || c.keys[keyFold(k)].field == cfName {
			return false
		}
	}
	return items > 0
}

// keyValue splits a "Clé : valeur" line whose key is a known catalog field. List markers and a
// French space before the colon are allowed.
func (c *catalog) keyValue(line string) (key, val string, ok bool) {
	t := strings.TrimSpace(stripListMarker(strings.TrimSpace(line)))
	i := strings.IndexByte(t, ':')
	if i <= 0 || i > 60 {
		return "", "", false
	}
	key = strings.TrimSpace(strings.TrimRight(t[:i], " \u00a0\u202f"))
	if _, known := c.keys[keyFold(key)]; !known {
		return "", "", false
	}
	return key, strings.TrimSpace(t[i+1:]), true
}

func stripListMarker(t string) string {
	if startsListItem(t) {
		_, rest, _ := strings.Cut(t, " ")
		return rest
	}
	return t
}

// mdEntry is a service being read from Markdown.
type mdEntry struct {
	line   int
	name   string
	rec    []kv
	desc   []string
	rubric string
}

func (c *catalog) finishEntry(e *mdEntry) error {
	if e == nil {
		return nil
	}
	rec := e.rec
	hasName := false
	for _, x := range rec {
		if c.keys[keyFold(x.key)].field == cfName {
			hasName = true
		}
	}
	if !hasName && e.name != "" {
		rec = append(rec, kv{key: "nom", val: e.name})
	}
	if len(e.desc) > 0 {
		rec = append(rec, kv{key: "description", val: strings.Join(e.desc, "\n")})
	}
	if e.rubric != "" {
		rec = append(rec, kv{key: "rubrique", val: e.rubric})
		// The nearest rubric is a theme when it names a data·inclusion one ("Alimentation").
		parts := strings.Split(e.rubric, " > ")
		if code, ok := c.themes[fold(parts[len(parts)-1])]; ok {
			rec = append(rec, kv{key: "thematiques", val: code})
		}
	}
	if len(rec) == 0 {
		return nil
	}
	return c.add(e.line, rec)
}

// servicesByHeading reads one service per heading (see readMarkdownCatalog).
func (c *catalog) servicesByHeading(blocks []Block) error {
	type node struct {
		b        Block
		body     []Block
		hasChild bool
		path     []string
	}
	var nodes []*node
	var stack []*node
	for _, b := range blocks {
		if b.Kind == BlockHeading {
			for len(stack) > 0 && stack[len(stack)-1].b.Level >= b.Level {
				stack = stack[:len(stack)-1]
			}
			n := &node{b: b}
			for _, s := range stack {
				n.path = append(n.path, s.b.Text)
			}
			if len(stack) > 0 {
				stack[len(stack)-1].hasChild = true
			}
			stack = append(stack, n)
			nodes = append(nodes, n)
			continue
		}
		if len(stack) > 0 {
			n := stack[len(stack)-1]
			n.body = append(n.body, b)
		}
	}
	for _, n := range nodes {
		e := &mdEntry{line: n.b.LineStart, name: n.b.Text, rubric: strings.Join(n.path, " > ")}
		kvs := 0
		for _, b := range n.body {
			for _, line := range strings.Split(b.Text, "\n") {
				if k, v, ok := c.keyValue(line); ok {
					e.rec = append(e.rec, kv{key: k, val: v})
					kvs++
				} else if t := strings.TrimSpace(line); t != "" {
					e.desc = append(e.desc, t)
				}
			}
		}
		if kvs == 0 && (len(e.desc) == 0 || n.hasChild) {
			continue // a rubric
		}
		if err := c.finishEntry(e); err != nil {
			return err
		}
	}
	return nil
}

// servicesByItem reads one service per top-level list item (see readMarkdownCatalog).
func (c *catalog) servicesByItem(blocks []Block) error {
	var path []string
	var levels []int
	for _, b := range blocks {
		switch b.Kind {
		case BlockHeading:
			for len(levels) > 0 && levels[len(levels)-1] >= b.Level {
				levels, path = levels[:len(levels)-1], path[:len(path)-1]
			}
			levels, path = append(levels, b.Level), append(path, b.Text)
		case BlockList:
			var e *mdEntry
			for i, line := range strings.Split(b.Text, "\n") {
				top := line != "" && line[0] != ' '
				if top {
					if err := c.finishEntry(e); err != nil {
						return err
					}
					e = &mdEntry{line: b.LineStart + i, rubric: strings.Join(path, " > ")}
				}
				if e == nil {
					continue
				}
				if k, v, ok := c.keyValue(line); ok {
					e.rec = append(e.rec, kv{key: k, val: v})
					continue
				}
				t := strings.TrimSpace(stripListMarker(strings.TrimSpace(line)))
				if t == "" {
					continue
				}
				if top && e.name == "" {
					name, desc := splitNameLine(t)
					e.name = name
					if desc != "" {
						e.desc = append(e.desc, desc)
					}
					continue
				}
				e.desc = append(e.desc, t)
			}
			if err := c.finishEntry(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// splitNameLine splits "Épicerie solidaire — aide alimentaire" into a name and a description.
func splitNameLine(t string) (string, string) {
	for _, sep := range []string{" — ", " – ", " - ", " : ", ": "} {
		if name, desc, ok := strings.Cut(t, sep); ok && strings.TrimSpace(name) != "" {
			return strings.TrimSpace(name), strings.TrimSpace(desc)
		}
	}
	return t, ""
}
