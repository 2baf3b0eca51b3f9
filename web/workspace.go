package web

import (
	"context"
	"mime"
	"net/http"
	"path"
	"strconv"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
)

// workspaceView is the leads' page of the doctrine being written.
type workspaceView struct {
	Guides   []authoring.GuideVersions
	Jobs     []socle.Job
	People   map[string]string
	Settings socle.Settings
	CanSet   bool // the caller may change the settings
}

// workspacePage lists every guide with its versions, the uploads under way, and the actions
// the caller's role allows.
func (s *Server) workspacePage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	ctx := r.Context()
	guides, err := s.Authoring.Workspace(ctx, p.Org.ID)
	if err != nil {
		return err
	}
	jobs, err := s.Store.Jobs(ctx, p.Org.ID, socle.JobFilter{Limit: 8})
	if err != nil {
		return err
	}
	set, err := s.Authoring.Settings(ctx, p.Org.ID)
	if err != nil {
		return err
	}
	people, err := s.people(ctx, p.Org.ID)
	if err != nil {
		return err
	}
	v := workspaceView{Guides: guides, Jobs: jobs, People: people, Settings: set, CanSet: p.Can(access.ManageMembers)}
	return s.render(w, r, http.StatusOK, "workspace", messages[lang(r)]["workspace.title"], &p, v)
}

