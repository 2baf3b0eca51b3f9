package authoring

import (
	"context"
	"fmt"

	"github.com/socle-project/socle"
)

// SetState moves a version through review and keeps the indexes in step: a published version
// is swapped in, an archived one that was published is withdrawn.
func (s *Service) SetState(ctx context.Context, orgID, versionID string, state socle.VersionState) (socle.Version, error) {
	if !state.Valid() {
		return socle.Version{}, socle.Errorf(socle.EINVALID, "state %q is not valid: use draft, review, published or archived", state)
	}
	before, err := s.Store.Version(ctx, orgID, versionID)
	if err != nil {
		return socle.Version{}, err
	}
	v, err := s.Store.SetVersionState(ctx, orgID, versionID, state)
	if err != nil || s.Indexer == nil {
		return v, err
	}
	switch {
	case state == socle.StatePublished:
		err = s.Indexer.Publish(ctx, v)
	case before.State == socle.StatePublished:
		err = s.Indexer.Withdraw(ctx, v)
	}
	if err != nil {
		return v, fmt.Errorf("authoring: version %d is %s but the index was not updated (run `socle reindex`): %w", v.N, v.State, err)
	}
	return v, nil
}
