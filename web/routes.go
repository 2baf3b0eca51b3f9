package web

import (
	"net/http"

	"github.com/socle-project/socle/access"
)

// Route is one route of the server and what it asks of its caller, so that tests can go
// through every route with every role.
type Route struct {
	Pattern string        // as given to http.ServeMux: "GET /guides/{slug}"
	Need    access.Action // the action the caller's role must allow; "" for public routes
	API     bool          // errors are JSON (true) or pages (false)
	Upload  bool          // the body may be a file as large as the upload limit
}

// router registers routes on a mux and keeps the list. Every route it registers reads its
// body through a limit set before any handler parses it (see Server.limitBody): forms and API
// calls get small limits, and only routes registered with upload (an upload form) or
// uploadAPI get the upload limit and may take multipart bodies.
type router struct {
	s      *Server
	mux    *http.ServeMux
	routes []Route
}

func (r *router) add(rt Route, h http.Handler) {
	if rt.Upload {
		h = r.s.costlyHandler(rt, h)
	}
	if !alwaysServed[rt.Pattern] {
		h = r.s.failFast(rt, h)
	}
	r.mux.Handle(rt.Pattern, r.s.measure(rt, r.s.limitBody(rt, h)))
	r.routes = append(r.routes, rt)
}

func (r *router) public(pattern string, h http.Handler) {
	r.add(Route{Pattern: pattern}, h)
}

// publicAPI is a route open to anyone whose errors are JSON.
func (r *router) publicAPI(pattern string, h http.Handler) {
	r.add(Route{Pattern: pattern, API: true}, h)
}

func (r *router) page(s *Server, pattern string, need access.Action, h handler) {
	r.add(Route{Pattern: pattern, Need: need}, s.page(need, h))
}

func (r *router) api(s *Server, pattern string, need access.Action, h handler) {
	r.add(Route{Pattern: pattern, Need: need, API: true}, s.api(need, h))
}

// upload registers a page route that takes a multipart form with a file, up to the server's
// upload limit (MaxUploadBytes).
func (r *router) upload(s *Server, pattern string, need access.Action, h handler) {
	r.add(Route{Pattern: pattern, Need: need, Upload: true}, s.page(need, h))
}

// uploadAPI registers an API route whose body is a file, up to the server's upload limit.
func (r *router) uploadAPI(s *Server, pattern string, need access.Action, h handler) {
	r.add(Route{Pattern: pattern, Need: need, API: true, Upload: true}, s.api(need, h))
}

// alwaysServed are the routes that answer while the database is down: liveness (the process is
// fine, restarting it would not help), readiness (it says why it is not ready), static files and
// the choice of language (a cookie), so that the outage's page can be read in the other language.
var alwaysServed = map[string]bool{"GET /healthz": true, "GET /readyz": true, "GET /static/": true, "POST /lang/{lang}": true}

// Routes lists every route of the server, in the order registered.
func (s *Server) Routes() []Route { return s.router().routes }

// routes returns the server's routes as one handler.
func (s *Server) routes() http.Handler { return s.router().mux }

