package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/plan/pseudonym"
)

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
}

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
	return res, services, nil
}

func (s *Server) savePlan(r *http.Request, p access.Principal, pl socle.Plan, days int) (socle.Plan, error) {
	ttl, err := retention(days)
	if err != nil {
		return pl, err
	}
	pl.OrgID, pl.AuthorID, pl.ExpiresAt = p.Org.ID, p.User.ID, socle.Now().Add(ttl)
	err = s.Store.SavePlan(socle.WithActor(r.Context(), p.User.ID), &pl)
	return pl, err
}

// apiPlanMake answers POST /api/v1/plans, the integration point for case management systems.
func (s *Server) apiPlanMake(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req planRequest
	if err := decodeStrict(r, &req, `{"situation": "…", "facts": {…}, "save": false, "retention_days": 30}`); err != nil {
		return err
	}
	c := plan.Case{Situation: req.Situation, Facts: req.Facts}
	if err := c.Validate(); err != nil {
		return err
	}
	res, services, err := s.makePlan(r, p, c)
	if err != nil {
		return err
	}
	if req.Save {
		saved, err := s.savePlan(r, p, res.Plan, req.RetentionDays)
		if err != nil {
			return err
		}
		res.Plan = saved
	}
	writeJSON(w, http.StatusOK, res.Report(services))
	return nil
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
	writeJSON(w, http.StatusOK, plan.NewReport(pl, stepNeeds(pl), s.planServices(r, pl), nil))
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
	return s.Store.AddFeedback(socle.WithActor(r.Context(), p.User.ID), &socle.Feedback{
		OrgID: p.Org.ID, PlanID: pl.ID, Step: req.Step, UserID: p.User.ID, Verdict: req.Verdict, Comment: comment})
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

// planView is what the plan pages show.
type planView struct {
	Plan     socle.Plan
	Report   plan.Report
	Draft    string // id of an unsaved plan, for the Save form
	Saved    bool
	Fallback string
	Digest   string // the situation as typed (restored), for the caseworker's eyes only
	Feedback []socle.Feedback
	Print    bool
}

func (s *Server) planNewPage(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	return s.render(w, r, http.StatusOK, "plan_new", messages[lang(r)]["plan.new"], &p, nil)
}

// planMake makes a plan from the form and shows it, unsaved.
func (s *Server) planMake(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	c := plan.Case{Situation: r.PostFormValue("situation")}
	if a := strings.TrimSpace(r.PostFormValue("age")); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil {
			return socle.Errorf(socle.EINVALID, "age %q is not a number", a)
		}
		c.Facts.Age = n
	}
	c.Facts.Territory = r.PostFormValue("territory")
	c.Facts.Household = r.PostFormValue("household")
	if err := c.Validate(); err != nil {
		return err
	}
	res, services, err := s.makePlan(r, p, c)
	if err != nil {
		return err
	}
	rep := res.Report(services)
	id := s.drafts.put(p, &draft{plan: res.Plan, needs: rep.Needs, services: services})
	v := planView{Plan: res.Plan, Report: rep, Draft: id, Fallback: res.Fallback, Digest: res.Restore(res.Plan.CaseDigest)}
	return s.render(w, r, http.StatusOK, "plan", res.Plan.Title, &p, v)
}

// planSave stores a draft shown a moment ago.
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
	d, err := s.drafts.take(p, r.PostFormValue("draft"))
	if err != nil {
		return err
	}
	saved, err := s.savePlan(r, p, d.plan, days)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/plans/"+saved.ID, http.StatusSeeOther)
	return nil
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
	v := planView{Plan: pl, Report: plan.NewReport(pl, stepNeeds(pl), s.planServices(r, pl), nil), Saved: true,
		Digest: pl.CaseDigest, Feedback: fb, Print: r.URL.Query().Has("print")}
	return s.render(w, r, http.StatusOK, "plan", pl.Title, &p, v)
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
