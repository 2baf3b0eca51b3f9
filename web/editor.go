package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
)

// editorView is the editor: a guide's whole text, or one section of a version read from a
// PDF, or a new guide.
type editorView struct {
	authoring.EditorText
	New     bool
	Section *socle.Section // the section being edited, for versions edited section by section
	Slug    string
	Title   string
}

// newGuideTemplate starts a new guide in the editor.
const newGuideTemplate = "# Titre du guide\n\n## Première partie\n\nÉcrire ici la consigne, telle que les professionnels doivent l'appliquer.\n"

func (s *Server) writePage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	v := editorView{New: true}
	v.Format, v.Text = "markdown", newGuideTemplate
	return s.render(w, r, http.StatusOK, "editor", messages[lang(r)]["editor.new"], &p, v)
}

func (s *Server) editPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	slug := r.PathValue("slug")
	n, err := versionNumber(r.FormValue("v"), true)
	if err != nil {
		return err
	}
	if n == 0 {
		page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, slug, 0, true)
		if err != nil {
			return err
		}
		if len(page.Versions) == 0 {
			return socle.Errorf(socle.ENOTFOUND, "guide %q has no version to edit", slug)
		}
		n = page.Versions[len(page.Versions)-1].N
	}
	et, err := s.Authoring.OpenEditor(r.Context(), p.Org.ID, slug, n)
	if err != nil {
		return err
	}
	v := editorView{EditorText: et, Slug: slug}
	if id := r.FormValue("section"); id != "" && et.Format == "" {
		for i := range et.Sections {
			if et.Sections[i].ID == id {
				v.Section = &et.Sections[i]
			}
		}
		if v.Section == nil {
			return socle.Errorf(socle.ENOTFOUND, "version %d of %q has no section %q", n, slug, id)
		}
	}
	return s.render(w, r, http.StatusOK, "editor", et.Guide.Title, &p, v)
}

// editForm saves the editor: a new guide, a guide's new text, or one section's new text.
func (s *Server) editForm(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 5<<20)
	ctx := socle.WithActor(r.Context(), p.User.ID)
	note := strings.TrimSpace(r.PostFormValue("note"))
	var res authoring.Result
	var err error
	switch slug := r.PathValue("slug"); {
	case slug == "":
		res, err = s.Authoring.SaveText(ctx, authoring.Edit{OrgID: p.Org.ID, New: true, Guide: strings.TrimSpace(r.PostFormValue("slug")),
			Title: strings.TrimSpace(r.PostFormValue("title")), Format: r.PostFormValue("format"), Text: r.PostFormValue("text"),
			Note: note, Author: p.User.ID})
	default:
		base, berr := versionNumber(r.PostFormValue("base"), false)
		if berr != nil {
			return berr
		}
		if id := r.PostFormValue("section"); id != "" {
			res, err = s.Authoring.EditSection(ctx, p.Org.ID, slug, base, id, r.PostFormValue("text"), note, p.User.ID)
		} else {
			res, err = s.Authoring.SaveText(ctx, authoring.Edit{OrgID: p.Org.ID, Guide: slug, Base: base,
				Format: r.PostFormValue("format"), Text: r.PostFormValue("text"), Note: note, Author: p.User.ID})
		}
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/guides/"+res.Guide.Slug+"/v/"+strconv.Itoa(res.Version.N)+"/review", http.StatusSeeOther)
	return nil
}

type previewRequest struct {
	Format string `json:"format"`
	Text   string `json:"text"`
}

