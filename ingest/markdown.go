package ingest

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.yaml.in/yaml/v3"
)

// readMarkdown reads a Markdown guide (CommonMark with GFM tables, strikethrough and task lists)
// through goldmark's AST.
//
// YAML front matter becomes Metadata. The title is the front matter's "title", else the first
// level-1 heading, else the first heading. When a document has a single level-1 heading and it
// comes before every other heading, that heading is the document's title rather than a section
// heading (as pandoc does): it is left out of the paths, so that sections read "Orientation >
// Critères" rather than repeating the guide's name, and renaming the guide does not change
// every section id. Text right under it is then the level-0 section.
func readMarkdown(ctx context.Context, src []byte, l Limits) (*Document, error) {
	doc := &Document{Format: "markdown", Metadata: map[string]string{}}
	body, fm := splitFrontMatter(src)
	if fm != nil {
		meta, err := frontMatter(fm)
		if err != nil {
			doc.Problems = append(doc.Problems, Problem{Line: 1, Message: err.Error()})
		}
		doc.Metadata = meta
	}
	root := markdownParser().Parser().Parse(text.NewReader(body))
	r := mdReader{src: body, lines: lineStarts(body), ctx: ctx}
	blocks, err := r.blocks(root, false)
	if err != nil {
		return nil, err
	}
	blocks, doc.Title = markdownTitle(blocks, doc.Metadata["title"])
	secs, err := sectionize(blocks, l)
	if err != nil {
		return nil, err
	}
	doc.Sections = secs
	return doc, nil
}

func markdownParser() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
}

// markdownTitle picks the title and takes a lone leading level-1 heading out of the heading tree
// (see readMarkdown).
func markdownTitle(blocks []Block, metaTitle string) ([]Block, string) {
	first, h1s, firstH1 := -1, 0, -1
	for i, b := range blocks {
		if b.Kind != BlockHeading || strings.TrimSpace(b.Text) == "" {
			continue
		}
		if first < 0 {
			first = i
		}
		if b.Level == 1 {
			h1s++
			if firstH1 < 0 {
				firstH1 = i
			}
		}
	}
	title := strings.TrimSpace(metaTitle)
	if title == "" && firstH1 >= 0 {
		title = strings.TrimSpace(blocks[firstH1].Text)
	}
	if title == "" && first >= 0 {
		title = strings.TrimSpace(blocks[first].Text)
	}
	if h1s == 1 && firstH1 == first {
		blocks = append(blocks[:first:first], blocks[first+1:]...)
	}
	return blocks, strings.Join(strings.Fields(title), " ")
}

// splitFrontMatter finds YAML front matter ("---" on the first line, closed by "---" or "...")
// and returns the source with the front matter blanked out (its line breaks kept, so that line
// numbers still match the file) and the front matter itself.
func splitFrontMatter(src []byte) (body, fm []byte) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return src, nil
	}
	rest := src[4:]
	off := 4
	for len(rest) > 0 {
		nl := bytes.IndexByte(rest, '\n')
		line := rest
		if nl >= 0 {
			line = rest[:nl]
		}
		t := bytes.TrimRight(line, " \t")
		if bytes.Equal(t, []byte("---")) || bytes.Equal(t, []byte("...")) {
			end := off + len(line)
			if nl >= 0 {
				end++
			}
			body = make([]byte, len(src))
			copy(body, src)
			for i := 0; i < end; i++ {
				if body[i] != '\n' {
					body[i] = ' '
				}
			}
			return body, src[4:off]
		}
		if nl < 0 {
			break
		}
		rest = rest[nl+1:]
		off += nl + 1
	}
	return src, nil // no closing line: an opening thematic break, not front matter
}

// maxFrontMatter bounds the YAML read as front matter; a guide's metadata is a few lines.
const maxFrontMatter = 64 << 10