// router lists every route of the server.
func (s *Server) router() *router {
	r := &router{s: s, mux: http.NewServeMux()}
	r.public("GET /healthz", http.HandlerFunc(s.healthz))
	r.public("GET /readyz", http.HandlerFunc(s.readyz))
	r.public("GET /static/", staticHandler())

	r.public("GET /login", http.HandlerFunc(s.signInPage))
	r.public("POST /login", http.HandlerFunc(s.signIn))
	r.public("POST /logout", http.HandlerFunc(s.signOut))
	r.public("POST /lang/{lang}", http.HandlerFunc(s.setLang))
	r.public("GET /sso/{id}", http.HandlerFunc(s.ssoStart))
	r.public("GET /sso/{id}/callback", http.HandlerFunc(s.ssoCallback))
	r.public("GET /password", http.HandlerFunc(s.passwordPage))
	r.public("POST /password", http.HandlerFunc(s.passwordSet))

	r.page(s, "GET /{$}", access.ReadDoctrine, s.home)
	r.page(s, "GET /guides/{slug}", access.ReadDoctrine, s.guidePage)
	r.page(s, "GET /guides/{slug}/v/{n}/s/{id}", access.ReadDoctrine, s.sectionPage)
	r.page(s, "GET /guides/{slug}/v/{n}/source", access.ReadDoctrine, s.sourceFile)
	r.page(s, "GET /guides/{slug}/diff", access.ReadDoctrine, s.diffPage)
	r.page(s, "GET /glossary", access.ReadDoctrine, s.glossaryPage)

	// The leads' workspace.
	r.page(s, "GET /guides", access.EditDoctrine, s.workspacePage)
	r.page(s, "POST /settings/review", access.ManageMembers, s.setReviewRequired)
	r.page(s, "GET /guides/upload", access.EditDoctrine, s.uploadPage)
	r.upload(s, "POST /guides/upload", access.EditDoctrine, s.uploadForm)
	r.page(s, "GET /jobs/{id}", access.EditDoctrine, s.jobPage)
	r.page(s, "GET /guides/write", access.EditDoctrine, s.writePage)
	r.upload(s, "POST /guides/write", access.EditDoctrine, s.editForm)
	r.page(s, "GET /guides/{slug}/edit", access.EditDoctrine, s.editPage)
	r.upload(s, "POST /guides/{slug}/edit", access.EditDoctrine, s.editForm)
	r.page(s, "GET /guides/{slug}/v/{n}/review", access.EditDoctrine, s.reviewPage)
	r.page(s, "POST /guides/{slug}/v/{n}/state", access.EditDoctrine, s.moveForm)
	r.page(s, "POST /guides/{slug}/v/{n}/comments", access.EditDoctrine, s.commentForm)
	r.page(s, "GET /guides/{slug}/services/new", access.EditDoctrine, s.serviceEditPage)
	r.page(s, "GET /guides/{slug}/services/{id}/edit", access.EditDoctrine, s.serviceEditPage)
	r.page(s, "POST /guides/{slug}/services", access.EditDoctrine, s.serviceForm)
	r.page(s, "POST /glossary", access.EditDoctrine, s.glossaryPut)
	r.upload(s, "POST /glossary/import", access.EditDoctrine, s.glossaryImport)
	r.page(s, "POST /glossary/{term}/delete", access.EditDoctrine, s.glossaryDelete)
	r.page(s, "GET /glossary.csv", access.ReadDoctrine, s.glossaryCSV)
	r.page(s, "GET /search", access.ReadDoctrine, s.searchPage)
	r.page(s, "GET /plan", access.MakePlans, s.planNewPage)
	r.page(s, "GET /digest", access.MakePlans, s.digestPage)
	r.upload(s, "POST /digest", access.MakePlans, s.costly(s.digestMake))
	r.page(s, "POST /plan", access.MakePlans, s.costly(s.planMake))
	r.page(s, "POST /plans", access.MakePlans, s.planSave)
	r.page(s, "GET /plans", access.MakePlans, s.plansPage)
	r.page(s, "GET /plans/{id}", access.MakePlans, s.planPage)
	r.page(s, "GET /plans/{id}/print", access.MakePlans, s.planPrintPage)
	r.page(s, "POST /plans/{id}/feedback", access.MakePlans, s.planFeedback)
	r.page(s, "POST /plans/{id}/delete", access.MakePlans, s.planDelete)

	r.page(s, "GET /insights", access.EditDoctrine, s.insightsPage)
	r.page(s, "GET /insights.csv", access.EditDoctrine, s.insightsCSV)
	r.page(s, "GET /insights/about", access.ReadDoctrine, s.insightsAboutPage)
	r.page(s, "POST /insights/retention", access.ManageMembers, s.setRetention)
	r.page(s, "POST /insights/learning", access.ManageMembers, s.setLearning)
	r.api(s, "GET /api/v1/insights", access.EditDoctrine, s.apiInsights)
	r.page(s, "POST /insights/passage-rules", access.EditDoctrine, s.passageRuleForm)
	r.api(s, "GET /api/v1/passage-rules", access.EditDoctrine, s.apiPassageRules)
	r.api(s, "PUT /api/v1/passage-rules/{need}/{guide}/{digest}", access.EditDoctrine, s.apiPutPassageRule)
	r.api(s, "DELETE /api/v1/passage-rules/{need}/{guide}/{digest}", access.EditDoctrine, s.apiDeletePassageRule)

	// Learning paths: the trainers' work, and each member's own paths.
	r.page(s, "GET /paths", access.FollowPaths, s.pathsPage)
	r.page(s, "GET /paths/new", access.ManagePaths, s.newPathPage)
	r.page(s, "POST /paths", access.ManagePaths, s.savePath)
	r.page(s, "GET /paths/{id}", access.FollowPaths, s.pathPage)
	r.page(s, "GET /paths/{id}/edit", access.ManagePaths, s.editPathPage)
	r.page(s, "POST /paths/{id}", access.ManagePaths, s.savePath)
	r.page(s, "POST /paths/{id}/publish", access.ManagePaths, s.publishPath)
	r.page(s, "POST /paths/{id}/assign", access.ManagePaths, s.assignPath)
	r.page(s, "GET /paths/{id}/progress", access.FollowPaths, s.pathProgressPage)
	r.page(s, "GET /paths/{id}/progress.csv", access.FollowPaths, s.pathProgressCSV)
	r.page(s, "GET /me/paths", access.ReadDoctrine, s.myPathsPage)
	r.page(s, "GET /me/paths/{id}", access.ReadDoctrine, s.myPathPage)
	r.page(s, "POST /me/paths/{id}/steps/{step}/read", access.ReadDoctrine, s.readStep)
	r.page(s, "POST /me/paths/{id}/steps/{step}/answer", access.ReadDoctrine, s.answerStep)
	r.page(s, "GET /admin", access.ReadAudit, s.adminPage)
	r.page(s, "GET /members", access.ManageMembers, s.membersPage)
	r.page(s, "POST /members/invite", access.ManageMembers, s.memberInvite)
	r.page(s, "POST /members/{user}/role", access.ManageMembers, s.memberRole)
	r.page(s, "POST /members/{user}/deactivate", access.ManageMembers, s.memberDeactivate)
	r.page(s, "POST /members/{user}/reactivate", access.ManageMembers, s.memberReactivate)
	r.page(s, "POST /members/{user}/reset", access.ManageMembers, s.memberReset)
	r.page(s, "POST /members/links/{id}/delete", access.ManageMembers, s.memberLinkDelete)
	r.page(s, "GET /tokens", access.ManageMembers, s.tokensPage)
	r.page(s, "POST /tokens", access.ManageMembers, s.tokenCreate)
	r.page(s, "POST /tokens/{id}/revoke", access.ManageMembers, s.tokenRevoke)
	r.page(s, "GET /org/export.tar", access.ManageMembers, s.costly(s.orgExport))
	r.page(s, "GET /audit", access.ReadAudit, s.auditPage)
	r.page(s, "GET /audit.csv", access.ReadAudit, s.auditCSV)

	r.api(s, "GET /api/v1/me", access.ReadDoctrine, s.apiMe)
	r.api(s, "GET /api/v1/paths", access.FollowPaths, s.apiPaths)
	r.api(s, "POST /api/v1/paths", access.ManagePaths, s.apiCreatePath)
	r.api(s, "GET /api/v1/paths/suggest", access.ManagePaths, s.apiSuggestPath)
	r.api(s, "GET /api/v1/paths/{id}", access.FollowPaths, s.apiPath)
	r.api(s, "PUT /api/v1/paths/{id}", access.ManagePaths, s.apiSavePath)
	r.api(s, "POST /api/v1/paths/{id}/publish", access.ManagePaths, s.apiPublishPath)
	r.api(s, "POST /api/v1/paths/{id}/assign", access.ManagePaths, s.apiAssignPath)
	r.api(s, "GET /api/v1/paths/{id}/progress", access.FollowPaths, s.apiPathProgress)
	r.api(s, "GET /api/v1/me/paths", access.ReadDoctrine, s.apiMyPaths)
	r.api(s, "GET /api/v1/me/paths/{id}", access.ReadDoctrine, s.apiMyPath)
	r.api(s, "POST /api/v1/me/paths/{id}/steps/{step}/read", access.ReadDoctrine, s.apiReadStep)
	r.api(s, "POST /api/v1/me/paths/{id}/steps/{step}/answer", access.ReadDoctrine, s.apiAnswerStep)
	r.api(s, "GET /api/v1/guides", access.ReadDoctrine, s.apiGuides)
	r.api(s, "GET /api/v1/guides/{slug}", access.ReadDoctrine, s.apiGuide)
	r.api(s, "GET /api/v1/guides/{slug}/versions/{n}/sections", access.ReadDoctrine, s.apiSections)
	r.api(s, "GET /api/v1/guides/{slug}/versions/{n}/sections/{id}", access.ReadDoctrine, s.apiSection)
	r.api(s, "GET /api/v1/guides/{slug}/versions/{n}/source", access.ReadDoctrine, s.sourceFile)
	r.api(s, "GET /api/v1/guides/{slug}/versions/{n}/services", access.ReadDoctrine, s.apiServices)
	r.api(s, "GET /api/v1/guides/{slug}/versions/{n}/pages/{page}", access.ReadDoctrine, s.apiPage)
	r.api(s, "GET /api/v1/guides/{slug}/diff", access.ReadDoctrine, s.apiDiff)
	r.api(s, "GET /api/v1/glossary", access.ReadDoctrine, s.apiGlossary)
	r.api(s, "GET /api/v1/search", access.ReadDoctrine, s.apiSearch)

	r.uploadAPI(s, "POST /api/v1/guides", access.EditDoctrine, s.apiNewGuide)
	r.uploadAPI(s, "POST /api/v1/guides/{slug}/versions", access.EditDoctrine, s.apiNewVersion)
	r.api(s, "GET /api/v1/jobs", access.EditDoctrine, s.apiJobs)
	r.api(s, "GET /api/v1/jobs/{id}", access.EditDoctrine, s.apiJob)
	r.api(s, "POST /api/v1/guides/{slug}/versions/{n}/state", access.EditDoctrine, s.apiMove)
	r.api(s, "GET /api/v1/guides/{slug}/versions/{n}/comments", access.EditDoctrine, s.apiComments)
	r.api(s, "POST /api/v1/guides/{slug}/versions/{n}/comments", access.EditDoctrine, s.apiAddComment)
	r.api(s, "GET /api/v1/guides/{slug}/versions/{n}/impact", access.EditDoctrine, s.apiImpact)
	r.api(s, "PUT /api/v1/guides/{slug}/versions/{n}/sections/{id}", access.EditDoctrine, s.apiEditSection)
	r.api(s, "PUT /api/v1/guides/{slug}/versions/{n}/services/{id}", access.EditDoctrine, s.apiPutService)
	r.uploadAPI(s, "POST /api/v1/guides/{slug}/text", access.EditDoctrine, s.apiSaveText)
	r.uploadAPI(s, "POST /api/v1/preview", access.EditDoctrine, s.apiPreview)
	r.api(s, "PUT /api/v1/glossary/{term}", access.EditDoctrine, s.apiPutTerm)
	r.api(s, "DELETE /api/v1/glossary/{term}", access.EditDoctrine, s.apiDeleteTerm)
	r.api(s, "GET /api/v1/settings", access.ReadDoctrine, s.apiSettings)
	r.api(s, "PUT /api/v1/settings", access.ManageMembers, s.apiSetSettings)
	r.api(s, "POST /api/v1/plans", access.MakePlans, s.costly(s.apiPlanMake))
	r.api(s, "GET /api/v1/plans", access.MakePlans, s.apiPlans)
	r.api(s, "GET /api/v1/plans/{id}", access.MakePlans, s.apiPlan)
	r.api(s, "DELETE /api/v1/plans/{id}", access.MakePlans, s.apiPlanDelete)
	r.api(s, "POST /api/v1/plans/{id}/feedback", access.MakePlans, s.apiFeedback)
	r.api(s, "GET /api/v1/plans/{id}/markdown", access.MakePlans, s.apiPlanMarkdown)
	r.api(s, "GET /api/v1/plans/{id}/text", access.MakePlans, s.apiPlanText)
	r.api(s, "POST /api/v1/digests", access.MakePlans, s.costly(s.apiDigest))
	r.api(s, "GET /api/v1/members", access.ManageMembers, s.apiMembers)
	r.api(s, "POST /api/v1/members", access.ManageMembers, s.apiMemberInvite)
	r.api(s, "PATCH /api/v1/members/{user}", access.ManageMembers, s.apiMemberUpdate)
	r.api(s, "POST /api/v1/members/{user}/reset", access.ManageMembers, s.apiMemberReset)
	r.api(s, "GET /api/v1/tokens", access.ManageMembers, s.apiTokens)
	r.api(s, "POST /api/v1/tokens", access.ManageMembers, s.apiTokenCreate)
	r.api(s, "DELETE /api/v1/tokens/{id}", access.ManageMembers, s.apiTokenRevoke)
	r.api(s, "GET /api/v1/audit", access.ReadAudit, s.apiAudit)
	r.publicAPI("GET /api/v1/openapi.json", http.HandlerFunc(s.openAPIHandler))
	r.publicAPI("/api/", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		s.writeError(w, req, errNoRoute(req))
	}))
	return r
}
