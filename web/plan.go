package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/insights"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/plan/pseudonym"
)

// planMessages are the texts of the plan pages added with the situation reading: the needs
// read, striking one out or adding one, why a plan has no step.
var planMessages = catalog{
	"fr": {
		"plan.needs":                "Besoins repérés",
		"plan.needs.hint":           "Décochez un besoin qui ne correspond pas à la situation, ajoutez-en un, puis refaites le plan.",
		"plan.needs.none":           "Aucun besoin reconnu dans la situation.",
		"plan.needs.add":            "Ajouter un besoin",
		"plan.needs.stated":         "ajouté par vous",
		"plan.needs.suggested":      "Besoins possibles",
		"plan.needs.suggested.hint": "Des situations semblables montraient ces besoins, ou la situation les évoque sans qu'ils semblent être la demande ; le plan ne les a pas cherchés. Cochez-en un, puis refaites le plan.",
		"plan.needs.suggested.why":  "mots de la situation qui le suggèrent",
		"plan.needs.read.why":       "mots de la situation qui l'ont fait repérer",
		"plan.needs.unsure":         "à vérifier",
		"plan.needs.unsure.why":     "dans des situations semblables, ces mots étaient souvent du contexte : vérifiez que c'est bien une demande",
		"plan.needs.sure":           "lu par le modèle",
		"plan.needs.sure.why":       "aucun mot du lexique, mais le modèle des besoins, appris sur des situations semblables, est presque sûr que la situation le montre : décochez-le s'il n'y est pas",
		"plan.needs.doubted":        "évoqué, sans doute du contexte",
		"plan.needs.doubted.why":    "La situation emploie des mots de ce besoin, mais des situations semblables les employaient le plus souvent pour le contexte (un proche, un droit déjà ouvert, un fait passé).",
		"plan.needs.redo":           "Refaire le plan",
		"plan.needs.start":          "Un besoin à traiter d'emblée (facultatif)",
		"plan.needs.uncovered":      "Besoins sans consigne dans vos guides",
		"plan.needs.urgent":         "urgent",
		"plan.urgent.title":         "Besoin urgent sans consigne dans vos guides :",
		"plan.urgent.hint":          "Ce plan ne propose aucune étape pour ce besoin : appliquez sans attendre la procédure d'urgence de votre organisation et prévenez votre responsable.",
		"plan.needs.read":           "à lire :",
		"plan.reason.nopassage":     "aucun passage de vos guides ne traite de ce besoin",
		"plan.reason.noinstruction": "vos guides en parlent sans dire quoi faire",
		"plan.reason.notapplied":    "vos guides en parlent, mais aucune de leurs consignes n'a paru s'appliquer à la situation",
		"plan.reason.removed":       "vos guides en parlent, mais vos collègues retirent souvent de leurs plans les passages trouvés pour ce besoin : ils sont proposés parmi les autres passages",
		"plan.reason.allremoved":    "vos collègues retirent souvent de leurs plans les passages trouvés : ils sont proposés parmi les autres passages de vos guides",
		"plan.reason.orgsetaside":   "vos guides en parlent, mais votre organisation a choisi de ne pas proposer comme étapes les passages trouvés pour ce besoin : ils sont proposés parmi les autres passages",
		"plan.reason.allsetaside":   "votre organisation a choisi de ne pas proposer comme étapes les passages trouvés : ils sont proposés parmi les autres passages de vos guides",
		"plan.reason.noneed":        "aucun besoin reconnu dans la situation : précisez-la ou ajoutez un besoin ci-dessus",
		"plan.reason.nodoctrine":    "aucun passage de vos guides ne répond aux besoins repérés",
		"plan.reason.noaction":      "les passages trouvés ne contiennent aucune consigne applicable",
		"plan.empty.why":            "Pas d'étape :",
		"finish.title":              "Étapes du plan",
		"finish.hint":               "Avant d'enregistrer : retirez une étape, changez l'ordre, ajoutez vos propres étapes, une échéance et qui s'en charge.",
		"finish.up":                 "Monter",
		"finish.down":               "Descendre",
		"finish.remove":             "Retirer",
		"finish.add":                "Ajouter une étape",
		"finish.own":                "Votre étape",
		"finish.own.note":           "Étape ajoutée par vous : hors doctrine, sans citation",
		"finish.due":                "Échéance",
		"finish.who":                "Qui s'en charge",
		"finish.partner":            "Nom du partenaire",
		"finish.who.label":          "Qui s'en charge :",
		"finish.due.label":          "Échéance :",
		"finish.moved":              "Étape déplacée en position",
		"finish.removed":            "Étape retirée.",
		"finish.added":              "Étape ajoutée en fin de plan.",
		"finish.step":               "Étape",
		"offered.title":             "Autres passages de vos guides",
		"offered.hint":              "Le plan a choisi ses étapes sans lire finement la situation. Ces phrases de vos guides portent sur les mêmes besoins : cochez celles qui s'appliquent à la personne pour les ajouter au plan, avec leur citation.",
		"offered.add":               "Ajouter au plan",
		"offered.added":             "Passage ajouté en fin de plan.",
		"offered.back":              "Passage remis parmi les autres passages de vos guides.",
		"learned.added":             "Vos collègues ajoutent souvent ce passage pour ce besoin : le plan le propose parmi les étapes.",
		"learned.removed":           "Vos collègues retirent souvent ce passage des plans pour ce besoin : il est proposé ici plutôt que parmi les étapes.",
		"who.":                      "—",
		"who.person":                "La personne",
		"who.caseworker":            "Le travailleur social",
		"who.partner":               "Un partenaire",
		"plan.text":                 "Exporter (texte à coller)",
		"plan.printed":              "Imprimer",
		"print.made":                "Plan établi le",
		"print.back":                "Retour au plan",
		"plan.kept":                 "Ce plan était déjà enregistré : c'est lui qui est gardé, tel qu'il a été enregistré la première fois. Les changements faits depuis n'ont pas été appliqués ; pour les garder, refaites le plan.",
	},
	"en": {
		"plan.needs":                "Needs identified",
		"plan.needs.hint":           "Untick a need that does not fit the situation, add one, then make the plan again.",
		"plan.needs.none":           "No need recognized in the situation.",
		"plan.needs.add":            "Add a need",
		"plan.needs.stated":         "added by you",
		"plan.needs.suggested":      "Possible needs",
		"plan.needs.suggested.hint": "Similar situations showed these needs, or the situation mentions them but they do not seem to be what is asked; the plan did not search for them. Tick one, then make the plan again.",
		"plan.needs.suggested.why":  "words of the situation that suggest it",
		"plan.needs.read.why":       "words of the situation that revealed it",
		"plan.needs.unsure":         "to check",
		"plan.needs.unsure.why":     "in similar situations these words were often context: check that it is what is asked",
		"plan.needs.sure":           "read by the model",
		"plan.needs.sure.why":       "no word of the lexicon, but the needs model, learned from similar situations, is nearly sure the situation shows it: untick it if not",
		"plan.needs.doubted":        "mentioned, likely context",
		"plan.needs.doubted.why":    "The situation uses words of this need, but similar situations mostly used them for the context (a relative, a right already open, a past event).",
		"plan.needs.redo":           "Make the plan again",
		"plan.needs.start":          "A need to address from the start (optional)",
		"plan.needs.uncovered":      "Needs your guides give no instruction for",
		"plan.needs.urgent":         "urgent",
		"plan.urgent.title":         "Urgent need your guides give no instruction for:",
		"plan.urgent.hint":          "This plan proposes no step for it: follow your organization's emergency procedure now and tell your manager.",
		"plan.needs.read":           "read:",
		"plan.reason.nopassage":     "no passage of your guides deals with this need",
		"plan.reason.noinstruction": "your guides mention it without saying what to do",
		"plan.reason.notapplied":    "your guides speak of it, but none of their instructions seemed to apply to the situation",
		"plan.reason.removed":       "your guides speak of it, but your colleagues often take the passages found for this need out of their plans: they are offered among the other passages",
		"plan.reason.allremoved":    "your colleagues often take the passages found out of their plans: they are offered among the other passages of your guides",
		"plan.reason.orgsetaside":   "your guides speak of it, but your organization chose not to propose the passages found for this need as steps: they are offered among the other passages",
		"plan.reason.allsetaside":   "your organization chose not to propose the passages found as steps: they are offered among the other passages of your guides",
		"plan.reason.noneed":        "no need recognized in the situation: describe it further or add a need above",
		"plan.reason.nodoctrine":    "no passage of your guides answers the needs identified",
		"plan.reason.noaction":      "the passages found hold no instruction that applies",
		"plan.empty.why":            "No step:",
		"finish.title":              "Steps of the plan",
		"finish.hint":               "Before saving: remove a step, change the order, add steps of your own, a due date and who does it.",
		"finish.up":                 "Move up",
		"finish.down":               "Move down",
		"finish.remove":             "Remove",
		"finish.add":                "Add a step",
		"finish.own":                "Your step",
		"finish.own.note":           "Step added by you: not from the doctrine, no citation",
		"finish.due":                "Due",
		"finish.who":                "Who does it",
		"finish.partner":            "Partner's name",
		"finish.who.label":          "Who does it:",
		"finish.due.label":          "Due:",
		"finish.moved":              "Step moved to position",
		"finish.removed":            "Step removed.",
		"finish.added":              "Step added at the end of the plan.",
		"finish.step":               "Step",
		"offered.title":             "More passages from your guides",
		"offered.hint":              "The plan chose its steps without a close reading of the situation. These sentences of your guides bear on the same needs: tick those that apply to the person to add them to the plan, with their citation.",
		"offered.add":               "Add to the plan",
		"offered.added":             "Passage added at the end of the plan.",
		"offered.back":              "Passage put back among the other passages of your guides.",
		"learned.added":             "Your colleagues often add this passage for this need: the plan proposes it among the steps.",
		"learned.removed":           "Your colleagues often take this passage out of plans for this need: it is offered here rather than among the steps.",
		"who.":                      "—",
		"who.person":                "The person",
		"who.caseworker":            "The caseworker",
		"who.partner":               "A partner",
		"plan.text":                 "Export (text to paste)",
		"plan.printed":              "Print",
		"print.made":                "Plan made on",
		"print.back":                "Back to the plan",
		"plan.kept":                 "This plan had been saved already: it is the one kept, as it was saved the first time. The changes made since were not applied; to keep them, make the plan again.",
	},
}

