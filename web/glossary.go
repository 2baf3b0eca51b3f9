package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// glossaryView is the glossary page.
type glossaryView struct {
	Entries []socle.GlossaryEntry
	Edit    *socle.GlossaryEntry // the entry opened for editing
	Query   string
	Saved   string // message after an import
	CanEdit bool
}

// glossaryPage lists the glossary; readers see it, leads keep it.
func (s *Server) glossaryPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	entries, err := s.Store.Glossary(r.Context(), p.Org.ID)
	if err != nil {
		return err
	}
	v := glossaryView{Query: strings.TrimSpace(r.FormValue("q")), CanEdit: p.Can(access.EditDoctrine), Saved: r.FormValue("imported")}
	q := foldQuery(v.Query)
	for i, e := range entries {
		if q == "" || strings.Contains(foldQuery(e.Term+" "+strings.Join(e.Expansions, " ")), q) {
			v.Entries = append(v.Entries, e)
		}
		if t := r.FormValue("edit"); t != "" && socle.GlossaryKey(t) == socle.GlossaryKey(e.Term) {
			v.Edit = &entries[i]
		}
	}
	return s.render(w, r, http.StatusOK, "glossary", messages[lang(r)]["glossary.title"], &p, v)
}

func foldQuery(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// glossaryPut takes the add-or-edit form: one expansion per line.
func (s *Server) glossaryPut(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	e := socle.GlossaryEntry{OrgID: p.Org.ID, Term: r.PostFormValue("term"), Note: strings.TrimSpace(r.PostFormValue("note")),
		Expansions: strings.Split(strings.ReplaceAll(r.PostFormValue("expansions"), "\r\n", "\n"), "\n")}
	if old := r.PostFormValue("old"); old != "" && socle.GlossaryKey(old) != socle.GlossaryKey(e.Term) {
		// Renamed: the old term goes once the new one is stored.
		if _, err := s.Authoring.PutTerm(socle.WithActor(r.Context(), p.User.ID), e); err != nil {
			return err
		}
		if err := s.Authoring.DeleteTerm(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, old); err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
			return err
		}
	} else if _, err := s.Authoring.PutTerm(socle.WithActor(r.Context(), p.User.ID), e); err != nil {
		return err
	}
	http.Redirect(w, r, "/glossary#term-"+url.PathEscape(socle.GlossaryKey(e.Term)), http.StatusSeeOther)
	return nil
}

func (s *Server) glossaryDelete(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	if err := s.Authoring.DeleteTerm(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("term")); err != nil {
		return err
	}
	http.Redirect(w, r, "/glossary", http.StatusSeeOther)
	return nil
}

// maxGlossaryUpload bounds an imported glossary file.
const maxGlossaryUpload = 4 << 20

// glossaryImport takes a CSV or YAML file of terms.
func (s *Server) glossaryImport(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxGlossaryUpload+formSlack)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return uploadError(err, maxGlossaryUpload)
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return socle.Errorf(socle.EINVALID, "no file was sent: choose a .csv or .yaml file of terms")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxGlossaryUpload+1))
	if err != nil {
		return err
	}
	n, err := s.Authoring.ImportGlossary(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, hdr.Filename, data)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/glossary?imported="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}

// glossaryCSV exports the glossary.
func (s *Server) glossaryCSV(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	data, err := s.Authoring.GlossaryCSV(r.Context(), p.Org.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="glossaire-`+time.Now().Format("2006-01-02")+`.csv"`)
	_, err = w.Write(data)
	return err
}

type glossaryEntryJSON struct {
	Term       string    `json:"term"`
	Expansions []string  `json:"expansions"`
	Note       string    `json:"note,omitempty"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// apiGlossary answers GET /api/v1/glossary.
func (s *Server) apiGlossary(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	entries, err := s.Store.Glossary(r.Context(), p.Org.ID)
	if err != nil {
		return err
	}
	out := make([]glossaryEntryJSON, 0, len(entries))
	for _, e := range entries {
		out = append(out, glossaryEntryJSON{e.Term, e.Expansions, e.Note, e.UpdatedAt})
	}
	writeJSON(w, http.StatusOK, map[string]any{"glossary": out})
	return nil
}

// apiPutTerm answers PUT /api/v1/glossary/{term}.
func (s *Server) apiPutTerm(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req struct {
		Expansions []string `json:"expansions"`
		Note       string   `json:"note"`
	}
	if err := decodeStrict(r, &req, `{"expansions": ["aide sociale à l'enfance"], "note": "…"}`); err != nil {
		return err
	}
	e, err := s.Authoring.PutTerm(socle.WithActor(r.Context(), p.User.ID), socle.GlossaryEntry{OrgID: p.Org.ID, Term: r.PathValue("term"), Expansions: req.Expansions, Note: req.Note})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, glossaryEntryJSON{e.Term, e.Expansions, e.Note, e.UpdatedAt})
	return nil
}

// apiDeleteTerm answers DELETE /api/v1/glossary/{term}.
func (s *Server) apiDeleteTerm(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	if err := s.Authoring.DeleteTerm(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("term")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

var glossaryMessages = catalog{
	"fr": {
		"nav.glossary":        "Glossaire",
		"glossary.title":      "Glossaire",
		"glossary.intro":      "Les sigles et termes de l'organisation. La recherche et les plans les développent aussitôt : une modification vaut dès la recherche suivante.",
		"glossary.search":     "Chercher un sigle ou un terme",
		"glossary.term":       "Terme",
		"glossary.expansions": "Développements",
		"glossary.edit":       "modifier",
		"glossary.delete":     "supprimer",
		"glossary.empty":      "Le glossaire est vide.",
		"glossary.nomatch":    "Aucun terme ne correspond.",
		"glossary.export":     "Exporter en CSV",
		"glossary.add":        "Ajouter un terme",
		"glossary.editing":    "Modifier",
		"glossary.oneperline": "un par ligne",
		"glossary.save":       "Enregistrer",
		"glossary.import":     "Importer",
		"glossary.file":       "Fichier CSV ou YAML",
		"glossary.format":     "CSV : une ligne par terme, le terme puis ses développements (« ASE,aide sociale à l'enfance »). YAML : « ASE: [aide sociale à l'enfance] ». Les termes existants sont remplacés.",
		"glossary.imported":   "termes importés.",
	},
	"en": {
		"nav.glossary":        "Glossary",
		"glossary.title":      "Glossary",
		"glossary.intro":      "The organization's acronyms and terms. Search and plans expand them at once: a change applies from the next search.",
		"glossary.search":     "Find an acronym or a term",
		"glossary.term":       "Term",
		"glossary.expansions": "Expansions",
		"glossary.edit":       "edit",
		"glossary.delete":     "delete",
		"glossary.empty":      "The glossary is empty.",
		"glossary.nomatch":    "No term matches.",
		"glossary.export":     "Export as CSV",
		"glossary.add":        "Add a term",
		"glossary.editing":    "Edit",
		"glossary.oneperline": "one per line",
		"glossary.save":       "Save",
		"glossary.import":     "Import",
		"glossary.file":       "CSV or YAML file",
		"glossary.format":     "CSV: one line per term, the term then its expansions (\"ASE,aide sociale à l'enfance\"). YAML: \"ASE: [aide sociale à l'enfance]\". Existing terms are replaced.",
		"glossary.imported":   "terms imported.",
	},
}