// frontMatter flattens YAML front matter into strings: lists are joined with ", ", nested maps
// give dotted keys. On a YAML error it returns what it could and an error that says how to fix it.
func frontMatter(fm []byte) (map[string]string, error) {
	meta := map[string]string{}
	if len(fm) > maxFrontMatter {
		return meta, fmt.Errorf("the front matter is over %d KB and was ignored: keep it to a few lines of metadata", maxFrontMatter>>10)
	}
	var v any
	if err := yaml.Unmarshal(fm, &v); err != nil {
		return meta, fmt.Errorf("the front matter is not valid YAML and was ignored (%v): check the lines between the two \"---\"", err)
	}
	m, ok := plainYAML(v).(map[string]any)
	if !ok {
		if v == nil {
			return meta, nil
		}
		return meta, fmt.Errorf("the front matter is not a list of \"key: value\" lines and was ignored")
	}
	flatten(meta, "", m)
	return meta, nil
}

func flatten(out map[string]string, prefix string, m map[string]any) {
	for k, v := range m {
		key := prefix + k
		switch x := v.(type) {
		case map[string]any:
			flatten(out, key+".", x)
		case nil:
		default:
			if s := scalarString(v); s != "" {
				out[key] = s
			}
		}
	}
}

// scalarString renders a YAML or JSON value as text: scalars as written, lists joined with ", ".
func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(x)
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if s := scalarString(e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(x))
		for _, k := range keys {
			if s := scalarString(x[k]); s != "" {
				parts = append(parts, k+": "+s)
			}
		}
		return strings.Join(parts, ", ")
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return strings.TrimSpace(fmt.Sprint(x))
	}
}

// lineStarts returns the byte offset at which each line of src starts.
func lineStarts(src []byte) []int {
	starts := make([]int, 1, bytes.Count(src, []byte("\n"))+1)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns the 1-based line holding byte offset off.
func lineOf(starts []int, off int) int {
	return sort.SearchInts(starts, off+1)
}

// mdReader turns goldmark's AST into blocks.
type mdReader struct {
	src   []byte
	lines []int
	ctx   context.Context
	n     int // blocks made, to check the context now and then
	// softBreaks keeps a paragraph's line breaks, where a catalog reads one field a line.
	softBreaks bool
}

// blocks returns the blocks of the children of n. Inside a blockquote, headings are read as
// paragraphs: a quote does not open a section.
func (r *mdReader) blocks(n ast.Node, quoted bool) ([]Block, error) {
	var out []Block
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.n++
		if r.n%256 == 0 {
			if err := r.ctx.Err(); err != nil {
				return nil, err
			}
		}
		b := Block{Kind: BlockParagraph}
		switch x := c.(type) {
		case *ast.Heading:
			b.Kind, b.Level, b.Text = BlockHeading, x.Level, r.inline(x)
			if quoted {
				b.Kind, b.Level = BlockParagraph, 0
			}
		case *ast.Paragraph, *ast.TextBlock:
			b.Text = r.inline(x)
		case *ast.List:
			b.Kind, b.Text = BlockList, strings.Join(r.listLines(x, 0), "\n")
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			b.Kind, b.Text = BlockCode, strings.TrimRight(r.rawLines(x), "\n")
		case *ast.HTMLBlock:
			b.Text = stripTags(r.rawLines(x))
		case *east.Table:
			b.Kind, b.Text = BlockTable, r.table(x)
		case *ast.Blockquote:
			inner, err := r.blocks(x, true)
			if err != nil {
				return nil, err
			}
			out = append(out, inner...)
			continue
		case *ast.ThematicBreak, *ast.LinkReferenceDefinition:
			continue
		default:
			b.Text = r.inline(x)
		}
		b.LineStart, b.LineEnd = r.lineSpan(c)
		out = append(out, b)
	}
	return out, nil
}

// lineSpan returns the first and last source lines of a node, from the segments of its
// descendants.
func (r *mdReader) lineSpan(n ast.Node) (int, int) {
	lo, hi := -1, -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var segs []text.Segment
		if c.Type() == ast.TypeBlock {
			if ls := c.Lines(); ls != nil && ls.Len() > 0 {
				segs = []text.Segment{ls.At(0), ls.At(ls.Len() - 1)}
			}
		} else if t, ok := c.(*ast.Text); ok {
			segs = []text.Segment{t.Segment}
		}
		for _, s := range segs {
			if lo < 0 || s.Start < lo {
				lo = s.Start
			}
			stop := s.Stop - 1
			if stop < s.Start {
				stop = s.Start
			}
			if stop > hi {
				hi = stop
			}
		}
		return ast.WalkContinue, nil
	})
	if lo < 0 {
		return 0, 0
	}
	return lineOf(r.lines, lo), lineOf(r.lines, hi)
}