// Retention of saved plans: a month unless the user says otherwise, a year at most.
const (
	defaultRetentionDays = 30
	maxRetentionDays     = 365
)

// planRequest is the body of POST /api/v1/plans: a case, and whether to keep the plan.
type planRequest struct {
	Situation     string     `json:"situation"`
	Facts         plan.Facts `json:"facts"`
	Save          bool       `json:"save"`
	RetentionDays int        `json:"retention_days"`
	// Draft is a plan made before and not saved (the answer's "draft"): saved as finished by
	// Steps, instead of making a plan. Steps, when given, are the steps kept, in order, with
	// the caseworker's own steps, due days and who does each.
	Draft string          `json:"draft"`
	Steps []plan.StepEdit `json:"steps"`
}

// planShape is the body POST /api/v1/plans expects, for error messages.
const planShape = `{"situation": "…", "facts": {…}, "save": false, "retention_days": 30, "steps": [{"from": 0, "due": "2026-03-02", "who": "person|caseworker|partner", "partner": "…"}, {"offered": 1}, {"action": "…"}]} or {"draft": "…", "steps": […], "save": true}`

func retention(days int) (time.Duration, error) {
	switch {
	case days == 0:
		days = defaultRetentionDays
	case days < 0 || days > maxRetentionDays:
		return 0, socle.Errorf(socle.EINVALID, "retention_days %d: keep a plan 1 to %d days", days, maxRetentionDays)
	}
	return time.Duration(days) * 24 * time.Hour, nil
}

