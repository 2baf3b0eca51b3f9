package authoring

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/ingest"
	"golang.org/x/text/unicode/norm"
)

// The editor writes guides in the browser. A Markdown or plain-text guide is edited whole, as
// its source: saving reads the text as an upload would, so a section whose heading path did
// not change keeps its id. A guide read from a PDF has no source to edit; the editor changes
// one section's text at a time, and the new version is the version it was written from with
// that section replaced. Either way, saving makes a draft.

// Edit is a guide's text written in the editor.
type Edit struct {
	OrgID  string
	Guide  string // slug of the guide; created when New
	New    bool
	Title  string // title of a new guide
	Format string // "markdown" or "text"
	Text   string
	Base   int // the version opened in the editor; 0 for a new guide
	Note   string
	Author string
}

// maxEditorBytes bounds a guide written in the editor: a long guide is a few hundred KiB.
const maxEditorBytes = 4 << 20

// SaveText saves the editor's text as a new draft version, or as the first version of a new
// guide.
func (s *Service) SaveText(ctx context.Context, e Edit) (Result, error) {
	name, err := editorFileName(e.Format)
	if err != nil {
		return Result{}, err
	}
	if len(e.Text) > maxEditorBytes {
		return Result{}, socle.Errorf(socle.ETOOLARGE, "the text is over %d MiB: split the guide in several", maxEditorBytes>>20)
	}
	if e.New {
		if _, err := s.Store.GuideBySlug(ctx, e.OrgID, e.Guide); err == nil {
			return Result{}, socle.Errorf(socle.ECONFLICT, "a guide with slug %q exists already: choose another slug, or open that guide in the editor", e.Guide)
		}
	} else if e.Base == 0 {
		return Result{}, socle.Errorf(socle.EINVALID, "say which version the text was written from")
	}
	return s.AddVersion(ctx, Upload{
		OrgID: e.OrgID, Guide: e.Guide, Title: e.Title, Kind: socle.KindMethodology, FileName: name,
		Data: []byte(e.Text), Author: e.Author, Note: e.Note, Base: e.Base, Existing: !e.New,
	})
}

func editorFileName(format string) (string, error) {
	switch format {
	case "markdown", "":
		return "editor.md", nil
	case "text":
		return "editor.txt", nil
	}
	return "", socle.Errorf(socle.EINVALID, "format %q is not one the editor writes: use markdown or text", format)
}

// EditorText is what the editor opens for version n of a guide.
type EditorText struct {
	Guide    socle.Guide
	Version  socle.Version
	Format   string // "markdown" or "text"; "" when the version is edited section by section
	Text     string // the source, for Markdown and text versions
	Sections []socle.Section
}

// OpenEditor returns version n of a guide as the editor shows it: its source for a Markdown or
// text version, its sections for others.
func (s *Service) OpenEditor(ctx context.Context, orgID, slug string, n int) (EditorText, error) {
	page, err := s.GuidePage(ctx, orgID, slug, n, true)
	if err != nil {
		return EditorText{}, err
	}
	if page.Version == nil {
		return EditorText{}, socle.Errorf(socle.ENOTFOUND, "guide %q has no version to edit", slug)
	}
	if page.Guide.Kind == socle.KindCatalog {
		return EditorText{}, socle.Errorf(socle.EINVALID, "%q is a catalog: edit its services one by one on the catalog page", slug)
	}
	et := EditorText{Guide: page.Guide, Version: *page.Version, Sections: page.Sections}
	switch {
	case strings.HasPrefix(page.Version.SourceType, "text/markdown"):
		et.Format = "markdown"
	case strings.HasPrefix(page.Version.SourceType, "text/plain"):
		et.Format = "text"
	default:
		return et, nil
	}
	src, err := s.Store.VersionSource(ctx, orgID, page.Version.ID)
	if err != nil {
		return et, err
	}
	if !utf8.Valid(src) {
		return et, socle.Errorf(socle.EINVALID, "version %d's source is not UTF-8 text and cannot be edited", n)
	}
	et.Text = string(src)
	return et, nil
}

// Preview reads the editor's text as saving it would, without storing anything.
func (s *Service) Preview(ctx context.Context, format, text string) (*ingest.Document, error) {
	name, err := editorFileName(format)
	if err != nil {
		return nil, err
	}
	if len(text) > maxEditorBytes {
		return nil, socle.Errorf(socle.ETOOLARGE, "the text is over %d MiB: split the guide in several", maxEditorBytes>>20)
	}
	return s.Read(ctx, name, []byte(text), socle.KindMethodology)
}

// EditSection saves version base of a guide with one section's text replaced, as a new draft.
// The other sections are copied as they are, ids and all, so that a comparison shows the one
// section changed. The new version's source is a Markdown rendering of its sections; having no
// printed file, its sections carry no page numbers.
func (s *Service) EditSection(ctx context.Context, orgID, slug string, base int, sectionID, text, note, author string) (Result, error) {
	text = strings.TrimSpace(strings.ReplaceAll(norm.NFC.String(text), "\r\n", "\n"))
	if text == "" {
		return Result{}, socle.Errorf(socle.EINVALID, "the section's text is empty: write its text, or edit the guide's source to remove the section")
	}
	if len(text) > maxEditorBytes {
		return Result{}, socle.Errorf(socle.ETOOLARGE, "the text is over %d MiB", maxEditorBytes>>20)
	}
	page, err := s.GuidePage(ctx, orgID, slug, base, true)
	if err != nil {
		return Result{}, err
	}
	found := false
	secs := make([]socle.Section, len(page.Sections))
	for i, sec := range page.Sections {
		sec.PageStart, sec.PageEnd, sec.PageBreaks, sec.LineStart, sec.LineEnd = 0, 0, nil, 0, 0
		sec.Chars = nil
		if sec.ID == sectionID {
			if sameText(sec.Text, text) {
				return Result{}, socle.Errorf(socle.EINVALID, "the section's text did not change: nothing to save")
			}
			sec.Text, sec.Passages, found = text, ingest.Passages(text), true
		}
		secs[i] = sec
	}
	if !found {
		return Result{}, socle.Errorf(socle.ENOTFOUND, "version %d of %q has no section %q", base, slug, sectionID)
	}
	v := socle.Version{
		OrgID: orgID, GuideID: page.Guide.ID, Title: page.Version.Title, State: socle.StateDraft,
		SourceName: "editor", SourceType: "text/markdown; charset=utf-8", Author: author, Note: note, BaseN: base,
		Metadata: page.Version.Metadata,
	}
	src := []byte(sectionsMarkdown(page.Version.Title, secs))
	stored, _, err := s.store(ctx, page.Guide, true, v, socle.VersionContent{Source: src, Sections: secs})
	return Result{Guide: page.Guide, Version: stored}, err
}

// sectionsMarkdown writes sections as a Markdown document, for reading and download.
func sectionsMarkdown(title string, secs []socle.Section) string {
	var b strings.Builder
	if title != "" {
		b.WriteString("# " + title + "\n\n")
	}
	for _, sec := range secs {
		if sec.Level > 0 && sec.Heading() != "" {
			b.WriteString(strings.Repeat("#", min(sec.Level+1, 6)) + " " + sec.Heading() + "\n\n")
		}
		if t := strings.TrimSpace(sec.Text); t != "" {
			b.WriteString(t + "\n\n")
		}
	}
	return b.String()
}