// apiPreview answers POST /api/v1/preview: the editor's text read as saving would read it,
// for the live preview.
func (s *Server) apiPreview(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req previewRequest
	if err := decodeStrict(r, &req, `{"format": "markdown|text", "text": "…"}`); err != nil {
		return err
	}
	doc, err := s.Authoring.Preview(r.Context(), req.Format, req.Text)
	if err != nil && doc == nil {
		return err
	}
	out := struct {
		Title    string        `json:"title"`
		Sections []sectionJSON `json:"sections"`
		Problems []problemJSON `json:"problems"`
		Error    string        `json:"error,omitempty"`
	}{Title: doc.Title, Sections: []sectionJSON{}}
	for _, sec := range doc.Sections {
		out.Sections = append(out.Sections, toSectionJSON(sec, true))
	}
	var ps []socle.ReadProblem
	for _, pr := range doc.Problems {
		ps = append(ps, socle.ReadProblem{Page: pr.Page, Line: pr.Line, Message: pr.Message})
	}
	out.Problems = toProblemsJSON(ps)
	if err != nil {
		out.Error = socle.MessageOf(err)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiEditSection answers PUT /api/v1/guides/{slug}/versions/{n}/sections/{id}: version n with
// that section's text replaced, saved as a new draft.
func (s *Server) apiEditSection(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	var req struct {
		Text string `json:"text"`
		Note string `json:"note"`
	}
	if err := decodeStrict(r, &req, `{"text": "…", "note": "…"}`); err != nil {
		return err
	}
	res, err := s.Authoring.EditSection(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("slug"), n, r.PathValue("id"), req.Text, req.Note, p.User.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toVersionJSON(res.Version))
	return nil
}

// apiSaveText answers POST /api/v1/guides/{slug}/text: the guide's text as written in an
// editor, saved as a new draft written from version base.
func (s *Server) apiSaveText(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req struct {
		Text   string `json:"text"`
		Format string `json:"format"`
		Base   int    `json:"base"`
		Note   string `json:"note"`
	}
	if err := decodeStrict(r, &req, `{"text": "…", "format": "markdown|text", "base": 1, "note": "…"}`); err != nil {
		return err
	}
	res, err := s.Authoring.SaveText(socle.WithActor(r.Context(), p.User.ID), authoring.Edit{OrgID: p.Org.ID, Guide: r.PathValue("slug"),
		Base: req.Base, Format: req.Format, Text: req.Text, Note: req.Note, Author: p.User.ID})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toVersionJSON(res.Version))
	return nil
}

var editorMessages = catalog{
	"fr": {
		"editor.new":          "Écrire un nouveau guide",
		"editor.edit":         "Modifier",
		"editor.from":         "À partir de la version",
		"editor.draft":        "L'enregistrement crée une version brouillon, à soumettre à la relecture.",
		"editor.format":       "Format",
		"editor.text":         "texte brut",
		"editor.source":       "Texte du guide",
		"editor.mdhint":       "Markdown : « ## Titre » pour une partie, « ### » pour une sous-partie, une ligne vide entre les paragraphes.",
		"editor.preview":      "Aperçu",
		"editor.preview.hint": "L'aperçu montre les sections telles que Socle les lira.",
		"editor.save":         "Enregistrer le brouillon",
		"editor.cancel":       "Annuler",
		"editor.section":      "Modifier la section",
		"editor.sectiontext":  "Texte de la section",
		"editor.pdf":          "Ce guide a été lu depuis un PDF : on le modifie section par section. La nouvelle version garde les autres sections telles quelles ; n'ayant pas de fichier imprimé, elle n'a pas de numéros de page. Pour garder la mise en page, téléversez plutôt le PDF corrigé.",
		"editor.thissection":  "modifier",
	},
	"en": {
		"editor.new":          "Write a new guide",
		"editor.edit":         "Edit",
		"editor.from":         "From version",
		"editor.draft":        "Saving makes a draft version, to submit for review.",
		"editor.format":       "Format",
		"editor.text":         "plain text",
		"editor.source":       "The guide's text",
		"editor.mdhint":       "Markdown: \"## Title\" for a part, \"###\" for a sub-part, a blank line between paragraphs.",
		"editor.preview":      "Preview",
		"editor.preview.hint": "The preview shows the sections as Socle will read them.",
		"editor.save":         "Save the draft",
		"editor.cancel":       "Cancel",
		"editor.section":      "Edit the section",
		"editor.sectiontext":  "The section's text",
		"editor.pdf":          "This guide was read from a PDF: it is edited section by section. The new version keeps the other sections as they are; having no printed file, it has no page numbers. To keep the layout, upload the corrected PDF instead.",
		"editor.thissection":  "edit",
	},
}