// makePlan runs the planner and gathers the services its report names.
func (s *Server) makePlan(r *http.Request, p access.Principal, c plan.Case) (*plan.Result, map[string]socle.Service, error) {
	if s.Planner == nil {
		return nil, nil, socle.Errorf(socle.EUNAVAILABLE, "planning is not configured on this server")
	}
	res, err := s.Planner.Plan(r.Context(), p.Org.ID, c)
	if err != nil {
		return nil, nil, err
	}
	services := map[string]socle.Service{}
	for _, svc := range res.Context.Services {
		services[svc.VersionID+"/"+svc.ID] = svc
	}
	res.Plan.AuthorID = p.User.ID
	s.Usage.Record(insights.PlanEvent(p.Org.ID, p.User.ID, res))
	return res, services, nil
}

// savePlan stores a plan for the principal. A plan of a draft (pl.DraftID) is stored once:
// saved again, the draft gives back the plan saved first, as it was then (the store holds
// this, across servers).
func (s *Server) savePlan(r *http.Request, p access.Principal, pl socle.Plan, days int) (socle.Plan, error) {
	ttl, err := retention(days)
	if err != nil {
		return pl, err
	}
	pl.OrgID, pl.AuthorID, pl.ExpiresAt = p.Org.ID, p.User.ID, socle.Now().Add(ttl)
	if err = s.Store.SavePlan(socle.WithActor(r.Context(), p.User.ID), &pl); err != nil {
		return pl, err
	}
	if pl.AuthorID != p.User.ID {
		// A draft opens only for the member it was sealed for, so its id cannot name another
		// member's plan; should it ever, that plan is not shown.
		return socle.Plan{}, errDraft()
	}
	return pl, nil
}

// finishAndSave finishes a draft with the caseworker's choices and saves it. What they kept,
// removed and added of the draft's passages is recorded for the planner to learn from, once: a
// draft saved again gives back the plan saved first, made before this request.
func (s *Server) finishAndSave(r *http.Request, p access.Principal, draft socle.Plan, offered []socle.Step, edits []plan.StepEdit, days int) (finished, saved socle.Plan, err error) {
	if finished, err = plan.Finish(draft, offered, edits, s.pseudonymizer()); err != nil {
		return finished, saved, err
	}
	start := socle.Now()
	if saved, err = s.savePlan(r, p, finished, days); err != nil {
		return finished, saved, err
	}
	if uses := plan.PassageUses(draft, offered, saved); len(uses) > 0 && !saved.CreatedAt.Before(start) {
		s.Usage.Record(insights.DraftEvent(p.Org.ID, p.User.ID, uses))
	}
	return finished, saved, nil
}