// people names the organization's members by user id, for pages that show who did what.
func (s *Server) people(ctx context.Context, orgID string) (map[string]string, error) {
	ms, err := s.Store.Members(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := map[string]string{"system": "Socle"}
	for _, m := range ms {
		u, err := s.Store.User(ctx, m.UserID)
		if err != nil {
			continue // a member whose account is gone is shown by id
		}
		out[u.ID] = u.Email
		if u.Name != "" {
			out[u.ID] = u.Name
		}
	}
	return out, nil
}

// setReviewRequired takes the settings form of the workspace.
func (s *Server) setReviewRequired(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	required := r.PostFormValue("review_required") == "on"
	if _, err := s.Authoring.SetReviewRequired(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, required); err != nil {
		return err
	}
	http.Redirect(w, r, "/guides", http.StatusSeeOther)
	return nil
}

type settingsJSON struct {
	ReviewRequired     *bool `json:"review_required,omitempty"`
	UsageRetentionDays *int  `json:"usage_retention_days,omitempty"`
	LearnFromPlans     *bool `json:"learn_from_plans,omitempty"`
}

// apiSettings answers GET /api/v1/settings.
func (s *Server) apiSettings(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	set, err := s.Authoring.Settings(r.Context(), p.Org.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settingsJSON{ReviewRequired: &set.ReviewRequired, UsageRetentionDays: &set.UsageRetentionDays, LearnFromPlans: &set.LearnFromPlans})
	return nil
}

// apiSetSettings answers PUT /api/v1/settings: the fields sent are changed, the others kept.
func (s *Server) apiSetSettings(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req settingsJSON
	if err := decodeStrict(r, &req, `{"review_required": true, "usage_retention_days": 180, "learn_from_plans": true}`); err != nil {
		return err
	}
	if req.ReviewRequired == nil && req.UsageRetentionDays == nil && req.LearnFromPlans == nil {
		return socle.Errorf(socle.EINVALID, `send one or more of {"review_required": true or false}, {"usage_retention_days": N}, {"learn_from_plans": true or false}`)
	}
	ctx := socle.WithActor(r.Context(), p.User.ID)
	if req.UsageRetentionDays != nil {
		if _, err := s.Insights.SetRetention(ctx, p.Org.ID, *req.UsageRetentionDays); err != nil {
			return err
		}
	}
	if req.ReviewRequired != nil {
		if _, err := s.Authoring.SetReviewRequired(ctx, p.Org.ID, *req.ReviewRequired); err != nil {
			return err
		}
	}
	if req.LearnFromPlans != nil {
		if _, err := s.Insights.SetLearning(ctx, p.Org.ID, *req.LearnFromPlans); err != nil {
			return err
		}
	}
	return s.apiSettings(w, r, p)
}

// sourceFile serves the file a version was made from.
func (s *Server) sourceFile(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	v, data, err := s.Authoring.Source(r.Context(), p.Org.ID, r.PathValue("slug"), n, seesDrafts(p))
	if err != nil {
		return err
	}
	name := path.Base(v.SourceName)
	if name == "editor" {
		name = r.PathValue("slug") + "-v" + strconv.Itoa(v.N) + ".md"
	}
	w.Header().Set("Content-Type", v.SourceType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "sandbox")
	_, err = w.Write(data)
	return err
}

var workspaceMessages = catalog{
	"fr": {
		"nav.doctrine":              "Doctrine",
		"workspace.title":           "Doctrine de l'organisation",
		"workspace.intro":           "Tous les guides et catalogues, avec leurs versions : brouillons, relectures en cours, versions publiées et archivées.",
		"workspace.upload":          "Téléverser un fichier",
		"workspace.write":           "Écrire un guide",
		"workspace.jobs":            "Téléversements récents",
		"workspace.author":          "Auteur",
		"workspace.source":          "Fichier source",
		"workspace.actions":         "Actions",
		"workspace.review":          "Relire",
		"workspace.compare":         "Comparer",
		"workspace.edit":            "Modifier dans l'éditeur",
		"workspace.newversion":      "Téléverser une nouvelle version",
		"workspace.empty":           "Aucun guide pour l'instant. Téléversez un premier fichier (PDF, Markdown, texte, catalogue) ou écrivez un guide dans l'éditeur.",
		"workspace.settings":        "Réglages",
		"workspace.review.required": "Relecture obligatoire avant publication",
		"workspace.review.explain":  "Activée, une version passe en relecture avant d'être publiée, et son auteur ne peut pas la publier lui-même : un autre référent ou un administrateur le fait.",
		"workspace.review.on":       "Relecture obligatoire : un autre référent ou un administrateur publie chaque version.",
		"workspace.review.off":      "Relecture facultative : l'auteur d'une version peut la publier.",
		"workspace.save":            "Enregistrer",
		"workspace.editor":          "éditeur (Markdown)",
		"kind.methodology":          "guide méthodologique",
		"kind.catalog":              "catalogue de services",
		"kind.reference":            "texte de référence",
		"unit.mb":                   "Mo",
		"unit.kb":                   "Ko",
		"unit.b":                    "octets",
	},
	"en": {
		"nav.doctrine":              "Doctrine",
		"workspace.title":           "The organization's doctrine",
		"workspace.intro":           "Every guide and catalog with its versions: drafts, reviews in progress, published and archived versions.",
		"workspace.upload":          "Upload a file",
		"workspace.write":           "Write a guide",
		"workspace.jobs":            "Recent uploads",
		"workspace.author":          "Author",
		"workspace.source":          "Source file",
		"workspace.actions":         "Actions",
		"workspace.review":          "Review",
		"workspace.compare":         "Compare",
		"workspace.edit":            "Edit in the editor",
		"workspace.newversion":      "Upload a new version",
		"workspace.empty":           "No guide yet. Upload a first file (PDF, Markdown, text, catalog) or write a guide in the editor.",
		"workspace.settings":        "Settings",
		"workspace.review.required": "Review required before publication",
		"workspace.review.explain":  "When on, a version goes through review before publication, and its author cannot publish it: another lead or an administrator does.",
		"workspace.review.on":       "Review required: another lead or an administrator publishes each version.",
		"workspace.review.off":      "Review optional: a version's author may publish it.",
		"workspace.save":            "Save",
		"workspace.editor":          "editor (Markdown)",
		"kind.methodology":          "methodology guide",
		"kind.catalog":              "service catalog",
		"kind.reference":            "reference text",
		"unit.mb":                   "MB",
		"unit.kb":                   "KB",
		"unit.b":                    "bytes",
	},
}
