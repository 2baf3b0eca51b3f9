package ingest

import (
	"context"

	"github.com/socle-project/socle"
)

// readPDF reads a PDF into a document. Placeholder until the PDF engine lands.
func readPDF(ctx context.Context, name string, data []byte, l Limits) (*Document, error) {
	return nil, socle.Errorf(socle.EINVALID, "%s: PDF support is not built yet", name)
}