// apiPlanMake answers POST /api/v1/plans, the integration point for case management systems.
func (s *Server) apiPlanMake(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req planRequest
	if err := decodeStrict(r, &req, planShape); err != nil {
		return err
	}
	if req.Draft != "" {
		return s.apiDraftSave(w, r, p, req)
	}
	c := plan.Case{Situation: req.Situation, Facts: req.Facts}
	if err := c.Validate(); err != nil {
		return err
	}
	res, services, err := s.makePlan(r, p, c)
	if err != nil {
		return err
	}
	if req.Steps != nil && !req.Save {
		return socle.Errorf(socle.EINVALID, `steps finish a plan being saved: send "save": true, or make the plan first and send its "draft" back with the steps`)
	}
	var sealed string
	if req.Save {
		_, saved, err := s.finishAndSave(r, p, res.Plan, res.Offered, req.Steps, req.RetentionDays)
		if err != nil {
			return err
		}
		res.Plan = saved
	} else if sealed, err = s.sealDraft(r.Context(), p, res.Plan, res.Offered, time.Now()); err != nil {
		return err
	}
	rep := res.Report(services)
	rep.Draft = sealed
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// apiDraftSave saves a draft made by an earlier call, finished by the request's steps. A draft
// is saved once: sent again (a client's retry), it answers, with the same status, the plan
// saved the first time, whatever steps the new request holds.
func (s *Server) apiDraftSave(w http.ResponseWriter, r *http.Request, p access.Principal, req planRequest) error {
	if !req.Save || req.Situation != "" {
		return socle.Errorf(socle.EINVALID, `a draft is sent back to be saved: send "draft", "steps" and "save": true, without a situation`)
	}
	pl, offered, err := s.openDraft(r.Context(), p, req.Draft, time.Now())
	if err != nil {
		return err
	}
	_, saved, err := s.finishAndSave(r, p, pl, offered, req.Steps, req.RetentionDays)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, plan.NewReport(saved, stepNeeds(saved), s.planServices(r, saved), nil))
	return nil
}

// pseudonymizer is the planner's, or nil when the server has none.
func (s *Server) pseudonymizer() *pseudonym.Pseudonymizer {
	if s.Planner == nil {
		return nil
	}
	return s.Planner.Pseudonymizer
}

// apiDigest answers POST /api/v1/digests: a case file's notes summed up, pseudonymized.
func (s *Server) apiDigest(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	cf, err := plan.ParseCaseFile(r.Body)
	if err != nil {
		return err
	}
	if s.Planner == nil || s.Planner.Pseudonymizer == nil {
		return socle.Errorf(socle.EUNAVAILABLE, "case digests need the pseudonymizer, which this server lacks")
	}
	d, err := plan.MakeDigest(cf, s.Planner.Pseudonymizer)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// decodeStrict reads a JSON body, refusing unknown fields, with a message showing the shape.
func decodeStrict(r *http.Request, v any, shape string) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return socle.Errorf(socle.ETOOLARGE, "the request body is over %d KiB", tooLarge.Limit>>10)
		}
		return socle.Errorf(socle.EINVALID, "the request body is not what was expected (%v): send %s", err, shape)
	}
	return nil
}

// planUse is what a request does with a saved plan, for the saved-plans policy.
type planUse int

const (
	planRead    planUse = iota // open, export
	planComment                // rate a step
	planRemove                 // delete
)

// savedPlan reads a saved plan for a use the principal's role allows. The policy
// (docs/security.md): the author manages their plans; members who may supervise (leads,
// admins) read the others' plans, and each such read is an audit event; only admins delete
// another member's plan (audited by the store); nobody but the author rates its steps. Anyone
// else finds no such plan.
func (s *Server) savedPlan(r *http.Request, p access.Principal, use planUse) (socle.Plan, error) {
	pl, err := s.Store.Plan(r.Context(), p.Org.ID, r.PathValue("id"))
	if err != nil || pl.AuthorID == p.User.ID {
		return pl, err
	}
	if !p.Can(access.SupervisePlans) {
		return socle.Plan{}, socle.Errorf(socle.ENOTFOUND, "plan %q not found", r.PathValue("id"))
	}
	switch use {
	case planComment:
		return socle.Plan{}, socle.Errorf(socle.EFORBIDDEN, "only the author of a plan rates its steps")
	case planRemove:
		if !p.Can(access.DeleteAnyPlan) {
			return socle.Plan{}, socle.Errorf(socle.EFORBIDDEN, "deleting another member's plan is for administrators")
		}
		return pl, nil
	}
	err = s.Store.AppendAudit(socle.WithActor(r.Context(), p.User.ID), &socle.AuditEvent{
		OrgID: p.Org.ID, Action: "plan.read", ObjectKind: "plan", ObjectID: pl.ID, Detail: "author " + pl.AuthorID})
	if err != nil {
		return socle.Plan{}, err
	}
	return pl, nil
}

// plansFilter lists the principal's own plans, or every plan of the organization for members
// who supervise.
func plansFilter(p access.Principal) socle.PlanFilter {
	f := socle.PlanFilter{Limit: 200}
	if !p.Can(access.SupervisePlans) {
		f.AuthorID = p.User.ID
	}
	return f
}

