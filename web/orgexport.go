package web

import (
	"io"
	"net/http"
	"os"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/orgarchive"
)

// orgExportMessages are the texts of the organization's export, offered on the members page.
var orgExportMessages = catalog{
	"fr": {
		"orgexport.title":     "Exporter l'organisation",
		"orgexport.hint":      "Une archive de toute la doctrine (chaque version, son fichier, ses commentaires), du glossaire, des réglages, des parcours d'intégration et de la progression de chacun, et des membres sans mot de passe : pour changer de serveur ou de mode de stockage (socle org import). Chaque export est inscrit au journal.",
		"orgexport.doctrine":  "Télécharger l'archive",
		"orgexport.withplans": "Télécharger l'archive avec les plans enregistrés",
	},
	"en": {
		"orgexport.title":     "Export the organization",
		"orgexport.hint":      "An archive of the whole doctrine (every version, its file, its comments), the glossary, the settings, the onboarding paths and everyone's progress, and the members without passwords: to move to another server or store mode (socle org import). Each export is recorded in the audit trail.",
		"orgexport.doctrine":  "Download the archive",
		"orgexport.withplans": "Download the archive with the saved plans",
	},
}

// orgExport answers GET /org/export.tar: the organization's archive, with its saved plans when
// ?plans=1. The archive is written to a temporary file first, so that a failure is an error
// page and not a truncated download.
func (s *Server) orgExport(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	withPlans := r.FormValue("plans") == "1"
	f, err := os.CreateTemp("", "socle-export-*.tar")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := orgarchive.Export(r.Context(), s.Store, p.Org, withPlans, f); err != nil {
		return err
	}
	detail := "without plans"
	if withPlans {
		detail = "with plans"
	}
	if err := s.Store.AppendAudit(socle.WithActor(r.Context(), p.User.ID), &socle.AuditEvent{
		OrgID: p.Org.ID, Action: "org.export", ObjectKind: "org", ObjectID: p.Org.ID, Detail: detail}); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/x-tar")
	w.Header().Set("Content-Disposition", `attachment; filename="`+p.Org.Slug+"-"+socle.Now().Format("2006-01-02")+`.tar"`)
	_, err = io.Copy(w, f)
	return err
}
