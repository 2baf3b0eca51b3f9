package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
)

// reviewView is the review page of one version: what it holds, what was hard to read, what
// reviewers said, what it changes and whom that affects, and the moves the caller may make.
type reviewView struct {
	authoring.GuidePage
	Comments []socle.Comment
	Impact   authoring.Impact
	Diff     *authoring.Diff // against the published version, or the one before
	People   map[string]string
	Settings socle.Settings
	Mine     bool // the caller wrote this version
	Headings map[string]string
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	ctx := r.Context()
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	page, err := s.Authoring.GuidePage(ctx, p.Org.ID, slug, n, true)
	if err != nil {
		return err
	}
	v := reviewView{GuidePage: page, Mine: page.Version.Author == p.User.ID, Headings: map[string]string{}}
	for _, sec := range page.Sections {
		v.Headings[sec.ID] = strings.Join(sec.Path, " › ")
	}
	if v.Comments, err = s.Store.Comments(ctx, p.Org.ID, page.Version.ID); err != nil {
		return err
	}
	if v.Impact, err = s.Authoring.Impact(ctx, p.Org.ID, slug, n); err != nil {
		return err
	}
	if against := compareWith(page); against > 0 {
		d, err := s.Authoring.Compare(ctx, p.Org.ID, slug, against, n, true)
		if err != nil {
			return err
		}
		v.Diff = &d
	}
	if v.People, err = s.people(ctx, p.Org.ID); err != nil {
		return err
	}
	if v.Settings, err = s.Authoring.Settings(ctx, p.Org.ID); err != nil {
		return err
	}
	title := page.Guide.Title + " · v" + strconv.Itoa(n)
	return s.render(w, r, http.StatusOK, "review", title, &p, v)
}

// compareWith picks the version a version is best read against: the published one, else the
// one it was written from, else none.
func compareWith(page authoring.GuidePage) int {
	switch {
	case page.Published != nil && page.Published.N != page.Version.N:
		return page.Published.N
	case page.Version.BaseN > 0:
		return page.Version.BaseN
	}
	return 0
}

// moveForm takes a review move from the review page.
func (s *Server) moveForm(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	state := socle.VersionState(r.PostFormValue("state"))
	_, err = s.Authoring.Move(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, slug, n, state, strings.TrimSpace(r.PostFormValue("comment")))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/guides/"+slug+"/v/"+strconv.Itoa(n)+"/review", http.StatusSeeOther)
	return nil
}

// commentForm takes a comment from the review page.
func (s *Server) commentForm(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	c, err := s.Authoring.AddComment(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, slug, n, r.PostFormValue("section"), r.PostFormValue("body"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/guides/"+slug+"/v/"+strconv.Itoa(n)+"/review#comment-"+c.ID, http.StatusSeeOther)
	return nil
}

type moveRequest struct {
	State   socle.VersionState `json:"state"`
	Comment string             `json:"comment"`
}

// apiMove answers POST /api/v1/guides/{slug}/versions/{n}/state.
func (s *Server) apiMove(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	var req moveRequest
	if err := decodeStrict(r, &req, `{"state": "review|published|draft|archived", "comment": "…"}`); err != nil {
		return err
	}
	v, err := s.Authoring.Move(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("slug"), n, req.State, strings.TrimSpace(req.Comment))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toVersionJSON(v))
	return nil
}

type commentJSON struct {
	ID        string             `json:"id"`
	SectionID string             `json:"section_id,omitempty"`
	Author    string             `json:"author"`
	State     socle.VersionState `json:"state,omitempty"`
	Body      string             `json:"body"`
	CreatedAt time.Time          `json:"created_at"`
}

func toCommentJSON(c socle.Comment, people map[string]string) commentJSON {
	author := people[c.Author]
	if author == "" {
		author = c.Author
	}
	return commentJSON{c.ID, c.SectionID, author, c.State, c.Body, c.CreatedAt}
}

// apiComments answers GET /api/v1/guides/{slug}/versions/{n}/comments.
func (s *Server) apiComments(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	page, err := s.Authoring.GuidePage(r.Context(), p.Org.ID, r.PathValue("slug"), n, true)
	if err != nil {
		return err
	}
	cs, err := s.Store.Comments(r.Context(), p.Org.ID, page.Version.ID)
	if err != nil {
		return err
	}
	people, err := s.people(r.Context(), p.Org.ID)
	if err != nil {
		return err
	}
	out := make([]commentJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, toCommentJSON(c, people))
	}
	writeJSON(w, http.StatusOK, map[string]any{"comments": out})
	return nil
}

// apiAddComment answers POST /api/v1/guides/{slug}/versions/{n}/comments.
func (s *Server) apiAddComment(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	var req struct {
		Body      string `json:"body"`
		SectionID string `json:"section_id"`
	}
	if err := decodeStrict(r, &req, `{"body": "…", "section_id": "(optional)"}`); err != nil {
		return err
	}
	c, err := s.Authoring.AddComment(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, r.PathValue("slug"), n, req.SectionID, req.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toCommentJSON(c, map[string]string{p.User.ID: p.User.Email}))
	return nil
}