// planServices reads the services a saved plan names.
func (s *Server) planServices(r *http.Request, pl socle.Plan) map[string]socle.Service {
	out := map[string]socle.Service{}
	for _, st := range pl.Steps {
		for _, ref := range st.Services {
			if svc, err := s.Store.Service(r.Context(), pl.OrgID, ref.VersionID, ref.ServiceID); err == nil {
				out[ref.VersionID+"/"+ref.ServiceID] = svc
			}
		}
	}
	return out
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	plans, err := s.Store.Plans(r.Context(), p.Org.ID, plansFilter(p))
	if err != nil {
		return err
	}
	type item struct {
		ID        string    `json:"id"`
		Title     string    `json:"title"`
		Steps     int       `json:"steps"`
		CreatedAt time.Time `json:"created_at"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	out := []item{}
	for _, pl := range plans {
		out = append(out, item{pl.ID, pl.Title, len(pl.Steps), pl.CreatedAt, pl.ExpiresAt})
	}
	writeJSON(w, http.StatusOK, map[string]any{"plans": out})
	return nil
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	pl, err := s.savedPlan(r, p, planRead)
	if err != nil {
		return err
	}
	notices, err := s.doctrineChanges(r.Context(), p.Org.ID, pl)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		plan.Report
		DoctrineChanges []doctrineChangeJSON `json:"doctrine_changes"`
	}{plan.NewReport(pl, stepNeeds(pl), s.planServices(r, pl), nil), doctrineChangesJSON(pl, notices)})
	return nil
}

func stepNeeds(pl socle.Plan) []string {
	var out []string
	seen := map[string]bool{}
	for _, st := range pl.Steps {
		if st.Need != "" && !seen[st.Need] {
			seen[st.Need] = true
			out = append(out, st.Need)
		}
	}
	return out
}

func (s *Server) apiPlanDelete(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	pl, err := s.savedPlan(r, p, planRemove)
	if err != nil {
		return err
	}
	if err := s.Store.DeletePlan(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, pl.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type feedbackRequest struct {
	Step    int           `json:"step"`
	Verdict socle.Verdict `json:"verdict"`
	Comment string        `json:"comment"`
}

func (s *Server) addFeedback(r *http.Request, p access.Principal, req feedbackRequest) error {
	pl, err := s.savedPlan(r, p, planComment)
	if err != nil {
		return err
	}
	if len(req.Comment) > 2000 {
		return socle.Errorf(socle.EINVALID, "the comment is over 2000 characters")
	}
	// A comment is free text about a case: it is stored pseudonymized, like the case itself.
	comment := strings.TrimSpace(req.Comment)
	if comment != "" {
		if s.Planner == nil || s.Planner.Pseudonymizer == nil {
			return socle.Errorf(socle.EUNAVAILABLE, "comments need the pseudonymizer, which this server lacks: send the verdict without a comment")
		}
		res, err := s.Planner.Pseudonymizer.Pseudonymize(comment, &pseudonym.Mapping{})
		if err != nil {
			return err
		}
		comment = res.Text
	}
	fb := &socle.Feedback{OrgID: p.Org.ID, PlanID: pl.ID, Step: req.Step, UserID: p.User.ID, Verdict: req.Verdict, Comment: comment}
	if err := s.Store.AddFeedback(socle.WithActor(r.Context(), p.User.ID), fb); err != nil {
		return err
	}
	// The verdict joins the sections its step cites, for the insights; the comment as stored.
	s.Usage.Record(insights.FeedbackEvent(p.Org.ID, p.User.ID, pl.Steps[req.Step], fb.Verdict, fb.Comment))
	return nil
}

func (s *Server) apiFeedback(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req feedbackRequest
	if err := decodeStrict(r, &req, `{"step": 0, "verdict": "useful|wrong|unsupported", "comment": "…"}`); err != nil {
		return err
	}
	if err := s.addFeedback(r, p, req); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiPlanMarkdown exports a saved plan as Markdown.
func (s *Server) apiPlanMarkdown(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	pl, err := s.savedPlan(r, p, planRead)
	if err != nil {
		return err
	}
	// Links start with the configured public address, never with the request's Host, which
	// the client chooses.
	md := plan.Markdown(pl, s.planServices(r, pl), s.PublicURL, nil)
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="plan-`+pl.CreatedAt.Format("2006-01-02")+`.md"`)
	_, err = w.Write([]byte(md))
	return err
}

