// Package pdf reads the text of a PDF as citable blocks: headings, paragraphs and tables in
// reading order, each with the page it starts on, with running headers and footers removed,
// ligatures normalized and words broken at line ends joined again.
//
// The PDF engine is PDFium compiled to WebAssembly and run by wazero (through
// github.com/klippa-app/go-pdfium): pure Go, no cgo, and a hostile file can at worst exhaust the
// memory cap of one sandboxed instance or be stopped by its deadline. Everything after the
// characters and their boxes (lines, columns, headings, furniture) is done here in Go, and so
// is one thing before: content streams crowded with inline images, which carry no text, are
// rewritten without them so that PDFium does not spend half its time decoding them
// (inline.go).
//
// Each block keeps which of the engine's characters draw its text (charmap.go), so that a quote
// can later be shown where it is printed: RenderPage draws a page as PNG with the boxes of
// chosen characters highlighted, under the same kind of time and memory limits (page.go).
package pdf

import (
	"time"

	"github.com/socle-project/socle"
)

// Document is what a PDF holds, in reading order.
type Document struct {
	Title    string            // from the info dictionary, else the first top-level heading
	Metadata map[string]string // non-empty entries of the info dictionary (Author, Subject, Producer…)
	Pages    int
	Blocks   []Block
	Problems []Problem // pages read with difficulty; the document is still usable
	// Furniture lists the running headers, footers and page numbers that were removed, one
	// entry per removed line, so that a caller comparing against another extractor can
	// remove the same lines there.
	Furniture []string
}

// Kind says what a block is.
type Kind int

const (
	Paragraph Kind = iota
	Heading
	Table // rows separated by "\n", cells by "\t"
)

func (k Kind) String() string {
	switch k {
	case Heading:
		return "heading"
	case Table:
		return "table"
	default:
		return "paragraph"
	}
}

// Block is a heading, a paragraph or a table.
type Block struct {
	Kind  Kind
	Level int // heading level, 1 for the outermost; 0 for other kinds
	Text  string
	Page  int // page on which the block starts, from 1
	// Continues marks a paragraph that goes on from the previous block across a page break.
	Continues bool
	// Chars ties Text's bytes to the engine's characters of the pages, for the boxes of a
	// quote (charmap.go).
	Chars []socle.CharRun
}

// Problem is a non-fatal difficulty met on some pages.
type Problem struct {
	Page    int // first page concerned, from 1; 0 for the whole file
	Message string
}

// Limits bound what one file may cost. Zero fields take DefaultLimits' values.
type Limits struct {
	MaxBytes  int64         // size of the file
	MaxPages  int           // pages read
	Timeout   time.Duration // wall time for one file, waiting for a free engine excluded
	MaxMemory int64         // engine memory for one file (checked between pages; the hard cap is the Engine's)

	progress func(page, pages int) // set by ExtractWithProgress
}

// DefaultLimits suit a methodology guide on a small server.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 64 << 20, MaxPages: 2000, Timeout: 2 * time.Minute, MaxMemory: 1 << 30}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes > 0 {
		d.MaxBytes = l.MaxBytes
	}
	if l.MaxPages > 0 {
		d.MaxPages = l.MaxPages
	}
	if l.Timeout > 0 {
		d.Timeout = l.Timeout
	}
	if l.MaxMemory > 0 {
		d.MaxMemory = l.MaxMemory
	}
	d.progress = l.progress
	return d
}
