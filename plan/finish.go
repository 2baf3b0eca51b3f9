package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan/pseudonym"
)

// StepEdit is one step of a plan as the caseworker finishes it, in the order they want: a step
// of the plan made (From, its index), a passage the plan offered beside its steps (Offered, its
// index among them), or their own step (Action its text), with the day it is due and who does it.
type StepEdit struct {
	From    *int           `json:"from,omitempty"`
	Offered *int           `json:"offered,omitempty"`
	Action  string         `json:"action,omitempty"`
	Due     string         `json:"due,omitempty"`
	Who     socle.Assignee `json:"who,omitempty"`
	Partner string         `json:"partner,omitempty"`
}

// Finish returns the plan p as the caseworker finished it: the steps of edits in their order,
// the steps of p that edits leave out removed, the passages of offered (Result.Offered) that
// edits take added. The caseworker's own texts (their steps, a partner's name) are free text
// about a case: they are pseudonymized with pz, after the plan's own text so that the
// placeholders already in it keep their meaning. A nil edits keeps p.
func Finish(p socle.Plan, offered []socle.Step, edits []StepEdit, pz *pseudonym.Pseudonymizer) (socle.Plan, error) {
	if edits == nil {
		return p, nil
	}
	if len(edits) > socle.MaxPlanSteps {
		return p, socle.Errorf(socle.EINVALID, "%d steps: a plan has at most %d", len(edits), socle.MaxPlanSteps)
	}
	var m pseudonym.Mapping
	mask := func(s string) (string, error) {
		if s == "" {
			return s, nil
		}
		if pz == nil {
			return "", socle.Errorf(socle.EUNAVAILABLE, "steps of your own and partners' names need the pseudonymizer, which this server lacks")
		}
		res, err := pz.Pseudonymize(s, &m)
		return res.Text, err
	}
	// Reading the plan's text first reserves its placeholders: a name typed now gets a new one.
	if pz != nil {
		if _, err := pz.Pseudonymize(planText(p), &m); err != nil {
			return p, err
		}
	}
	used, usedOffer := map[int]bool{}, map[int]bool{}
	steps := make([]socle.Step, 0, len(edits))
	for i, e := range edits {
		if e.From != nil && e.Offered != nil {
			return p, socle.Errorf(socle.EINVALID, "step %d: give from (a step of the plan) or offered (a passage offered beside it), not both", i+1)
		}
		if (e.From != nil || e.Offered != nil) && strings.TrimSpace(e.Action) != "" {
			return p, socle.Errorf(socle.EINVALID, "step %d: a step of the doctrine keeps its text: give from, offered or action, not two of them", i+1)
		}
		var st socle.Step
		switch {
		case e.From != nil:
			n := *e.From
			if n < 0 || n >= len(p.Steps) {
				return p, socle.Errorf(socle.EINVALID, "step %d: from %d is not a step of the plan (it has %d)", i+1, n, len(p.Steps))
			}
			if used[n] {
				return p, socle.Errorf(socle.EINVALID, "step %d: step %d of the plan is given twice", i+1, n)
			}
			used[n] = true
			st = p.Steps[n]
		case e.Offered != nil:
			n := *e.Offered
			if n < 0 || n >= len(offered) {
				return p, socle.Errorf(socle.EINVALID, "step %d: offered %d is not a passage the plan offered (it offered %d)", i+1, n, len(offered))
			}
			if usedOffer[n] {
				return p, socle.Errorf(socle.EINVALID, "step %d: offered passage %d is given twice", i+1, n)
			}
			usedOffer[n] = true
			st = offered[n]
		default:
			text, err := mask(strings.Join(strings.Fields(e.Action), " "))
			if err != nil {
				return p, err
			}
			st = socle.Step{Action: text, Own: true}
			if st.Action == "" {
				return p, socle.Errorf(socle.EINVALID, "step %d: a step of your own needs its text (action), or give from or offered", i+1)
			}
		}
		st.Due, st.Who = strings.TrimSpace(e.Due), e.Who
		partner, err := mask(strings.TrimSpace(e.Partner))
		if err != nil {
			return p, err
		}
		st.Partner = partner
		if err := st.ValidateFinish(); err != nil {
			return p, socle.Errorf(socle.KindOf(err), "step %d: %s", i+1, socle.MessageOf(err))
		}
		steps = append(steps, st)
	}
	p.Steps = steps
	// A need listed as not covered that a passage added now answers is covered.
	answered := map[string]bool{}
	for _, s := range steps {
		if s.Need != "" && len(s.Citations) > 0 {
			answered[s.Need] = true
		}
	}
	p.NotCovered = slices.DeleteFunc(slices.Clone(p.NotCovered), func(s socle.Step) bool { return listsNeed(s) && answered[s.Need] })
	return p, nil
}

