package authoring

import (
	"context"

	"github.com/socle-project/socle"
)

// GuideSummary is a guide with its published and latest versions.
type GuideSummary struct {
	Guide     socle.Guide
	Published *socle.Version
	Latest    socle.Version
	HasLatest bool
}

// Overview lists the organization's guides with their versions of note.
func (s *Service) Overview(ctx context.Context, orgID string) ([]GuideSummary, error) {
	guides, err := s.Store.Guides(ctx, orgID, socle.GuideFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]GuideSummary, 0, len(guides))
	for _, g := range guides {
		vs, err := s.Store.Versions(ctx, orgID, g.ID)
		if err != nil {
			return nil, err
		}
		sum := GuideSummary{Guide: g}
		if len(vs) > 0 {
			sum.Latest, sum.HasLatest = vs[len(vs)-1], true
		}
		sum.Published = published(vs)
		out = append(out, sum)
	}
	return out, nil
}

func published(vs []socle.Version) *socle.Version {
	for i := range vs {
		if vs[i].State == socle.StatePublished {
			return &vs[i]
		}
	}
	return nil
}

// GuidePage is a guide with one of its versions open: its sections, or its services for a
// catalog.
type GuidePage struct {
	Guide     socle.Guide
	Versions  []socle.Version
	Version   *socle.Version // the version shown; nil when the guide has none
	Published *socle.Version
	Sections  []socle.Section
	Services  []socle.Service
}

// GuidePage returns the guide with version n open, or, when n is 0, the published version,
// else the latest.
func (s *Service) GuidePage(ctx context.Context, orgID, slug string, n int) (GuidePage, error) {
	g, err := s.Store.GuideBySlug(ctx, orgID, slug)
	if err != nil {
		return GuidePage{}, err
	}
	vs, err := s.Store.Versions(ctx, orgID, g.ID)
	if err != nil {
		return GuidePage{}, err
	}
	page := GuidePage{Guide: g, Versions: vs, Published: published(vs)}
	switch {
	case n > 0:
		if n > len(vs) || vs[n-1].N != n {
			return page, socle.Errorf(socle.ENOTFOUND, "guide %q has no version %d", slug, n)
		}
		page.Version = &vs[n-1]
	case page.Published != nil:
		page.Version = page.Published
	case len(vs) > 0:
		page.Version = &vs[len(vs)-1]
	default:
		return page, nil
	}
	if page.Version.Sections > 0 {
		if page.Sections, err = s.Store.Sections(ctx, orgID, page.Version.ID); err != nil {
			return page, err
		}
	}
	if page.Version.Services > 0 {
		page.Services, err = s.Store.Services(ctx, orgID, page.Version.ID)
	}
	return page, err
}

// SectionPage is one section of one version, with what a reader needs to judge it: the guide,
// the version, and the published version when it is another.
type SectionPage struct {
	Guide     socle.Guide
	Version   socle.Version
	Section   socle.Section
	Published *socle.Version
	// Current is the section of the same id in the published version, when that version is
	// another and still has it: a reader of an old citation sees whether the passage changed.
	Current *socle.Section
}

// SectionPage returns section id of version n of the guide.
func (s *Service) SectionPage(ctx context.Context, orgID, slug string, n int, id string) (SectionPage, error) {
	g, err := s.Store.GuideBySlug(ctx, orgID, slug)
	if err != nil {
		return SectionPage{}, err
	}
	vs, err := s.Store.Versions(ctx, orgID, g.ID)
	if err != nil {
		return SectionPage{}, err
	}
	if n < 1 || n > len(vs) {
		return SectionPage{}, socle.Errorf(socle.ENOTFOUND, "guide %q has no version %d", slug, n)
	}
	sec, err := s.Store.Section(ctx, orgID, vs[n-1].ID, id)
	if err != nil {
		return SectionPage{}, err
	}
	page := SectionPage{Guide: g, Version: vs[n-1], Section: sec, Published: published(vs)}
	if page.Published != nil && page.Published.ID != sec.VersionID {
		cur, err := s.Store.Section(ctx, orgID, page.Published.ID, id)
		switch {
		case err == nil:
			page.Current = &cur
		case !socle.IsKind(err, socle.ENOTFOUND):
			return page, err
		}
	}
	return page, nil
}
