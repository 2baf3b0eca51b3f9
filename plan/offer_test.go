package plan_test

import (
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan"
)

// The plan offers, beside its steps, other sentences of the doctrine on the same needs: each
// quoted verbatim from the version it cites, none a passage a step already cites, each for a
// need the plan read. A plan drawn with the Selector's width: the same candidates a model would
// choose among.
func TestPlanOffersPassagesBesideItsSteps(t *testing.T) {
	d := newDemo(t)
	res, err := d.planner.Plan(ctx, d.org.ID, plan.Case{Situation: "Mère seule avec deux enfants. Elle a reçu un commandement de payer pour trois mois d'impayés de loyer. " +
		"Ses droits au chômage sont terminés et elle n'a plus aucun revenu."})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Offered) == 0 {
		t.Fatalf("no passage offered beside the %d steps", len(res.Plan.Steps))
	}
	d.checkCitations(t, res.Offered)
	needs := map[string]bool{}
	for _, n := range res.Needs {
		needs[n.Code] = true
	}
	// Need by need, in the order of the plan's needs.
	order := map[string]int{}
	for i, n := range res.Needs {
		order[n.Code] = i
	}
	for i := 1; i < len(res.Offered); i++ {
		if order[res.Offered[i].Need] < order[res.Offered[i-1].Need] {
			t.Errorf("offered %q (%s) after %q (%s): not in the needs' order", res.Offered[i].Action, res.Offered[i].Need, res.Offered[i-1].Action, res.Offered[i-1].Need)
		}
	}
	cited := map[socle.Span]string{}
	for _, st := range res.Plan.Steps {
		for _, c := range st.Citations {
			cited[c.Span] = c.SectionID
		}
	}
	for _, o := range res.Offered {
		if !needs[o.Need] {
			t.Errorf("offered %q answers need %q, which the plan did not read", o.Action, o.Need)
		}
		if c := o.Citations[0]; cited[c.Span] == c.SectionID {
			t.Errorf("offered %q is a passage a step already cites", o.Action)
		}
		if o.Own {
			t.Errorf("offered %q is marked as the caseworker's own", o.Action)
		}
	}
	// The JSON shape carries them, cited like steps.
	rep := res.Report(nil)
	if len(rep.StepsOffered) != len(res.Offered) || len(rep.StepsOffered[0].Citations) == 0 {
		t.Errorf("report: %d passages offered, want %d with their citations", len(rep.StepsOffered), len(res.Offered))
	}
}

// Finishing a plan takes offered passages as steps of the doctrine, with their citations, in
// the caseworker's order; indexes out of range, given twice, or mixed with another source are
// refused with a message naming the step.
func TestFinishTakesOfferedPassages(t *testing.T) {
	cite := func(q string) []socle.Citation { return []socle.Citation{{GuideSlug: "g", Quote: q}} }
	p := socle.Plan{Steps: []socle.Step{{Action: "Saisir le FSL", Need: "logement", Citations: cite("Saisir le FSL")}},
		NotCovered: []socle.Step{{Action: "Justice", Need: "justice", Reason: plan.ReasonNotApplied}, {Action: "Santé", Need: "sante", Reason: plan.ReasonNoPassage},
			{Action: "Porter plainte", Need: "justice", Reason: "no passage of the guides was cited"}}}
	offered := []socle.Step{
		{Action: "Saisir la CCAPEX", Need: "logement", Citations: cite("Saisir la CCAPEX")},
		{Action: "Orienter vers l'ADIL", Need: "justice", Citations: cite("Orienter vers l'ADIL")},
	}
	n := func(i int) *int { return &i }
	got, err := plan.Finish(p, offered, []plan.StepEdit{{Offered: n(1), Due: "2026-12-15"}, {From: n(0)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Steps) != 2 || got.Steps[0].Action != "Orienter vers l'ADIL" || got.Steps[0].Due != "2026-12-15" || got.Steps[0].Own ||
		len(got.Steps[0].Citations) != 1 || got.Steps[1].Action != "Saisir le FSL" {
		t.Fatalf("finished: %+v", got.Steps)
	}
	// The need the passage added answers is no longer listed as not covered; the other stays, and
	// so does a step of that need the guides do not support.
	if len(got.NotCovered) != 2 || got.NotCovered[0].Need != "sante" || got.NotCovered[1].Action != "Porter plainte" || len(p.NotCovered) != 3 {
		t.Errorf("not covered after adding a passage for justice: %+v (the plan made: %d)", got.NotCovered, len(p.NotCovered))
	}
	for name, edits := range map[string][]plan.StepEdit{
		"offered out of range": {{Offered: n(2)}},
		"negative":             {{Offered: n(-1)}},
		"offered twice":        {{Offered: n(0)}, {Offered: n(0)}},
		"from and offered":     {{From: n(0), Offered: n(0)}},
		"offered with a text":  {{Offered: n(0), Action: "Autre chose"}},
	} {
		if _, err := plan.Finish(p, offered, edits, nil); socle.KindOf(err) != socle.EINVALID {
			t.Errorf("%s: %v, want an invalid-input error", name, err)
		}
	}
	if _, err := plan.Finish(p, nil, []plan.StepEdit{{Offered: n(0)}}, nil); socle.KindOf(err) != socle.EINVALID {
		t.Errorf("a draft offering nothing: %v", err)
	}
}
