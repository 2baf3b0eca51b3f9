package authoring

import (
	"context"
	"sort"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/ingest/pdf"
)

// PageQuery asks for one page of a version's original PDF, with a quote highlighted.
type PageQuery struct {
	Slug string
	N    int // version
	Page int // from 1
	// SectionID and Span name the quote to highlight, as a citation carries them; an empty
	// SectionID highlights nothing.
	SectionID string
	Span      socle.Span
	Scale     float64 // pixels per point; 0 means pdf.DefaultScale
	Drafts    bool    // the caller may see versions never published
	// Acquire, when set, is called before a page is drawn (not for one from the cache) and
	// the function it returns once drawn: the server's cap on expensive work.
	Acquire func(context.Context) (release func(), err error)
}

// PageImage is a page drawn as PNG.
type PageImage struct {
	PNG         []byte
	Page, Pages int
	Highlighted bool // some of the quote is on this page
	Cached      bool
}

// pdfType is the media type of versions read from a PDF.
const pdfType = "application/pdf"

// Page draws a page of the PDF a version was read from, with the boxes of the quote's
// characters, found through the runs its section kept at ingest, filled and outlined. Pages
// are kept in s.Pages when set. It is EINVALID for a version not read from a PDF or a span
// outside the section, ENOTFOUND for a page the file does not have.
func (s *Service) Page(ctx context.Context, orgID string, q PageQuery) (PageImage, error) {
	g, vs, err := s.guideVersions(ctx, orgID, q.Slug, q.Drafts)
	if err != nil {
		return PageImage{}, err
	}
	v, err := byNumber(g, vs, q.N)
	if err != nil {
		return PageImage{}, err
	}
	if v.SourceType != pdfType {
		return PageImage{}, socle.Errorf(socle.EINVALID, "version %d of %s was not read from a PDF: it has no pages to show; open its sections instead", v.N, g.Slug)
	}
	if q.Page < 1 {
		return PageImage{}, socle.Errorf(socle.EINVALID, "page %d: pages are numbered from 1", q.Page)
	}
	if q.Scale == 0 {
		q.Scale = pdf.DefaultScale
	}
	var ranges [][2]int
	if q.SectionID != "" {
		sec, err := s.Store.Section(ctx, orgID, v.ID, q.SectionID)
		if err != nil {
			return PageImage{}, err
		}
		if q.Span.Start < 0 || q.Span.End > len(sec.Text) || q.Span.Start >= q.Span.End {
			return PageImage{}, socle.Errorf(socle.EINVALID, "characters %d–%d are not a span of section %s (%d bytes): give start < end within the section, as the citation carries them", q.Span.Start, q.Span.End, sec.ID, len(sec.Text))
		}
		for _, c := range sec.CharsOf(q.Span.Start, q.Span.End) {
			if c.Page == q.Page {
				ranges = append(ranges, [2]int{c.From, c.To})
			}
		}
	}
	out := PageImage{Page: q.Page, Highlighted: len(ranges) > 0}
	key := pageKey(orgID, v.ID, q.Page, q.Scale, ranges)
	if s.Pages != nil {
		if data, ok := s.Pages.get(key); ok {
			out.PNG, out.Cached = data, true
			out.Pages, _ = s.pageCount(ctx, orgID, v.ID, nil)
			return out, nil
		}
	}
	if q.Acquire != nil {
		release, err := q.Acquire(ctx)
		if err != nil {
			return PageImage{}, err
		}
		defer release()
	}
	data, err := s.Store.VersionSource(ctx, orgID, v.ID)
	if err != nil {
		return PageImage{}, err
	}
	page, err := s.pdfEngine().RenderPage(ctx, data, pdf.PageRequest{Page: q.Page, Scale: q.Scale, Chars: ranges}, pdf.PageLimits())
	if err != nil {
		return PageImage{}, err
	}
	if s.Pages != nil {
		s.Pages.counts.Store(orgID+"/"+v.ID, page.Pages)
		s.Pages.put(key, page.PNG)
	}
	out.PNG, out.Pages = page.PNG, page.Pages
	return out, nil
}

// PageCount returns how many pages the PDF a version was read from has; 0 for a version not
// read from a PDF.
func (s *Service) PageCount(ctx context.Context, orgID string, v socle.Version) (int, error) {
	if v.SourceType != pdfType {
		return 0, nil
	}
	return s.pageCount(ctx, orgID, v.ID, nil)
}

// pageCount counts a version's pages, once when there is a page cache.
func (s *Service) pageCount(ctx context.Context, orgID, versionID string, data []byte) (int, error) {
	key := orgID + "/" + versionID
	if s.Pages != nil {
		if n, ok := s.Pages.counts.Load(key); ok {
			return n.(int), nil
		}
	}
	if data == nil {
		var err error
		if data, err = s.Store.VersionSource(ctx, orgID, versionID); err != nil {
			return 0, err
		}
	}
	n, err := s.pdfEngine().PageCount(ctx, data, pdf.PageLimits())
	if err != nil {
		return 0, err
	}
	if s.Pages != nil {
		s.Pages.counts.Store(key, n)
	}
	return n, nil
}

func (s *Service) pdfEngine() *pdf.Engine {
	if s.PDF != nil {
		return s.PDF
	}
	return ingest.DefaultPDF()
}

// QuotePages returns the pages, in order, on which a span of a section is printed: from the
// section's character runs, or from its page breaks for a section read before runs were kept.
func QuotePages(sec socle.Section, sp socle.Span) []int {
	if sec.PageStart == 0 || sp.Start >= sp.End {
		return nil
	}
	seen := map[int]bool{}
	var out []int
	for _, c := range sec.CharsOf(sp.Start, sp.End) {
		if !seen[c.Page] {
			seen[c.Page] = true
			out = append(out, c.Page)
		}
	}
	if len(out) == 0 {
		for p := sec.PageAt(sp.Start); p <= sec.PageAt(sp.End-1); p++ {
			out = append(out, p)
		}
	}
	sort.Ints(out)
	return out
}