// apiPlanText exports a saved plan as plain text, to paste in a case management system.
func (s *Server) apiPlanText(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	pl, err := s.savedPlan(r, p, planRead)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="plan-`+pl.CreatedAt.Format("2006-01-02")+`.txt"`)
	_, err = w.Write([]byte(plan.Text(pl, s.planServices(r, pl), nil)))
	return err
}

// planPrintPage shows a saved plan as a sheet to print: no navigation, the print stylesheet.
func (s *Server) planPrintPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	pl, err := s.savedPlan(r, p, planRead)
	if err != nil {
		return err
	}
	pl.Title = planHeading(lang(r), pl.Title)
	return s.render(w, r, http.StatusOK, "plan_print", pl.Title, &p, planView{Plan: pl, Saved: true, Print: true, Digest: pl.CaseDigest, Urgent: urgentUncovered(lang(r), pl)})
}

// planHeading is a plan's title in the interface's language. A plan's title is made of its
// needs' French labels ("Plan d'action : Logement, Santé") and kept so with the plan, like its
// steps and the exports; the English interface says it in English. A title made otherwise is
// shown as it is.
func planHeading(l, title string) string {
	rest, ok := strings.CutPrefix(title, "Plan d'action")
	if l != "en" || !ok {
		return title
	}
	if rest, ok = strings.CutPrefix(rest, " : "); !ok {
		if rest == "" {
			return "Action plan"
		}
		return title
	}
	return "Action plan: " + labelsEN().Replace(rest)
}

// labelsEN rewrites the needs' French labels in English, built once. A Replacer tries its
// pairs in order where two labels start at the same place: longest first, on a copy of the
// shared taxonomy (plan.Needs), which is never reordered.
var labelsEN = sync.OnceValue(func() *strings.Replacer {
	needs := slices.Clone(plan.Needs())
	slices.SortStableFunc(needs, func(a, b plan.Need) int { return len(b.Label) - len(a.Label) })
	var pairs []string
	for _, n := range needs {
		pairs = append(pairs, n.Label, n.LabelEN)
	}
	return strings.NewReplacer(pairs...)
})

// planView is what the plan pages show.
type planView struct {
	Plan     socle.Plan
	Report   plan.Report
	Draft    string // id of an unsaved plan, for the Save form
	Saved    bool
	Kept     bool // the plan's draft was saved again with other choices: this plan was kept
	Fallback string
	Digest   string // the situation as typed (restored), for the caseworker's eyes only
	Feedback []socle.Feedback
	Print    bool
	// Notices are the changes published since to the sections the plan cites, by noticeKey.
	Notices map[string]socle.ChangeNotice
	// For a plan just made: the situation as typed and the facts, to make it again; the needs
	// read (and those no step answers, with why); those suggested, not searched for; the needs
	// that may be added; why there is no step.
	Situation string
	Facts     plan.Facts
	Needs     []needView
	Uncovered []needView
	// Urgent are the urgent needs (a child at risk, violence, no roof tonight) no step
	// answers: shown first, for the organization's emergency procedure, not only in the list
	// at the plan's foot (readers of fresh21 found children and elders at risk left there).
	Urgent      []needView
	Suggested   []needView
	AddNeeds    []needView
	EmptyReason string
	// Offered are the passages offered beside the plan's steps, each with its form row ("x2")
	// and its need's label.
	Offered []offeredView
	// RuleForms are, for a member who edits the doctrine, the forms deciding on each step's and
	// passage offered's passage, by form row ("s0", "x2"): a lead trying plans sets aside a
	// sentence that misleads them, or keeps one, without waiting for caseworkers to remove it.
	RuleForms map[string]*ruleFormView // a pointer: a row without one reads nil in the template
}

// offeredView is a passage offered beside a plan's steps, as the finishing form shows it.
type offeredView struct {
	Row  string
	Need string
	Step plan.ReportStep
}

func (s *Server) planNewPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	return s.render(w, r, http.StatusOK, "plan_new", messages[lang(r)]["plan.new"], &p, planFormView{AllNeeds: needChoices(lang(r), nil)})
}

// planFormView is what the new-plan form shows: the needs a caseworker may state from the start.
type planFormView struct {
	AllNeeds []needView
}

// needView is a need as the plan pages show it, in the reader's language.
type needView struct {
	Code     string
	Label    string
	Evidence string // the words that revealed it, for a detected or suggested need
	Stated   bool
	Urgent   bool
	Doubted  bool   // a suggested need read in the situation's words that the needs model doubts
	Unsure   bool   // a need read and planned that the needs model puts low: to check first
	Sure     bool   // a need the needs model alone read, sure of it: planned, shown as the model's
	Reason   string // for a need no step answers: why, in the reader's language
	// Read are, for a need no step answers that the guides speak of, the sections to read.
	Read []plan.SectionRef
}

// needChoices lists the needs of the taxonomy not in skip, for the "add a need" choice.
func needChoices(l string, skip map[string]bool) []needView {
	var out []needView
	for _, n := range plan.Needs() {
		if !skip[n.Code] {
			out = append(out, needView{Code: n.Code, Label: needLabel(l, n)})
		}
	}
	return out
}

func needLabel(l string, n plan.Need) string {
	if l == "en" && n.LabelEN != "" {
		return n.LabelEN
	}
	return n.Label
}

// urgentUncovered lists, in the reader's language, the urgent needs no step of a plan answers.
func urgentUncovered(l string, p socle.Plan) []needView {
	var out []needView
	for _, n := range plan.UrgentUncovered(p) {
		out = append(out, needView{Code: n.Code, Label: needLabel(l, n), Urgent: true})
	}
	return out
}

// planReasonKeys translate the planner's reasons (French, stored with plans) for the page.
var planReasonKeys = map[string]string{
	plan.ReasonNoPassage:         "plan.reason.nopassage",
	plan.ReasonNoInstruction:     "plan.reason.noinstruction",
	plan.ReasonNotApplied:        "plan.reason.notapplied",
	plan.ReasonColleaguesRemoved: "plan.reason.removed",
	plan.ReasonAllRemoved:        "plan.reason.allremoved",
	plan.ReasonOrgSetAside:       "plan.reason.orgsetaside",
	plan.ReasonAllSetAside:       "plan.reason.allsetaside",
	plan.ReasonNoNeed:            "plan.reason.noneed",
	plan.ReasonNoDoctrine:        "plan.reason.nodoctrine",
	plan.ReasonNoAction:          "plan.reason.noaction",
}

func reasonText(l, reason string) string { return reasonIn(messages[l], reason) }

// reasonIn is a planner's reason in a page's catalog; a reason it does not know (a model's, or
// an older plan's) is shown as stored.
func reasonIn(catalog map[string]string, reason string) string {
	if k, ok := planReasonKeys[reason]; ok {
		return catalog[k]
	}
	return reason
}

// planCase reads the plan form: the situation, the facts, and the needs the caseworker kept
// (checked among those shown), struck out (shown but unchecked) or added.
func planCase(r *http.Request) (plan.Case, error) {
	c := plan.Case{Situation: r.PostFormValue("situation")}
	if a := strings.TrimSpace(r.PostFormValue("age")); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil {
			return c, socle.Errorf(socle.EINVALID, "age %q is not a number", a)
		}
		c.Facts.Age = n
	}
	c.Facts.Territory = r.PostFormValue("territory")
	c.Facts.Household = r.PostFormValue("household")
	kept := map[string]bool{}
	for _, code := range r.PostForm["need"] {
		if _, ok := plan.NeedByCode(plan.Needs(), code); !ok {
			return c, socle.Errorf(socle.EINVALID, "need %q is not known", code)
		}
		kept[code] = true
	}
	// A need the caseworker added before, or ticked among those suggested, is stated while its
	// box is ticked; the others are read from the text again.
	for _, code := range append(r.PostForm["stated"], r.PostForm["suggested"]...) {
		if kept[code] {
			c.Facts.Needs = append(c.Facts.Needs, code)
		}
	}
	for _, code := range r.PostForm["shown"] {
		if _, ok := plan.NeedByCode(plan.Needs(), code); ok && !kept[code] {
			c.Facts.WithoutNeeds = append(c.Facts.WithoutNeeds, code)
		}
	}
	if add := strings.TrimSpace(r.PostFormValue("add_need")); add != "" {
		if _, ok := plan.NeedByCode(plan.Needs(), add); !ok {
			return c, socle.Errorf(socle.EINVALID, "need %q is not known", add)
		}
		c.Facts.Needs = append(c.Facts.Needs, add)
	}
	return c, c.Validate()
}

// planMake makes a plan from the form and shows it, unsaved, with the needs it read: the
// caseworker can strike one out or add one and make the plan again.
func (s *Server) planMake(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	if err := r.ParseForm(); err != nil {
		return socle.Errorf(socle.EINVALID, "the form cannot be read: %v", err)
	}
	c, err := planCase(r)
	if err != nil {
		return err
	}
	res, services, err := s.makePlan(r, p, c)
	if err != nil {
		return err
	}
	rep := res.Report(services)
	rep.Title = planHeading(lang(r), rep.Title)
	sealed, err := s.sealDraft(r.Context(), p, res.Plan, res.Offered, time.Now())
	if err != nil {
		return err
	}
	l := lang(r)
	v := planView{Plan: res.Plan, Report: rep, Draft: sealed, Fallback: res.Fallback, Digest: res.Restore(res.Plan.CaseDigest),
		Situation: c.Situation, Facts: c.Facts, EmptyReason: reasonText(l, res.EmptyReason)}
	shown := map[string]bool{}
	for _, n := range res.Needs {
		shown[n.Code] = true
		v.Needs = append(v.Needs, needView{Code: n.Code, Label: needLabel(l, n.Need), Stated: n.Stated, Urgent: n.Urgent, Unsure: n.Unsure, Sure: n.Sure, Evidence: res.Restore(n.Shown())})
	}
	for _, n := range res.Suggested {
		v.Suggested = append(v.Suggested, needView{Code: n.Code, Label: needLabel(l, n.Need), Doubted: n.Doubted, Evidence: strings.Join(distinctStrings(n.Evidence), ", ")})
	}
	for _, u := range res.Uncovered {
		n, _ := plan.NeedByCode(plan.Needs(), u.Code)
		v.Uncovered = append(v.Uncovered, needView{Code: u.Code, Label: needLabel(l, n), Reason: reasonText(l, u.Reason), Read: u.Read})
	}
	// The needs listed apart above are not repeated among the steps set apart.
	v.Report.NotCovered = v.Report.NotCovered[:0:0]
	for _, st := range rep.NotCovered {
		if !(shown[st.Need] && len(st.Citations) == 0 && planReasonKeys[st.Reason] != "") {
			v.Report.NotCovered = append(v.Report.NotCovered, st)
		}
	}
	v.AddNeeds = needChoices(l, shown)
	v.Urgent = urgentUncovered(l, res.Plan)
	if p.Can(access.EditDoctrine) {
		v.RuleForms = ruleForms(rep)
	}
	for i, st := range rep.StepsOffered {
		o := offeredView{Row: "x" + strconv.Itoa(i), Step: st}
		if n, ok := plan.NeedByCode(plan.Needs(), st.Need); ok {
			o.Need = needLabel(l, n)
		}
		v.Offered = append(v.Offered, o)
	}
	return s.render(w, r, http.StatusOK, "plan", rep.Title, &p, v)
}

func distinctStrings(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// planSave stores a draft shown a moment ago. Sent again (a double click, the browser's
// retry, Back and Save), the draft leads to the plan saved the first time.
func (s *Server) planSave(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	days := 0
	if d := r.PostFormValue("retention_days"); d != "" {
		var err error
		if days, err = strconv.Atoi(d); err != nil {
			return socle.Errorf(socle.EINVALID, "retention %q is not a number of days", d)
		}
	}
	if _, err := retention(days); err != nil {
		return err
	}
	pl, offered, err := s.openDraft(r.Context(), p, r.PostFormValue("draft"), time.Now())
	if err != nil {
		return err
	}
	pl, saved, err := s.finishAndSave(r, p, pl, offered, finishForm(r), days)
	if err != nil {
		return err
	}
	to := "/plans/" + saved.ID
	if !sameSteps(saved, pl) {
		// Saved before with other choices (Back, changes, Save): the page says the plan kept
		// is the first one. A double click or a retry sends the same choices: nothing to say.
		to += "?kept=1"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// sameSteps reports whether a saved plan has the steps of a plan finished again from its draft.
// Their JSON is compared: the store keeps the steps as JSON, so what was equal is still equal.
func sameSteps(saved, finished socle.Plan) bool {
	a, err1 := json.Marshal([2][]socle.Step{saved.Steps, saved.NotCovered})
	b, err2 := json.Marshal([2][]socle.Step{finished.Steps, finished.NotCovered})
	return err1 == nil && err2 == nil && bytes.Equal(a, b)
}

// plansView is the list of saved plans; supervisors see every member's, with the author.
type plansView struct {
	Plans     []socle.Plan
	Supervise bool
	Authors   map[string]string // user id → email
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	plans, err := s.Store.Plans(r.Context(), p.Org.ID, plansFilter(p))
	if err != nil {
		return err
	}
	for i := range plans {
		plans[i].Title = planHeading(lang(r), plans[i].Title)
	}
	v := plansView{Plans: plans, Supervise: p.Can(access.SupervisePlans), Authors: map[string]string{}}
	if v.Supervise {
		members, err := s.members(r.Context(), p)
		if err != nil {
			return err
		}
		for _, m := range members {
			v.Authors[m.User.ID] = m.User.Email
		}
	}
	return s.render(w, r, http.StatusOK, "plans", messages[lang(r)]["plans.title"], &p, v)
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	pl, err := s.savedPlan(r, p, planRead)
	if err != nil {
		return err
	}
	fb, err := s.Store.Feedback(r.Context(), p.Org.ID, pl.ID)
	if err != nil {
		return err
	}
	notices, err := s.doctrineChanges(r.Context(), p.Org.ID, pl)
	if err != nil {
		return err
	}
	v := planView{Plan: pl, Report: plan.NewReport(pl, stepNeeds(pl), s.planServices(r, pl), nil), Saved: true,
		Digest: pl.CaseDigest, Feedback: fb, Print: r.URL.Query().Has("print"), Notices: notices,
		Kept: r.URL.Query().Has("kept") && pl.DraftID != ""}
	v.Report.Title = planHeading(lang(r), pl.Title)
	v.Urgent = urgentUncovered(lang(r), pl)
	return s.render(w, r, http.StatusOK, "plan", v.Report.Title, &p, v)
}

func (s *Server) planFeedback(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	step, err := strconv.Atoi(r.PostFormValue("step"))
	if err != nil {
		return socle.Errorf(socle.EINVALID, "step %q is not a step number", r.PostFormValue("step"))
	}
	req := feedbackRequest{Step: step, Verdict: socle.Verdict(r.PostFormValue("verdict")), Comment: r.PostFormValue("comment")}
	if err := s.addFeedback(r, p, req); err != nil {
		return err
	}
	http.Redirect(w, r, "/plans/"+r.PathValue("id")+"#step-"+strconv.Itoa(step+1), http.StatusSeeOther)
	return nil
}

func (s *Server) planDelete(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	pl, err := s.savedPlan(r, p, planRemove)
	if err != nil {
		return err
	}
	if err := s.Store.DeletePlan(socle.WithActor(r.Context(), p.User.ID), p.Org.ID, pl.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/plans", http.StatusSeeOther)
	return nil
}

// finishForm reads the plan page's finishing form: one "row" per step kept, in the order shown
// ("s3" for the plan's fourth step, "x2" for the third passage offered beside the plan, "o1"
// for an own step), with "due.", "who.", "partner." and, for an own step, "text." fields named
// after the row. A form without the finishing part
// (finish unset) keeps the plan as made.
func finishForm(r *http.Request) []plan.StepEdit {
	if r.PostFormValue("finish") == "" {
		return nil
	}
	edits := []plan.StepEdit{}
	for _, row := range r.PostForm["row"] {
		e := plan.StepEdit{Due: r.PostFormValue("due." + row), Who: socle.Assignee(r.PostFormValue("who." + row)), Partner: r.PostFormValue("partner." + row)}
		if e.Who == "" && strings.TrimSpace(e.Partner) != "" {
			e.Who = socle.AssigneePartner // a partner named is who does the step
		}
		if n, err := strconv.Atoi(row[min(1, len(row)):]); err == nil && strings.HasPrefix(row, "s") {
			e.From = &n
		} else if err == nil && strings.HasPrefix(row, "x") {
			e.Offered = &n
		} else {
			e.Action = r.PostFormValue("text." + row)
		}
		edits = append(edits, e)
	}
	return edits
}
