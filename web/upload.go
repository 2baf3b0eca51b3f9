package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/ingest"
)

// uploadLimit is the largest file an upload may carry.
func (s *Server) uploadLimit() int64 {
	if s.MaxUploadBytes > 0 {
		return s.MaxUploadBytes
	}
	return ingest.DefaultLimits().MaxBytes
}

// formSlack is room for the multipart framing and the form's other fields beside the file.
const formSlack = 1 << 20

// readUpload reads a multipart upload: the file in field "file", and the optional fields
// note, title and kind. The body is bounded before anything is parsed; the form's memory
// buffer is small, and what exceeds it goes to a temporary file removed before returning.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, p access.Principal) (authoring.Upload, error) {
	limit := s.uploadLimit()
	r.Body = http.MaxBytesReader(w, r.Body, limit+formSlack)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return authoring.Upload{}, uploadError(err, limit)
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return authoring.Upload{}, socle.Errorf(socle.EINVALID, "no file was sent: send it in the multipart field \"file\"")
	}
	if err != nil {
		return authoring.Upload{}, uploadError(err, limit)
	}
	defer f.Close()
	data, err := readAllLimited(f, hdr, limit)
	if err != nil {
		return authoring.Upload{}, err
	}
	u := authoring.Upload{
		OrgID: p.Org.ID, FileName: hdr.Filename, Data: data, Author: p.User.ID,
		Note: strings.TrimSpace(r.FormValue("note")), Title: strings.TrimSpace(r.FormValue("title")),
		Kind: socle.GuideKind(r.FormValue("kind")),
	}
	if len(u.Note) > 2000 || len(u.Title) > 300 {
		return u, socle.Errorf(socle.EINVALID, "the note (2,000 characters) or the title (300) is too long")
	}
	return u, nil
}

func readAllLimited(f multipart.File, hdr *multipart.FileHeader, limit int64) ([]byte, error) {
	if hdr.Size > limit {
		return nil, fileTooLarge(limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fileTooLarge(limit)
	}
	return data, nil
}

func uploadError(err error, limit int64) error {
	var tl *http.MaxBytesError
	if errors.As(err, &tl) {
		return fileTooLarge(limit)
	}
	return socle.Errorf(socle.EINVALID, "the upload is not a readable multipart form (%v): send the file in the field \"file\"", err)
}

func fileTooLarge(limit int64) error {
	return socle.Errorf(socle.ETOOLARGE, "the file is over the %d MB upload limit: split it, compress its images, or ask an administrator to raise --upload-limit", limit>>20)
}

// submitUpload queues an upload and returns its job.
func (s *Server) submitUpload(r *http.Request, u authoring.Upload) (socle.Job, error) {
	if s.Uploads == nil {
		return socle.Job{}, socle.Errorf(socle.EUNAVAILABLE, "uploads are not enabled on this server")
	}
	return s.Uploads.Submit(socle.WithActor(r.Context(), u.Author), u)
}

// apiNewGuide answers POST /api/v1/guides: a new guide from its first file, read in the
// background. Field "slug" names the guide (default: from the file name).
func (s *Server) apiNewGuide(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	u, err := s.readUpload(w, r, p)
	if err != nil {
		return err
	}
	u.Guide = strings.TrimSpace(r.FormValue("slug"))
	if u.Guide != "" {
		if _, err := s.Store.GuideBySlug(r.Context(), p.Org.ID, u.Guide); err == nil {
			return socle.Errorf(socle.ECONFLICT, "guide %q exists already: upload a new version with POST /api/v1/guides/%s/versions", u.Guide, u.Guide)
		}
	}
	return s.acceptUpload(w, r, u)
}

// apiNewVersion answers POST /api/v1/guides/{slug}/versions: a new draft version of an
// existing guide from a file, read in the background.
func (s *Server) apiNewVersion(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	u, err := s.readUpload(w, r, p)
	if err != nil {
		return err
	}
	u.Guide, u.Existing = r.PathValue("slug"), true
	return s.acceptUpload(w, r, u)
}

func (s *Server) acceptUpload(w http.ResponseWriter, r *http.Request, u authoring.Upload) error {
	j, err := s.submitUpload(r, u)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/jobs/"+j.ID)
	writeJSON(w, http.StatusAccepted, toJobJSON(j))
	return nil
}

// uploadView is what the upload form shows.
type uploadView struct {
	Guides []authoring.GuideSummary
	Guide  string // the guide preselected
	Limit  int64  // in MB
}

func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	guides, err := s.Authoring.Overview(r.Context(), p.Org.ID, true)
	if err != nil {
		return err
	}
	v := uploadView{Guides: guides, Guide: r.FormValue("guide"), Limit: s.uploadLimit() >> 20}
	return s.render(w, r, http.StatusOK, "upload", messages[lang(r)]["upload.title"], &p, v)
}

// uploadForm takes the upload form: a new version of the guide chosen, or a new guide.
func (s *Server) uploadForm(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	u, err := s.readUpload(w, r, p)
	if err != nil {
		return err
	}
	if g := r.FormValue("guide"); g != "" && g != "new" {
		u.Guide, u.Existing = g, true
	} else {
		u.Guide = strings.TrimSpace(r.FormValue("slug"))
	}
	j, err := s.submitUpload(r, u)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/jobs/"+j.ID, http.StatusSeeOther)
	return nil
}

var uploadMessages = catalog{
	"fr": {
		"upload.title":      "Téléverser un fichier",
		"upload.intro":      "Socle lit les PDF (avec texte), Markdown, texte brut, et les catalogues de services en CSV, JSON, YAML, liste Markdown ou au format data·inclusion. Le fichier devient une version brouillon, à relire avant publication.",
		"upload.limit":      "Taille maximale :",
		"upload.file":       "Fichier",
		"upload.guide":      "Guide",
		"upload.newguide":   "Nouveau guide",
		"upload.fornew":     "Pour un nouveau guide (facultatif)",
		"upload.slug":       "Identifiant",
		"upload.titlefield": "Titre",
		"upload.kind":       "Type",
		"upload.kind.auto":  "d'après le fichier",
		"upload.note":       "Ce qui change",
		"upload.note.hint":  "ex. mise à jour du barème 2027",
		"upload.submit":     "Téléverser",
	},
	"en": {
		"upload.title":      "Upload a file",
		"upload.intro":      "Socle reads PDFs (with text), Markdown, plain text, and service catalogs in CSV, JSON, YAML, Markdown lists or the data·inclusion format. The file becomes a draft version, to be reviewed before publication.",
		"upload.limit":      "Largest file:",
		"upload.file":       "File",
		"upload.guide":      "Guide",
		"upload.newguide":   "New guide",
		"upload.fornew":     "For a new guide (optional)",
		"upload.slug":       "Identifier",
		"upload.titlefield": "Title",
		"upload.kind":       "Kind",
		"upload.kind.auto":  "from the file",
		"upload.note":       "What changes",
		"upload.note.hint":  "e.g. 2027 rates updated",
		"upload.submit":     "Upload",
	},
}
