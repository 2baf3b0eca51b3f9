// Package authoring runs the life of an organization's guides: new versions from uploaded files
// (in background jobs) or the editor, review and publication with their rules, comparison of
// versions, the impact of a change on saved plans, the glossary and the service catalogs. It
// reads files through package ingest and keeps everything in the authoring store.
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
	socle.ReviewStore
	socle.JobStore
	PlansCiting(ctx context.Context, orgID, guideID string, sectionIDs []string) ([]socle.CitingPlan, error)
	LearningPaths(ctx context.Context, orgID string) ([]socle.LearningPath, error)
	PassageRules(ctx context.Context, orgID string) ([]socle.PassageRule, error)
}

// Indexer keeps derived indexes in step with publication. Publishing a version calls Publish
// after the store has recorded it; Withdraw is called when a published version is archived
// without a successor. Draft, if set, indexes a version in draft or review so that it can be
// searched on its own before publication.
type Indexer interface {
	Publish(ctx context.Context, v socle.Version) error
	Withdraw(ctx context.Context, v socle.Version) error
}

// DraftIndexer is an Indexer that can also index a version before its publication, reporting
// the passages indexed of the passages in all.
type DraftIndexer interface {
	IndexDraft(ctx context.Context, v socle.Version, progress func(done, total int)) error
}

// Service is the authoring service. Its zero Indexer means no derived index to update.
type Service struct {
	Store   Store
	Indexer Indexer
	Limits  ingest.Limits // limits on each uploaded file; zero fields take ingest's defaults
	PDF     *pdf.Engine   // the PDF engine; nil means ingest's process-wide one
	// Pages keeps drawn pages of versions' PDFs on disk; nil draws each page again.
	Pages *PageCache
}
