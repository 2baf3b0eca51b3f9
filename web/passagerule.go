package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/plan"
)

// A methodology lead's rules on passages (socle.PassageRule): the insights list the passages
// caseworkers take out of plans, and a lead decides for one and its need — keep proposing it as
// a step, or stop — over what colleagues' choices would do. Two members removing a passage is
// enough to move it for everyone; a rule is how the organization answers when they are wrong,
// or confirms them for good.

// passageRuleInput is a rule as a form or the API gives it, the guide by slug.
type passageRuleInput struct {
	Need, Guide, Digest string
	Rule                socle.PassageRuleKind // "" withdraws the rule
	VersionN            int
	SectionID           string
	Span                socle.Span
}

// setPassageRule records (or withdraws) a rule and makes this server's plans follow it at once.
func (s *Server) setPassageRule(ctx context.Context, p access.Principal, in passageRuleInput) (socle.PassageRule, error) {
	if _, ok := plan.NeedByCode(plan.Needs(), in.Need); !ok {
		return socle.PassageRule{}, socle.Errorf(socle.EINVALID, "need %q is not one of the needs plans detect: use a code the insights list", in.Need)
	}
	g, err := s.Store.GuideBySlug(ctx, p.Org.ID, in.Guide)
	if err != nil {
		return socle.PassageRule{}, err
	}
	ru := socle.PassageRule{OrgID: p.Org.ID, Need: in.Need, GuideID: g.ID, Digest: strings.ToLower(strings.TrimSpace(in.Digest)), Rule: in.Rule,
		VersionN: in.VersionN, SectionID: in.SectionID, Span: in.Span, UserID: p.User.ID}
	ctx = socle.WithActor(ctx, p.User.ID)
	if in.Rule == "" {
		err = s.Store.DeletePassageRule(ctx, p.Org.ID, ru.Key())
	} else {
		err = s.Store.SetPassageRule(ctx, &ru)
	}
	if err != nil {
		return ru, err
	}
	if s.Planner != nil {
		if h, ok := s.Planner.History.(*plan.UsageHistory); ok {
			h.Forget(p.Org.ID)
		}
	}
	return ru, nil
}

// ruleFormView is what a rule form on the plan page sends: the passage a step quotes, its need.
type ruleFormView struct {
	ID, Need, Guide, Digest, SectionID string
	Version                            int
	Span                               socle.Span
	Rule                               string // the rule already set, if any
}

// ruleForms names the passage of each step and passage offered of a plan, by form row.
func ruleForms(rep plan.Report) map[string]*ruleFormView {
	out := map[string]*ruleFormView{}
	add := func(row string, st plan.ReportStep) {
		if st.Need == "" || len(st.Citations) == 0 {
			return
		}
		c := st.Citations[0]
		out[row] = &ruleFormView{ID: "rule-" + row, Need: st.Need, Guide: c.Guide, Digest: socle.PassageDigest(c.Quote), SectionID: c.SectionID,
			Version: c.Version, Span: c.Span, Rule: st.Rule}
	}
	for i, st := range rep.Steps {
		add("s"+strconv.Itoa(i), st)
	}
	for i, st := range rep.StepsOffered {
		add("x"+strconv.Itoa(i), st)
	}
	return out
}

// passageRuleForm takes a lead's choice on the insights page: rule keep, set_aside, or none.
func (s *Server) passageRuleForm(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	in := passageRuleInput{Need: r.PostFormValue("need"), Guide: r.PostFormValue("guide"), Digest: r.PostFormValue("digest"),
		SectionID: r.PostFormValue("section")}
	switch rule := r.PostFormValue("rule"); rule {
	case "none":
	case string(socle.RuleKeep), string(socle.RuleSetAside):
		in.Rule = socle.PassageRuleKind(rule)
	default:
		return socle.Errorf(socle.EINVALID, "rule %q is not one of keep, set_aside, none", rule)
	}
	var err error
	for name, dst := range map[string]*int{"version": &in.VersionN, "start": &in.Span.Start, "end": &in.Span.End} {
		if v := r.PostFormValue(name); v != "" {
			if *dst, err = strconv.Atoi(v); err != nil {
				return socle.Errorf(socle.EINVALID, "%s %q is not a number", name, v)
			}
		}
	}
	if _, err := s.setPassageRule(r.Context(), p, in); err != nil {
		return err
	}
	// Back to the period the lead was reading, as the page wrote it (only its own fields).
	back := url.Values{"ruled": {"1"}}
	if q, err := url.ParseQuery(r.PostFormValue("period")); err == nil {
		for _, k := range []string{"from", "to", "guide"} {
			if v := q.Get(k); v != "" {
				back.Set(k, v)
			}
		}
	}
	http.Redirect(w, r, "/insights?"+back.Encode()+"#rules", http.StatusSeeOther)
	return nil
}