// apiImpact answers GET /api/v1/guides/{slug}/versions/{n}/impact: the sections of the
// published version that version n changes or removes, and the saved plans citing them.
func (s *Server) apiImpact(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	n, err := versionNumber(r.PathValue("n"), false)
	if err != nil {
		return err
	}
	imp, err := s.Authoring.Impact(r.Context(), p.Org.ID, r.PathValue("slug"), n)
	if err != nil {
		return err
	}
	type section struct {
		SectionID string       `json:"section_id"`
		Path      []string     `json:"path"`
		Change    socle.Change `json:"change"`
	}
	type plan struct {
		ID        string    `json:"id"`
		Title     string    `json:"title"`
		CreatedAt time.Time `json:"created_at"`
		Sections  []string  `json:"sections"`
	}
	type path struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Steps int    `json:"steps"`
	}
	type rule struct {
		Need      string `json:"need"`
		Digest    string `json:"digest"`
		Rule      string `json:"rule"`
		SectionID string `json:"section_id"`
		Quote     string `json:"quote"`
	}
	out := struct {
		Against  int       `json:"against,omitempty"`
		Sections []section `json:"sections"`
		Plans    []plan    `json:"plans"`
		Paths    []path    `json:"paths"`
		Rules    []rule    `json:"passage_rules"`
	}{Sections: []section{}, Plans: []plan{}, Paths: []path{}, Rules: []rule{}}
	if imp.Against != nil {
		out.Against = imp.Against.N
	}
	for _, c := range imp.Changes {
		out.Sections = append(out.Sections, section{c.Old.ID, nonNil(c.Old.Path), c.Change})
	}
	for _, pl := range imp.Plans {
		out.Plans = append(out.Plans, plan{pl.PlanID, pl.Title, pl.CreatedAt, pl.SectionIDs})
	}
	for _, pu := range imp.Paths {
		out.Paths = append(out.Paths, path{pu.ID, pu.Title, pu.Steps})
	}
	for _, ru := range imp.Rules {
		out.Rules = append(out.Rules, rule{ru.Need, ru.Digest, string(ru.Rule), ru.SectionID, ru.Quote})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

var reviewMessages = catalog{
	"fr": {
		"review.by":                "par",
		"review.note.label":        "Note :",
		"review.base":              "écrite à partir de",
		"review.submit":            "Soumettre à la relecture",
		"review.submit.note":       "Message aux relecteurs (facultatif)",
		"review.publish":           "Publier",
		"review.publish.note":      "Commentaire de publication (facultatif)",
		"review.back":              "Renvoyer au brouillon",
		"review.back.note":         "Ce qui doit changer (obligatoire)",
		"review.own":               "Vous êtes l'auteur de cette version : la relecture étant obligatoire, un autre référent ou un administrateur la publiera.",
		"review.live":              "Version publiée, consultée par les professionnels depuis le",
		"review.rollback":          "Republier cette version (revenir en arrière)",
		"review.withdraw":          "Retirer (archiver) la version publiée",
		"review.archive":           "Archiver ce brouillon",
		"review.problems":          "Difficultés de lecture",
		"review.impact":            "Effet de la publication",
		"review.impact.against":    "Par rapport à la version publiée",
		"review.impact.sections":   "section(s) modifiée(s) ou retirée(s) ;",
		"review.impact.plans":      "plan(s) enregistré(s) citent ces passages et signaleront le changement.",
		"review.impact.noplan":     "aucun plan enregistré ne cite ces passages.",
		"review.impact.paths":      "Parcours d'intégration à relire après publication :",
		"review.impact.steps":      "étape(s) sur ces passages",
		"review.impact.cited":      "passage(s) cité(s)",
		"review.impact.rules":      "Vos décisions sur ces passages ne s'appliqueront plus : cette version en change ou en retire la phrase. Après publication, décidez à nouveau sur la nouvelle phrase si besoin.",
		"review.impact.rules.link": "Vos décisions",
		"review.comments":          "Commentaires",
		"review.nocomment":         "Aucun commentaire.",
		"review.on":                "sur",
		"review.comment":           "Votre commentaire",
		"review.section":           "Sur la section",
		"review.whole":             "la version entière",
		"review.comment.add":       "Commenter",
		"notice.changed":           "La doctrine citée a changé le",
		"notice.removed":           "Le passage cité a été retiré de la doctrine le",
		"notice.diff":              "voir les changements",
	},
	"en": {
		"review.by":                "by",
		"review.note.label":        "Note:",
		"review.base":              "written from",
		"review.submit":            "Submit for review",
		"review.submit.note":       "Message to reviewers (optional)",
		"review.publish":           "Publish",
		"review.publish.note":      "Publication comment (optional)",
		"review.back":              "Send back to draft",
		"review.back.note":         "What should change (required)",
		"review.own":               "You wrote this version: since review is required, another lead or an administrator will publish it.",
		"review.live":              "Published version, read by caseworkers since",
		"review.rollback":          "Publish this version again (roll back)",
		"review.withdraw":          "Withdraw (archive) the published version",
		"review.archive":           "Archive this draft",
		"review.problems":          "Reading difficulties",
		"review.impact":            "What publishing changes",
		"review.impact.against":    "Compared with the published version",
		"review.impact.sections":   "section(s) changed or removed;",
		"review.impact.plans":      "saved plan(s) cite these passages and will flag the change.",
		"review.impact.noplan":     "no saved plan cites these passages.",
		"review.impact.paths":      "Onboarding paths to re-read after publication:",
		"review.impact.steps":      "step(s) on these passages",
		"review.impact.cited":      "cited passage(s)",
		"review.impact.rules":      "Your decisions on these passages will no longer apply: this version changes or removes their sentence. After publication, decide again on the new sentence if needed.",
		"review.impact.rules.link": "Your decisions",
		"review.comments":          "Comments",
		"review.nocomment":         "No comment yet.",
		"review.on":                "on",
		"review.comment":           "Your comment",
		"review.section":           "On the section",
		"review.whole":             "the whole version",
		"review.comment.add":       "Comment",
		"notice.changed":           "The cited doctrine changed on",
		"notice.removed":           "The cited passage was removed from the doctrine on",
		"notice.diff":              "see the changes",
	},
}
