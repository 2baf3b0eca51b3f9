package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/plan"
)

// digestMessages are the texts of the case-file page: notes pasted or uploaded, summed up
// pseudonymized, then made into a plan.
var digestMessages = catalog{
	"fr": {
		"digest.title":     "Du dossier au plan",
		"digest.intro":     "Collez les notes du dossier, ou choisissez un fichier : Socle en fait une synthèse (faits clés, besoins, historique), chaque ligne renvoyant à sa note, puis un plan en un clic.",
		"digest.privacy":   "Les noms, téléphones, courriels, adresses, numéros de sécurité sociale, IBAN et dates de naissance restent remplacés à l'écran. Rien n'est conservé : ni les notes, ni la synthèse, ni la correspondance des noms.",
		"digest.notes":     "Notes du dossier",
		"digest.notes.fmt": "Une note par date, la date en début de ligne : « 2026-11-02 : Entretien avec… ». Les lignes suivantes continuent la note.",
		"digest.file":      "Ou un fichier de notes (.txt, ou .json comme l'API)",
		"digest.submit":    "Faire la synthèse",
		"digest.result":    "Synthèse du dossier",
		"digest.facts":     "Faits clés",
		"digest.needs":     "Besoins",
		"digest.history":   "Historique",
		"digest.none":      "Rien de repéré.",
		"digest.note":      "note",
		"digest.notehead":  "Note",
		"digest.of":        "du",
		"digest.plan":      "Faire le plan à partir de cette synthèse",
		"digest.situation": "Situation transmise au plan",
		"digest.sources":   "Notes, pseudonymisées",
		"digest.from":      "Vous avez un dossier de notes ?",
		"digest.from.link": "Partir du dossier",
		"nav.digest":       "Dossier",
	},
	"en": {
		"digest.title":     "From case file to plan",
		"digest.intro":     "Paste the case file's notes, or choose a file: Socle sums them up (key facts, needs, history), each line pointing to its note, then makes a plan in one click.",
		"digest.privacy":   "Names, phone numbers, e-mails, addresses, social security numbers, IBANs and birth dates stay replaced on screen. Nothing is kept: not the notes, not the digest, not which name stands for whom.",
		"digest.notes":     "Case notes",
		"digest.notes.fmt": "One note per date, the date at the start of the line: \"2026-11-02: Interview with…\". The following lines continue the note.",
		"digest.file":      "Or a file of notes (.txt, or .json as the API takes)",
		"digest.submit":    "Sum up the case file",
		"digest.result":    "Case digest",
		"digest.facts":     "Key facts",
		"digest.needs":     "Needs",
		"digest.history":   "History",
		"digest.none":      "Nothing found.",
		"digest.note":      "note",
		"digest.notehead":  "Note",
		"digest.of":        "of",
		"digest.plan":      "Make the plan from this digest",
		"digest.situation": "Situation sent to the plan",
		"digest.sources":   "Notes, pseudonymized",
		"digest.from":      "Have a case file of notes?",
		"digest.from.link": "Start from the case file",
		"nav.digest":       "Case file",
	},
}

// digestView is what the case-file page shows: the form, the notes as typed when they could
// not be read, and the digest.
type digestView struct {
	Notes  string
	Error  string
	Digest *plan.Digest
}

func (s *Server) digestPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	return s.render(w, r, http.StatusOK, "digest", messages[lang(r)]["digest.title"], &p, digestView{})
}

// digestMake sums up the notes pasted or uploaded. Nothing of them is stored or logged: the
// digest, pseudonymized, is the page's answer and the plan's situation in its form.
func (s *Server) digestMake(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	// A case file is small: the upload route's limit is for guides.
	r.Body = http.MaxBytesReader(w, r.Body, plan.MaxCaseFileBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return socle.Errorf(socle.ETOOLARGE, "the case file is over %d KiB: send its most recent notes, or split it", plan.MaxCaseFileBytes>>10)
		}
		return socle.Errorf(socle.EINVALID, "the form cannot be read: %v", err)
	}
	text := r.FormValue("notes")
	if f, hdr, err := r.FormFile("file"); err == nil {
		defer f.Close()
		if hdr.Size > 0 {
			data, err := io.ReadAll(io.LimitReader(f, plan.MaxCaseFileBytes+1))
			if err != nil {
				return err
			}
			text = string(data)
		}
	}
	pz := s.pseudonymizer()
	if pz == nil {
		return socle.Errorf(socle.EUNAVAILABLE, "case digests need the pseudonymizer, which this server lacks")
	}
	v := digestView{Notes: text}
	cf, err := plan.ParseNotesText(text)
	if err == nil {
		var d plan.Digest
		if d, err = plan.MakeDigest(cf, pz); err == nil {
			v = digestView{Digest: &d}
		}
	}
	if err != nil {
		if k := socle.KindOf(err); k != socle.EINVALID && k != socle.ETOOLARGE {
			return err
		}
		v.Error = socle.MessageOf(err)
		return s.render(w, r, http.StatusBadRequest, "digest", messages[lang(r)]["digest.title"], &p, v)
	}
	return s.render(w, r, http.StatusOK, "digest", messages[lang(r)]["digest.title"], &p, v)
}
