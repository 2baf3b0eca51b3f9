package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/insights"
)

// seesDrafts reports whether the caller may see the doctrine being written: drafts, versions
// in review. Caseworkers and trainers read what is or was published only.
func seesDrafts(p access.Principal) bool { return p.Can(access.EditDoctrine) }

// home lists the organization's guides, catalogs and references.
func (s *Server) home(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	guides, err := s.Authoring.Overview(r.Context(), p.Org.ID, false)
	if err != nil {
		return err
	}
	groups := []guideGroup{
		{Title: "home.guides", kind: socle.KindMethodology},
		{Title: "home.catalogs", kind: socle.KindCatalog},
		{Title: "home.references", kind: socle.KindReference},
	}
	for i := range groups {
		for _, g := range guides {
			if g.Guide.Kind == groups[i].kind {
				groups[i].Guides = append(groups[i].Guides, g)
			}
		}
	}
	if len(groups[2].Guides) == 0 {
		groups = groups[:2] // references are optional; the other two always show
	}
	return s.render(w, r, http.StatusOK, "home", p.Org.Name, &p, groups)
}

// guideGroup is one list of the home page.
type guideGroup struct {
	Title  string // message key
	Guides []authoring.GuideSummary
	kind   socle.GuideKind
}

// guidePage shows a guide's versions and the contents of one of them.
func (s *Server) guidePage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.FormValue("v"), true)
	if err != nil {
		return err
	}
	page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, r.PathValue("slug"), n, seesDrafts(p))
	if err != nil {
		return err
	}
	if page.Guide.Kind == socle.KindCatalog {
		return s.catalogPage(w, r, p, n)
	}
	return s.render(w, r, http.StatusOK, "guide", page.Guide.Title, &p, guideView{GuidePage: page, CanEdit: p.Can(access.EditDoctrine)})
}

// guideView is a guide's page: the version shown, its contents, its versions, and for leads
// the way to their review and the editor.
type guideView struct {
	authoring.GuidePage
	CanEdit bool
}

// sectionView is a section's text cut into paragraphs, with the cited span marked.
type sectionView struct {
	authoring.SectionPage
	Paragraphs [][]textPart
	Marked     bool
	// QuoteCurrent says, for a marked span of an old version, whether the published version's
	// section still holds the same words.
	QuoteCurrent bool
	// Cited is the original page the quote is printed on, for a version read from a PDF.
	Cited *citedPages
}

type textPart struct {
	Text string
	Mark bool
}

// sectionPage shows one section of one version; ?start=&end= marks a cited span.
func (s *Server) sectionPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	page, err := s.Authoring.SectionPage(r.Context(), p.Org.ID, r.PathValue("slug"), n, r.PathValue("id"), seesDrafts(p))
	if err != nil {
		return err
	}
	if page.Version.State == socle.StatePublished || !page.Version.PublishedAt.IsZero() {
		s.Usage.Record(insights.OpenEvent(p.Org.ID, p.User.ID, page.Guide.ID, page.Version.N, page.Section.ID))
	}
	span, marked := markedSpan(r, len(page.Section.Text))
	v := sectionView{SectionPage: page, Paragraphs: paragraphs(page.Section.Text, span, marked), Marked: marked}
	if marked && page.Current != nil {
		v.QuoteCurrent = strings.Contains(page.Current.Text, page.Section.Text[span.Start:span.End])
	}
	if v.Cited, err = s.citedPageView(r, p, page, span, marked); err != nil {
		// The extracted text is still the passage: show it without the printed page.
		s.Log.Warn("cited page unavailable", "version", page.Version.ID, "err", err)
		v.Cited = nil
	}
	return s.render(w, r, http.StatusOK, "section", page.Section.Heading(), &p, v)
}

func versionNumber(s string, optional bool) (int, error) {
	if s == "" && optional {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, socle.Errorf(socle.EINVALID, "version %q is not a version number (1, 2, 3…)", s)
	}
	return n, nil
}

// markedSpan reads ?start=&end= as a span of the section's text; out-of-range spans mark nothing.
func markedSpan(r *http.Request, size int) (socle.Span, bool) {
	start, err1 := strconv.Atoi(r.FormValue("start"))
	end, err2 := strconv.Atoi(r.FormValue("end"))
	if err1 != nil || err2 != nil || start < 0 || end > size || start >= end {
		return socle.Span{}, false
	}
	return socle.Span{Start: start, End: end}, true
}

// paragraphs cuts text at blank lines and marks the part of each paragraph inside span.
func paragraphs(text string, span socle.Span, marked bool) [][]textPart {
	var out [][]textPart
	offset := 0
	for _, para := range strings.SplitAfter(text, "\n\n") {
		start, end := offset, offset+len(para)
		offset = end
		body := strings.TrimRight(para, "\n")
		end = start + len(body)
		if body == "" {
			continue
		}
		if !marked || span.End <= start || span.Start >= end {
			out = append(out, []textPart{{Text: body}})
			continue
		}
		a, b := max(span.Start, start)-start, min(span.End, end)-start
		var parts []textPart
		if a > 0 {
			parts = append(parts, textPart{Text: body[:a]})
		}
		parts = append(parts, textPart{Text: body[a:b], Mark: true})
		if b < len(body) {
			parts = append(parts, textPart{Text: body[b:]})
		}
		out = append(out, parts)
	}
	return out
}
