package ingest

import (
	"context"
	"sync"

	"github.com/socle-project/socle/ingest/pdf"
)

// defaultPDFEngine is the engine of callers that pass none (tests, one-off tools). It is package
// state on purpose: an engine compiles PDFium (about 3 s) before its first file and keeps a pool
// of instances sized to the cores, so there must be one per process, not one per call, and it
// keeps the compiled PDFium in the user's cache as the CLI does. The server and the CLI pass
// their own (Options.PDF).
var defaultPDFEngine = sync.OnceValue(func() *pdf.Engine {
	return pdf.NewEngine(pdf.Options{CacheDir: pdf.UserCacheDir()})
})

// readPDF reads a PDF with package pdf (PDFium in WebAssembly for the characters, our layout
// for lines, columns, headings, tables, running headers and footers) and makes sections of its
// blocks with the shared sectioner.
func readPDF(ctx context.Context, engine *pdf.Engine, name string, data []byte, l Limits, progress func(done, total int)) (*Document, error) {
	l = l.withDefaults()
	if engine == nil {
		engine = defaultPDFEngine()
	}
	d, err := engine.ExtractWithProgress(ctx, data, pdf.Limits{
		MaxBytes:  l.MaxBytes,
		MaxPages:  l.MaxPages,
		Timeout:   l.Timeout,
		MaxMemory: l.MaxMemory,
	}, progress)
	if err != nil {
		return nil, err
	}
	blocks := make([]Block, 0, len(d.Blocks))
	for _, b := range d.Blocks {
		blocks = append(blocks, Block{
			Kind:      pdfBlockKind(b.Kind),
			Level:     b.Level,
			Text:      b.Text,
			Page:      b.Page,
			Continues: b.Continues,
			Chars:     b.Chars,
		})
	}
	sections, err := sectionize(blocks, l)
	if err != nil {
		return nil, err
	}
	doc := &Document{
		Format:   fmtPDF,
		Title:    d.Title,
		Metadata: d.Metadata,
		Pages:    d.Pages,
		Sections: sections,
	}
	for _, p := range d.Problems {
		doc.Problems = append(doc.Problems, Problem{Page: p.Page, Message: p.Message})
	}
	return doc, nil
}

func pdfBlockKind(k pdf.Kind) BlockKind {
	switch k {
	case pdf.Heading:
		return BlockHeading
	case pdf.Table:
		return BlockTable
	}
	return BlockParagraph
}

// DefaultPDF returns the process-wide PDF engine of callers that pass none.
func DefaultPDF() *pdf.Engine { return defaultPDFEngine() }
