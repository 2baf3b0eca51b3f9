package web

import (
	"io/fs"
	"net/http"

	"github.com/socle-project/socle/access"
)

// routes lists every route of the server.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	static, _ := fs.Sub(staticFiles, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))

	mux.HandleFunc("GET /login", s.signInPage)
	mux.HandleFunc("POST /login", s.signIn)
	mux.HandleFunc("POST /logout", s.signOut)
	mux.HandleFunc("POST /lang/{lang}", s.setLang)

	mux.HandleFunc("GET /{$}", s.page(access.ReadDoctrine, s.home))
	mux.HandleFunc("GET /guides/{slug}", s.page(access.ReadDoctrine, s.guidePage))
	mux.HandleFunc("GET /guides/{slug}/v/{n}/s/{id}", s.page(access.ReadDoctrine, s.sectionPage))
	mux.HandleFunc("GET /search", s.page(access.ReadDoctrine, s.searchPage))
	mux.HandleFunc("GET /plan", s.page(access.MakePlans, s.planNewPage))
	mux.HandleFunc("POST /plan", s.page(access.MakePlans, s.planMake))
	mux.HandleFunc("POST /plans", s.page(access.MakePlans, s.planSave))
	mux.HandleFunc("GET /plans", s.page(access.MakePlans, s.plansPage))
	mux.HandleFunc("GET /plans/{id}", s.page(access.MakePlans, s.planPage))
	mux.HandleFunc("POST /plans/{id}/feedback", s.page(access.MakePlans, s.planFeedback))
	mux.HandleFunc("POST /plans/{id}/delete", s.page(access.MakePlans, s.planDelete))

	mux.HandleFunc("GET /api/v1/me", s.api(access.ReadDoctrine, s.apiMe))
	mux.HandleFunc("GET /api/v1/guides", s.api(access.ReadDoctrine, s.apiGuides))
	mux.HandleFunc("GET /api/v1/guides/{slug}", s.api(access.ReadDoctrine, s.apiGuide))
	mux.HandleFunc("GET /api/v1/guides/{slug}/versions/{n}/sections", s.api(access.ReadDoctrine, s.apiSections))
	mux.HandleFunc("GET /api/v1/guides/{slug}/versions/{n}/sections/{id}", s.api(access.ReadDoctrine, s.apiSection))
	mux.HandleFunc("GET /api/v1/search", s.api(access.ReadDoctrine, s.apiSearch))
	mux.HandleFunc("POST /api/v1/plans", s.api(access.MakePlans, s.apiPlanMake))
	mux.HandleFunc("GET /api/v1/plans", s.api(access.MakePlans, s.apiPlans))
	mux.HandleFunc("GET /api/v1/plans/{id}", s.api(access.MakePlans, s.apiPlan))
	mux.HandleFunc("DELETE /api/v1/plans/{id}", s.api(access.MakePlans, s.apiPlanDelete))
	mux.HandleFunc("POST /api/v1/plans/{id}/feedback", s.api(access.MakePlans, s.apiFeedback))
	mux.HandleFunc("GET /api/v1/plans/{id}/markdown", s.api(access.MakePlans, s.apiPlanMarkdown))
	mux.HandleFunc("POST /api/v1/digests", s.api(access.MakePlans, s.apiDigest))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, errNoRoute(r))
	})
	return mux
}
