// Package ingest turns the bytes of an uploaded file (PDF, Markdown, plain text, or a service
// catalog in CSV, JSON, YAML, Markdown or the data·inclusion format) into citable sections and
// services. It stores nothing.
//
// File is the entry point: it picks the reader from the content and the extension and holds the
// limits. Every guide reader turns its format into Blocks in reading order, and one sectioner
// makes sections of them, so that heading paths, stable ids, passages (see Passages), page
// breaks and line spans are made the same way whatever the format.
package ingest

import (
	"time"

	"github.com/socle-project/socle"
)

// Document is what a file holds, ready to become a version.
type Document struct {
	Title    string
	Format   string            // "pdf", "markdown", "text", "catalog"
	Metadata map[string]string // front matter, PDF info dictionary…
	Pages    int               // for paginated sources
	Sections []socle.Section   // IDs, ordinals, paths, text, passages and spans set; org/guide/version ids empty
	Services []socle.Service   // for catalogs
	Problems []Problem         // what was read with difficulty, worth showing to whoever uploaded it
}

// Problem is a non-fatal difficulty met while reading a file.
type Problem struct {
	Page    int // 0 when not paginated
	Line    int // 0 when not known
	Message string
}

// BlockKind says what a block of a document is.
type BlockKind int

const (
	BlockParagraph BlockKind = iota
	BlockHeading
	BlockTable // kept whole in one passage whatever its length
	BlockList
	BlockCode
)

// Block is a unit of a document in reading order, as a format reader produces it. The sectioner
// turns a stream of blocks into sections; every reader feeds it, so that ids, passages and spans
// are made the same way whatever the format.
type Block struct {
	Kind  BlockKind
	Level int // heading level, 1 for the outermost
	Text  string
	// Continues marks a paragraph that goes on from the previous block across a page break; the
	// sectioner joins it with a space rather than a paragraph break.
	Continues bool
	Page      int // page on which the block starts (1-based), 0 for unpaginated sources
	LineStart int // source lines (1-based), 0 when not known
	LineEnd   int
	// Chars ties Text's bytes to the PDF engine's characters (PDF only): see socle.CharRun.
	Chars []socle.CharRun
}

// Limits bound the resources spent on one file. Zero fields take DefaultLimits' values.
type Limits struct {
	MaxBytes    int64         // size of the file
	MaxPages    int           // pages of a PDF
	Timeout     time.Duration // wall time for one file
	MaxMemory   int64         // memory the PDF engine may use for one file
	MaxSections int           // sections of one document
	MaxServices int           // services of one catalog
}

// DefaultLimits suit a methodology guide or a national catalog on a small server.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:    64 << 20,
		MaxPages:    2000,
		Timeout:     2 * time.Minute,
		MaxMemory:   1 << 30,
		MaxSections: 50000,
		MaxServices: 100000,
	}
}

// withDefaults fills the zero fields of l from DefaultLimits.
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
	if l.MaxSections > 0 {
		d.MaxSections = l.MaxSections
	}
	if l.MaxServices > 0 {
		d.MaxServices = l.MaxServices
	}
	return d
}
