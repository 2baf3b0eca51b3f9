package web

import (
	"net/http"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// The API's JSON shapes. Domain types carry no JSON tags; these do, so that the API's contract
// is written down in one place and does not move when a domain type does.

type meJSON struct {
	User  string     `json:"user"`
	Email string     `json:"email"`
	Org   string     `json:"organization"`
	Role  socle.Role `json:"role"`
}

type guideJSON struct {
	Slug      string          `json:"slug"`
	Title     string          `json:"title"`
	Kind      socle.GuideKind `json:"kind"`
	Published int             `json:"published_version,omitempty"`
	Latest    int             `json:"latest_version,omitempty"`
	Versions  []versionJSON   `json:"versions,omitempty"`
}

type versionJSON struct {
	N           int                `json:"n"`
	State       socle.VersionState `json:"state"`
	Title       string             `json:"title"`
	Source      string             `json:"source"`
	SHA256      string             `json:"sha256"`
	Note        string             `json:"note,omitempty"`
	Author      string             `json:"author,omitempty"`
	Base        int                `json:"base,omitempty"`
	Problems    []problemJSON      `json:"problems,omitempty"`
	Sections    int                `json:"sections"`
	Services    int                `json:"services"`
	CreatedAt   time.Time          `json:"created_at"`
	PublishedAt *time.Time         `json:"published_at,omitempty"`
}

type sectionJSON struct {
	ID       string       `json:"id"`
	Path     []string     `json:"path"`
	Level    int          `json:"level"`
	Pages    []int        `json:"pages,omitempty"`
	Lines    []int        `json:"lines,omitempty"`
	Text     string       `json:"text,omitempty"`
	Passages []socle.Span `json:"passages,omitempty"`
}

func toVersionJSON(v socle.Version) versionJSON {
	j := versionJSON{N: v.N, State: v.State, Title: v.Title, Source: v.SourceName, SHA256: v.SourceSHA256,
		Note: v.Note, Author: v.Author, Base: v.BaseN, Sections: v.Sections, Services: v.Services, CreatedAt: v.CreatedAt}
	if len(v.Problems) > 0 {
		j.Problems = toProblemsJSON(v.Problems)
	}
	if !v.PublishedAt.IsZero() {
		j.PublishedAt = &v.PublishedAt
	}
	return j
}

func toSectionJSON(s socle.Section, withText bool) sectionJSON {
	j := sectionJSON{ID: s.ID, Path: s.Path, Level: s.Level}
	if s.PageStart > 0 {
		j.Pages = []int{s.PageStart, s.PageEnd}
	}
	if s.LineStart > 0 {
		j.Lines = []int{s.LineStart, s.LineEnd}
	}
	if withText {
		j.Text, j.Passages = s.Text, s.Passages
	}
	if j.Path == nil {
		j.Path = []string{}
	}
	return j
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	writeJSON(w, http.StatusOK, meJSON{User: p.User.Name, Email: p.User.Email, Org: p.Org.Slug, Role: p.Role})
	return nil
}

func (s *Server) apiGuides(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	guides, err := s.Authoring.Overview(r.Context(), p.Org.ID, seesDrafts(p))
	if err != nil {
		return err
	}
	out := make([]guideJSON, 0, len(guides))
	for _, g := range guides {
		j := guideJSON{Slug: g.Guide.Slug, Title: g.Guide.Title, Kind: g.Guide.Kind, Latest: g.Latest.N}
		if g.Published != nil {
			j.Published = g.Published.N
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"guides": out})
	return nil
}

func (s *Server) apiGuide(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, r.PathValue("slug"), 0, seesDrafts(p))
	if err != nil {
		return err
	}
	j := guideJSON{Slug: page.Guide.Slug, Title: page.Guide.Title, Kind: page.Guide.Kind, Versions: []versionJSON{}}
	for _, v := range page.Versions {
		j.Versions = append(j.Versions, toVersionJSON(v))
		j.Latest = v.N
	}
	if page.Published != nil {
		j.Published = page.Published.N
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) apiSections(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, r.PathValue("slug"), n, seesDrafts(p))
	if err != nil {
		return err
	}
	out := make([]sectionJSON, 0, len(page.Sections))
	for _, sec := range page.Sections {
		out = append(out, toSectionJSON(sec, false))
	}
	writeJSON(w, http.StatusOK, map[string]any{"version": toVersionJSON(*page.Version), "sections": out})
	return nil
}

func (s *Server) apiSection(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	page, err := s.Authoring.SectionPage(r.Context(), p.Org.ID, r.PathValue("slug"), n, r.PathValue("id"), seesDrafts(p))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toSectionJSON(page.Section, true))
	return nil
}