// listsNeed reports whether a step set apart lists a need no step answers (Result.Uncovered)
// rather than a step the guides do not support.
func listsNeed(s socle.Step) bool {
	switch s.Reason {
	case ReasonNoPassage, ReasonNoInstruction, ReasonNotApplied, ReasonColleaguesRemoved, ReasonOrgSetAside:
		return len(s.Citations) == 0
	}
	return false
}

func planText(p socle.Plan) string {
	var b strings.Builder
	b.WriteString(p.Title + "\n" + p.CaseDigest + "\n")
	for _, s := range append(append([]socle.Step{}, p.Steps...), p.NotCovered...) {
		fmt.Fprintf(&b, "%s\n%s\n", s.Action, s.Partner)
	}
	return b.String()
}

// WhoLabel names who does a step, in French, for the exports.
func WhoLabel(s socle.Step) string {
	switch s.Who {
	case socle.AssigneePerson:
		return "la personne"
	case socle.AssigneeCaseworker:
		return "le travailleur social"
	case socle.AssigneePartner:
		if s.Partner != "" {
			return "partenaire : " + s.Partner
		}
		return "un partenaire"
	}
	return ""
}

// DueLabel writes a step's due day the French way (15/12/2026), or "".
func DueLabel(s socle.Step) string { return dayFR(s.Due) }

// dayFR writes a day given as YYYY-MM-DD the French way, DD/MM/YYYY; anything else as it is.
func dayFR(iso string) string {
	if len(iso) != 10 || iso[4] != '-' || iso[7] != '-' {
		return iso
	}
	return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]
}

// finishLine is "À faire par : … · Échéance : …" for a step, or "".
func finishLine(s socle.Step) string {
	var parts []string
	if w := WhoLabel(s); w != "" {
		parts = append(parts, "Qui : "+w)
	}
	if d := DueLabel(s); d != "" {
		parts = append(parts, "Échéance : "+d)
	}
	return strings.Join(parts, " · ")
}

// OwnStepNote marks a caseworker's own step in the exports.
const OwnStepNote = "Étape ajoutée par le travailleur social (hors doctrine, sans citation)"

// Text writes a plan as plain text to paste in a case management system's note: no markup, one
// step a paragraph, each citation as its source and quote, lines of at most what the systems
// keep in a field (the caller's concern). restore as for Markdown.
func Text(p socle.Plan, services map[string]socle.Service, restore func(string) string) string {
	if restore == nil {
		restore = func(s string) string { return s }
	}
	var b strings.Builder
	title := p.Title
	if title == "" {
		title = "Plan d'action"
	}
	b.WriteString(strings.ToUpper(oneLine(title)) + "\n\n")
	if p.CaseDigest != "" {
		fmt.Fprintf(&b, "Situation : %s\n\n", oneLine(restore(p.CaseDigest)))
	}
	if urgent := UrgentUncovered(p); len(urgent) > 0 {
		fmt.Fprintf(&b, "%s %s. %s\n\n", UrgentTitle, labels(urgent), UrgentHint)
	}
	for i, s := range p.Steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, oneLine(restore(s.Action)))
		if l := finishLine(s); l != "" {
			fmt.Fprintf(&b, "   %s\n", restore(l))
		}
		if s.Own {
			fmt.Fprintf(&b, "   (%s)\n", OwnStepNote)
		}
		for _, c := range s.Citations {
			fmt.Fprintf(&b, "   Source : %s\n   « %s »\n", oneLine(CitationSource(c)), oneLine(c.Quote))
		}
		for _, ref := range s.Services {
			line := "   Service : " + oneLine(ref.Name)
			if svc, ok := services[ref.VersionID+"/"+ref.ServiceID]; ok && svc.Contact != "" {
				line += " — " + oneLine(svc.Contact)
			}
			b.WriteString(line + "\n")
		}
		b.WriteByte('\n')
	}
	if len(p.NotCovered) > 0 {
		b.WriteString("Non couvert par vos guides :\n")
		for _, s := range p.NotCovered {
			fmt.Fprintf(&b, "- %s\n", oneLine(restore(s.Action)))
		}
		b.WriteByte('\n')
	}
	if p.Generator != "" {
		fmt.Fprintf(&b, "Plan établi par Socle (%s)", oneLine(p.Generator))
		if !p.CreatedAt.IsZero() {
			fmt.Fprintf(&b, " le %s", p.CreatedAt.Format("02/01/2006"))
		}
		b.WriteString(".\n")
	}
	return b.String()
}