// passageRuleJSON is a rule in the API.
type passageRuleJSON struct {
	Need      string    `json:"need"`
	Guide     string    `json:"guide"`
	Digest    string    `json:"digest"`
	Rule      string    `json:"rule"`
	Version   int       `json:"version,omitempty"`
	SectionID string    `json:"section_id,omitempty"`
	Quote     string    `json:"quote,omitempty"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

// apiPassageRules answers GET /api/v1/passage-rules: every rule, newest first, with the
// passage's words when the rule was set on the published version.
func (s *Server) apiPassageRules(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	rules, err := s.Insights.Rules(r.Context(), p.Org.ID)
	if err != nil {
		return err
	}
	out := make([]passageRuleJSON, 0, len(rules))
	for _, x := range rules {
		out = append(out, passageRuleJSON{x.Need, x.GuideSlug, x.Digest, string(x.Rule), x.VersionN, x.SectionID, x.Quote, x.RuledBy, x.RuledAt})
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": out})
	return nil
}

// apiPutPassageRule answers PUT /api/v1/passage-rules/{need}/{guide}/{digest}.
func (s *Server) apiPutPassageRule(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	var req struct {
		Rule      socle.PassageRuleKind `json:"rule"`
		Version   int                   `json:"version"`
		SectionID string                `json:"section_id"`
		Start     int                   `json:"start"`
		End       int                   `json:"end"`
	}
	if err := decodeStrict(r, &req, `{"rule": "keep" or "set_aside", "version": 3, "section_id": "…", "start": 0, "end": 120}`); err != nil {
		return err
	}
	if req.Rule == "" {
		return socle.Errorf(socle.EINVALID, `give a rule: "keep" or "set_aside" (DELETE withdraws a rule)`)
	}
	ru, err := s.setPassageRule(r.Context(), p, passageRuleInput{Need: r.PathValue("need"), Guide: r.PathValue("guide"), Digest: r.PathValue("digest"),
		Rule: req.Rule, VersionN: req.Version, SectionID: req.SectionID, Span: socle.Span{Start: req.Start, End: req.End}})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, passageRuleJSON{ru.Need, r.PathValue("guide"), ru.Digest, string(ru.Rule), ru.VersionN, ru.SectionID, "", ru.UserID, ru.At})
	return nil
}

// apiDeletePassageRule answers DELETE /api/v1/passage-rules/{need}/{guide}/{digest}.
func (s *Server) apiDeletePassageRule(w http.ResponseWriter, r *http.Request, p access.Principal) error {
	if _, err := s.setPassageRule(r.Context(), p, passageRuleInput{Need: r.PathValue("need"), Guide: r.PathValue("guide"), Digest: r.PathValue("digest")}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

var passageRuleMessages = catalog{
	"fr": {
		"rules.title":      "Vos décisions sur des passages",
		"rules.hint":       "Une décision prime sur ce que font les collègues : le passage reste proposé comme étape pour ce besoin, ou n'est plus proposé qu'en complément. Elle vaut même si l'apprentissage à partir des plans est désactivé.",
		"rules.none":       "Aucune décision pour l'instant. Depuis la liste ci-dessus, vous pouvez garder un passage dans les plans ou l'écarter.",
		"rules.keep":       "Toujours proposer comme étape",
		"rules.setaside":   "Ne plus proposer comme étape",
		"rules.withdraw":   "Annuler la décision",
		"rules.kept":       "Proposé comme étape, sur décision",
		"rules.setaside.d": "Écarté des étapes, sur décision",
		"rules.on":         "le",
		"rules.saved":      "Décision enregistrée : les plans la suivent dès maintenant.",
		"rules.lead":       "Votre décision de référent pour ce besoin :",
		"rules.noquote":    "Passage d'une version antérieure ou d'un guide non publié : ouvrez la section pour le retrouver.",
		"rule.keep":        "Votre organisation a choisi de proposer ce passage comme étape pour ce besoin.",
		"rule.setaside":    "Votre organisation a choisi de ne pas proposer ce passage comme étape pour ce besoin : il est proposé ici.",
	},
	"en": {
		"rules.title":      "Your decisions on passages",
		"rules.hint":       "A decision prevails over what colleagues do: the passage stays proposed as a step for this need, or is only offered beside the steps. It holds even when learning from plans is turned off.",
		"rules.none":       "No decision yet. From the list above, you can keep a passage in plans or set it aside.",
		"rules.keep":       "Always propose as a step",
		"rules.setaside":   "Stop proposing as a step",
		"rules.withdraw":   "Withdraw the decision",
		"rules.kept":       "Proposed as a step, by decision",
		"rules.setaside.d": "Set aside from the steps, by decision",
		"rules.on":         "on",
		"rules.saved":      "Decision saved: plans follow it from now on.",
		"rules.lead":       "Your decision as a lead, for this need:",
		"rules.noquote":    "A passage of an earlier version or of a guide not published: open the section to find it.",
		"rule.keep":        "Your organization chose to propose this passage as a step for this need.",
		"rule.setaside":    "Your organization chose not to propose this passage as a step for this need: it is offered here.",
	},
}
