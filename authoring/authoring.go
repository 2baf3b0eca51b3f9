// Package authoring runs the life of an organization's guides: new versions from uploaded files
// or the editor, review and publication, the glossary and the service catalogs. It reads files
// through package ingest and keeps everything in the authoring store.
package authoring

import (
	"context"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/ingest/pdf"
)

// Store is what authoring needs of the authoring store.
type Store interface {
	socle.OrgStore
	socle.GuideStore
	socle.ServiceStore
	socle.GlossaryStore
}

// Indexer keeps derived indexes in step with publication. Publishing a version calls Publish
// after the store has recorded it; Withdraw is called when a published version is archived
// without a successor.
type Indexer interface {
	Publish(ctx context.Context, v socle.Version) error
	Withdraw(ctx context.Context, v socle.Version) error
}

// Service is the authoring service. Its zero Indexer means no derived index to update.
type Service struct {
	Store   Store
	Indexer Indexer
	Limits  ingest.Limits // limits on each uploaded file; zero fields take ingest's defaults
	PDF     *pdf.Engine   // the PDF engine; nil means ingest's process-wide one
}
