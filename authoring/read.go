package authoring

import (
	"context"
	"slices"

	"github.com/socle-project/socle"
)

// Readers of the doctrine (caseworkers, trainers) see the versions that are or were published:
// the published one, and the archived ones that a plan made last year may cite. Drafts,
// versions in review and versions archived without ever being published are the leads' work in
// progress. Each read below takes drafts: whether the caller may see that work.

// Visible reports whether a reader who may not see drafts may see version v.
func Visible(v socle.Version) bool {
	return v.State == socle.StatePublished || !v.PublishedAt.IsZero()
}

// visible keeps the versions the caller may see.
func visible(vs []socle.Version, drafts bool) []socle.Version {
	if drafts {
		return vs
	}
	out := vs[:0:0]
	for _, v := range vs {
		if Visible(v) {
			out = append(out, v)
		}
	}
	return out
}

// GuideSummary is a guide with its published and latest versions.
type GuideSummary struct {
	Guide     socle.Guide
	Published *socle.Version
	Latest    socle.Version
	HasLatest bool
	// InReview counts the versions in review, for the leads' list.
	InReview int
}

// Overview lists the organization's guides with their versions of note. A caller who may not
// see drafts does not see a guide that was never published.
func (s *Service) Overview(ctx context.Context, orgID string, drafts bool) ([]GuideSummary, error) {
	guides, err := s.Store.Guides(ctx, orgID, socle.GuideFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]GuideSummary, 0, len(guides))
	for _, g := range guides {
		all, err := s.Store.Versions(ctx, orgID, g.ID)
		if err != nil {
			return nil, err
		}
		vs := visible(all, drafts)
		if len(vs) == 0 && !drafts {
			continue
		}
		sum := GuideSummary{Guide: g}
		if len(vs) > 0 {
			sum.Latest, sum.HasLatest = vs[len(vs)-1], true
		}
		sum.Published = published(vs)
		for _, v := range vs {
			if v.State == socle.StateReview {
				sum.InReview++
			}
		}
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

// byNumber returns version n of a guide's versions, or ENOTFOUND.
func byNumber(g socle.Guide, vs []socle.Version, n int) (*socle.Version, error) {
	for i := range vs {
		if vs[i].N == n {
			return &vs[i], nil
		}
	}
	return nil, socle.Errorf(socle.ENOTFOUND, "guide %q has no version %d", g.Slug, n)
}

// guideVersions returns a guide and the versions the caller may see.
func (s *Service) guideVersions(ctx context.Context, orgID, slug string, drafts bool) (socle.Guide, []socle.Version, error) {
	g, err := s.Store.GuideBySlug(ctx, orgID, slug)
	if err != nil {
		return g, nil, err
	}
	vs, err := s.Store.Versions(ctx, orgID, g.ID)
	if err != nil {
		return g, nil, err
	}
	vs = visible(vs, drafts)
	if len(vs) == 0 && !drafts {
		// A guide never published does not exist for its readers yet.
		return g, nil, socle.Errorf(socle.ENOTFOUND, "guide %q not found", slug)
	}
	return g, vs, nil
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
func (s *Service) GuidePage(ctx context.Context, orgID, slug string, n int, drafts bool) (GuidePage, error) {
	g, vs, err := s.guideVersions(ctx, orgID, slug, drafts)
	if err != nil {
		return GuidePage{}, err
	}
	page := GuidePage{Guide: g, Versions: vs, Published: published(vs)}
	switch {
	case n > 0:
		if page.Version, err = byNumber(g, vs, n); err != nil {
			return page, err
		}
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
	// Notices are the changes published since this version to this section, oldest first.
	Notices []socle.ChangeNotice
}

// SectionPage returns section id of version n of the guide.
func (s *Service) SectionPage(ctx context.Context, orgID, slug string, n int, id string, drafts bool) (SectionPage, error) {
	g, vs, err := s.guideVersions(ctx, orgID, slug, drafts)
	if err != nil {
		return SectionPage{}, err
	}
	v, err := byNumber(g, vs, n)
	if err != nil {
		return SectionPage{}, err
	}
	sec, err := s.Store.Section(ctx, orgID, v.ID, id)
	if err != nil {
		return SectionPage{}, err
	}
	page := SectionPage{Guide: g, Version: *v, Section: sec, Published: published(vs)}
	if page.Published != nil && page.Published.ID != sec.VersionID {
		cur, err := s.Store.Section(ctx, orgID, page.Published.ID, id)
		switch {
		case err == nil:
			page.Current = &cur
		case !socle.IsKind(err, socle.ENOTFOUND):
			return page, err
		}
	}
	page.Notices, err = s.Store.ChangeNotices(ctx, orgID, socle.NoticeFilter{GuideID: g.ID, SectionIDs: []string{id}, AfterN: n})
	return page, err
}

// GuideVersions is a guide with all its versions, newest first, for the leads' workspace.
type GuideVersions struct {
	Guide     socle.Guide
	Versions  []socle.Version
	Published *socle.Version
}

// Workspace lists every guide with every version, newest first: the leads' view of the
// doctrine being written.
func (s *Service) Workspace(ctx context.Context, orgID string) ([]GuideVersions, error) {
	guides, err := s.Store.Guides(ctx, orgID, socle.GuideFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]GuideVersions, 0, len(guides))
	for _, g := range guides {
		vs, err := s.Store.Versions(ctx, orgID, g.ID)
		if err != nil {
			return nil, err
		}
		slices.Reverse(vs)
		out = append(out, GuideVersions{Guide: g, Versions: vs, Published: published(vs)})
	}
	return out, nil
}

// Source returns the bytes version n of a guide was made from, and the version.
func (s *Service) Source(ctx context.Context, orgID, slug string, n int, drafts bool) (socle.Version, []byte, error) {
	g, vs, err := s.guideVersions(ctx, orgID, slug, drafts)
	if err != nil {
		return socle.Version{}, nil, err
	}
	v, err := byNumber(g, vs, n)
	if err != nil {
		return socle.Version{}, nil, err
	}
	data, err := s.Store.VersionSource(ctx, orgID, v.ID)
	return *v, data, err
}
