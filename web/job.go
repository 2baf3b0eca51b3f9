package web

import (
	"net/http"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
)

// jobJSON is a background job as the API shows it.
type jobJSON struct {
	ID        string         `json:"id"`
	Kind      string         `json:"kind"`
	State     socle.JobState `json:"state"`
	Stage     string         `json:"stage,omitempty"`
	Done      int            `json:"done"`
	Total     int            `json:"total"`
	File      string         `json:"file"`
	Size      int64          `json:"size"`
	Guide     string         `json:"guide"`
	Version   int            `json:"version,omitempty"`
	Problems  []problemJSON  `json:"problems"`
	Message   string         `json:"message,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

type problemJSON struct {
	Page    int    `json:"page,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func toProblemsJSON(ps []socle.ReadProblem) []problemJSON {
	out := make([]problemJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, problemJSON{p.Page, p.Line, p.Message})
	}
	return out
}

func toJobJSON(j socle.Job) jobJSON {
	return jobJSON{ID: j.ID, Kind: j.Kind, State: j.State, Stage: j.Stage, Done: j.Done, Total: j.Total, File: j.FileName,
		Size: j.FileSize, Guide: j.Guide, Version: j.VersionN, Problems: toProblemsJSON(j.Problems), Message: j.Message,
		CreatedAt: j.CreatedAt, UpdatedAt: j.UpdatedAt}
}

// apiJob answers GET /api/v1/jobs/{id}.
func (s *Server) apiJob(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	j, err := s.Store.Job(r.Context(), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toJobJSON(j))
	return nil
}

// apiJobs answers GET /api/v1/jobs: the organization's recent jobs.
func (s *Server) apiJobs(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	js, err := s.Store.Jobs(r.Context(), p.Org.ID, socle.JobFilter{Guide: r.FormValue("guide")})
	if err != nil {
		return err
	}
	out := make([]jobJSON, 0, len(js))
	for _, j := range js {
		out = append(out, toJobJSON(j))
	}
	writeJSON(w, http.StatusOK, map[string]any{"jobs": out})
	return nil
}

// jobView is what the job page shows: the job and, once done, the version it made.
type jobView struct {
	Job     socle.Job
	Percent int
	Page    *authoring.GuidePage // when done
}

func (s *Server) jobPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	j, err := s.Store.Job(r.Context(), p.Org.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := jobView{Job: j}
	if j.Total > 0 {
		v.Percent = 100 * j.Done / j.Total
	}
	if j.State == socle.JobDone && j.VersionN > 0 {
		page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, j.Guide, j.VersionN, true)
		if err != nil && !socle.IsKind(err, socle.ENOTFOUND) {
			return err
		}
		if err == nil {
			v.Page = &page
		}
	}
	if !j.State.Final() {
		w.Header().Set("Cache-Control", "no-store")
	}
	return s.render(w, r, http.StatusOK, "job", j.FileName, &p, v)
}

var jobMessages = catalog{
	"fr": {
		"job.file":           "Fichier",
		"job.started":        "Début",
		"job.guide":          "Guide",
		"job.line":           "ligne",
		"job.wait":           "La lecture se poursuit même si vous quittez cette page.",
		"job.refresh":        "Actualiser",
		"job.again":          "Téléverser à nouveau",
		"job.made":           "Version créée :",
		"job.review":         "Relire et soumettre",
		"job.state.queued":   "en attente",
		"job.state.running":  "en cours",
		"job.state.done":     "terminé",
		"job.state.failed":   "échec",
		"job.stage.reading":  "lecture des pages",
		"job.stage.saving":   "enregistrement",
		"job.stage.indexing": "indexation",
	},
	"en": {
		"job.file":           "File",
		"job.started":        "Started",
		"job.guide":          "Guide",
		"job.line":           "line",
		"job.wait":           "Reading goes on if you leave this page.",
		"job.refresh":        "Refresh",
		"job.again":          "Upload again",
		"job.made":           "Version made:",
		"job.review":         "Review and submit",
		"job.state.queued":   "waiting",
		"job.state.running":  "running",
		"job.state.done":     "done",
		"job.state.failed":   "failed",
		"job.stage.reading":  "reading the pages",
		"job.stage.saving":   "saving",
		"job.stage.indexing": "indexing",
	},
}