// inline renders the inline content of n as plain text: emphasis and links give their text,
// images and raw HTML are dropped, soft line breaks become spaces, hard ones line breaks.
func (r *mdReader) inline(n ast.Node) string {
	var b strings.Builder
	r.writeInline(&b, n)
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func (r *mdReader) writeInline(b *strings.Builder, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch x := c.(type) {
		case *ast.Text:
			v := x.Segment.Value(r.src)
			if !x.IsRaw() {
				v = util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
			}
			b.Write(v)
			switch {
			case x.HardLineBreak():
				b.WriteByte('\n')
			case x.SoftLineBreak() && r.softBreaks:
				b.WriteByte('\n')
			case x.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(x.Value)
		case *ast.CodeSpan:
			for t := x.FirstChild(); t != nil; t = t.NextSibling() {
				switch s := t.(type) {
				case *ast.Text:
					b.Write(s.Segment.Value(r.src))
				case *ast.String:
					b.Write(s.Value)
				}
			}
		case *ast.AutoLink:
			b.Write(x.Label(r.src))
		case *ast.Image, *ast.RawHTML:
		case *east.TaskCheckBox:
			if x.IsChecked {
				b.WriteString("[x] ")
			} else {
				b.WriteString("[ ] ")
			}
		default:
			r.writeInline(b, c)
		}
	}
}

// listLines renders a list as one line per item, "- " or "1. " first, nested lists indented by
// two spaces a level; an item's further paragraphs go on their own indented lines.
func (r *mdReader) listLines(l *ast.List, depth int) []string {
	var out []string
	indent := strings.Repeat("  ", depth)
	num := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "- "
		if l.IsOrdered() {
			marker = strconv.Itoa(num) + string(l.Marker) + " "
			num++
		}
		first := true
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			var lines []string
			switch x := c.(type) {
			case *ast.List:
				out = append(out, r.listLines(x, depth+1)...)
				continue
			case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
				lines = strings.Split(strings.TrimRight(r.rawLines(x), "\n"), "\n")
			case *east.Table:
				lines = strings.Split(r.table(x), "\n")
			default:
				lines = strings.Split(r.inline(x), "\n")
			}
			for _, line := range lines {
				if first {
					out = append(out, indent+marker+line)
					first = false
				} else if strings.TrimSpace(line) != "" {
					out = append(out, indent+"  "+line)
				}
			}
		}
		if first {
			out = append(out, indent+strings.TrimSpace(marker))
		}
	}
	return out
}

// rawLines returns the source lines of a code or HTML block.
func (r *mdReader) rawLines(n ast.Node) string {
	var b strings.Builder
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		s := ls.At(i)
		b.Write(s.Value(r.src))
	}
	return b.String()
}

// table renders a GFM table as Markdown rows, header and separator first, so that it reads as a
// table wherever it is shown as text.
func (r *mdReader) table(t *east.Table) string {
	var rows []string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			c := strings.ReplaceAll(r.inline(cell), "\n", " ")
			cells = append(cells, strings.ReplaceAll(c, "|", `\|`))
		}
		rows = append(rows, "| "+strings.Join(cells, " | ")+" |")
		if _, ok := row.(*east.TableHeader); ok {
			sep := make([]string, len(cells))
			for i := range sep {
				sep[i] = "---"
			}
			rows = append(rows, "| "+strings.Join(sep, " | ")+" |")
		}
	}
	return strings.Join(rows, "\n")
}

// stripTags removes HTML tags and comments and resolves entities, keeping the text between.
func stripTags(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				i = len(s)
			} else {
				i += 4 + end + 3
			}
		case s[i] == '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				b.WriteString(s[i:])
				i = len(s)
			} else {
				b.WriteByte(' ')
				i += end + 1
			}
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	out := string(util.ResolveNumericReferences(util.ResolveEntityNames([]byte(b.String()))))
	lines := strings.Split(out, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}
