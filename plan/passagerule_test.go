package plan_test

import (
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan"
)

// ruleOn is a lead's rule on a step's passage for its need.
func ruleOn(d *demo, s socle.Step, kind socle.PassageRuleKind) socle.PassageRule {
	c := s.Citations[0]
	return socle.PassageRule{OrgID: d.org.ID, Need: s.Need, GuideID: c.GuideID, Digest: socle.PassageDigest(c.Quote), Rule: kind,
		VersionN: c.VersionN, SectionID: c.SectionID, Span: c.Span, UserID: "lead"}
}

// A lead's rule prevails over what colleagues did: a passage two members took out stays a step
// when the lead keeps it, a passage nobody removed leaves the steps when the lead sets it aside,
// with learning from plans turned off too; withdrawn, colleagues decide again. The record is
// cached, and Forget makes a rule apply at once.
func TestLeadsRulesPrevailOverColleagues(t *testing.T) {
	d := newDemo(t)
	h := &plan.UsageHistory{Store: d.store, TTL: time.Hour}
	d.planner.History = h
	mk := func() *plan.Result {
		t.Helper()
		res, err := d.planner.Plan(ctx, d.org.ID, plan.Case{Situation: learnedSituation})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	set := func(r socle.PassageRule) {
		t.Helper()
		if err := d.store.SetPassageRule(ctx, &r); err != nil {
			t.Fatal(err)
		}
		h.Forget(d.org.ID)
	}
	first := mk()
	if len(first.Plan.Steps) < 3 {
		t.Fatalf("the demo plan has %d steps: too few", len(first.Plan.Steps))
	}
	removed, other := first.Plan.Steps[0], first.Plan.Steps[1]
	saveAs(t, d, "anne", first, 0, 1)
	saveAs(t, d, "bruno", first, 0, 1)
	h.Forget(d.org.ID)
	if res := mk(); hasAction(res.Plan.Steps, removed.Action) {
		t.Fatalf("two members removed a step and it is still one: the rest of this test would prove nothing")
	}

	keep := ruleOn(d, removed, socle.RuleKeep)
	if err := d.store.SetPassageRule(ctx, &keep); err != nil {
		t.Fatal(err)
	}
	if res := mk(); hasAction(res.Plan.Steps, removed.Action) {
		t.Errorf("the record is cached an hour, yet a rule applied before Forget")
	}
	h.Forget(d.org.ID)
	res := mk()
	i := indexOfAction(res.Plan.Steps, removed.Action)
	if i < 0 || res.Plan.Steps[i].Ruled != socle.RuleKeep || res.Plan.Steps[i].Learned != "" {
		t.Fatalf("the lead kept the passage colleagues removed, the plan did not: %v", actions(res.Plan.Steps))
	}
	if rep := res.Report(nil); rep.Steps[i].Rule != "keep" {
		t.Errorf("the report does not say the lead kept it: %q", rep.Steps[i].Rule)
	}

	set(ruleOn(d, other, socle.RuleSetAside))
	res = mk()
	if hasAction(res.Plan.Steps, other.Action) {
		t.Errorf("a passage the lead set aside is still a step: %v", actions(res.Plan.Steps))
	}
	if j := indexOfAction(res.Offered, other.Action); j < 0 || res.Offered[j].Ruled != socle.RuleSetAside {
		t.Errorf("the passage set aside is not offered beside the steps, marked")
	}

	// Learning from plans off: the rules still hold, the colleagues' record does not.
	st, err := d.store.Settings(ctx, d.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.LearnFromPlans = false
	if err := d.store.SetSettings(ctx, &st); err != nil {
		t.Fatal(err)
	}
	h.Forget(d.org.ID)
	if res := mk(); hasAction(res.Plan.Steps, other.Action) || !hasAction(res.Plan.Steps, removed.Action) {
		t.Errorf("with learning off, the leads' rules no longer hold: %v", actions(res.Plan.Steps))
	}
	st.LearnFromPlans = true
	if err := d.store.SetSettings(ctx, &st); err != nil {
		t.Fatal(err)
	}

	// Withdrawn: the colleagues' removals decide again.
	if err := d.store.DeletePassageRule(ctx, d.org.ID, keep.Key()); err != nil {
		t.Fatal(err)
	}
	h.Forget(d.org.ID)
	res = mk()
	if j := indexOfAction(res.Offered, removed.Action); hasAction(res.Plan.Steps, removed.Action) || j < 0 || res.Offered[j].Learned != socle.PassageRemoved || res.Offered[j].Ruled != "" {
		t.Errorf("the rule withdrawn, the colleagues' removals do not decide again: %v", actions(res.Plan.Steps))
	}

	// Every step set aside by the lead: the plan says the organization chose so.
	ruledNeeds := map[string]bool{}
	for _, s := range res.Plan.Steps {
		set(ruleOn(d, s, socle.RuleSetAside))
		ruledNeeds[s.Need] = true
	}
	res = mk()
	if len(res.Plan.Steps) != 0 {
		t.Fatalf("every passage set aside, the plan still has steps: %v", actions(res.Plan.Steps))
	}
	if res.EmptyReason != plan.ReasonAllRemoved && res.EmptyReason != plan.ReasonAllSetAside {
		t.Errorf("a plan left without a step by the rules says %q", res.EmptyReason)
	}
	listed := 0
	for _, u := range res.Uncovered {
		if !ruledNeeds[u.Code] {
			continue
		}
		listed++
		if u.Reason != plan.ReasonOrgSetAside && u.Reason != plan.ReasonColleaguesRemoved {
			t.Errorf("need %s left without a step by the rules says %q", u.Code, u.Reason)
		}
	}
	if listed != len(ruledNeeds) {
		t.Errorf("%d needs left without a step by the rules, %d listed as not covered", len(ruledNeeds), listed)
	}
}

func TestLearnedWithRules(t *testing.T) {
	key := socle.PassageUse{Need: "logement", GuideID: "g", Digest: "d"}.Key()
	removedByTwo := plan.Learned{key: {Shown: 2, Removed: 2, Removers: 2}}
	addedByTwo := plan.Learned{key: {Taken: 2, Adders: 2}}
	rule := func(k socle.PassageRuleKind) []socle.PassageRule {
		return []socle.PassageRule{{Need: "logement", GuideID: "g", Digest: "d", Rule: k}}
	}
	for _, tc := range []struct {
		name           string
		l              plan.Learned
		rules          []socle.PassageRule
		setAside, take bool
	}{
		{"removed by two, no rule", removedByTwo, nil, true, false},
		{"removed by two, kept by the lead", removedByTwo, rule(socle.RuleKeep), false, true},
		{"added by two, set aside by the lead", addedByTwo, rule(socle.RuleSetAside), true, false},
		{"nobody moved it, set aside by the lead", plan.Learned{}, rule(socle.RuleSetAside), true, false},
		{"nobody moved it, kept by the lead", nil, rule(socle.RuleKeep), false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.l.WithRules(tc.rules)[key]
			if r.SetAside() != tc.setAside || r.TakeUp() != tc.take {
				t.Errorf("%+v: set aside %v, taken up %v; want %v, %v", r, r.SetAside(), r.TakeUp(), tc.setAside, tc.take)
			}
		})
	}
	// The record given is not changed.
	removedByTwo.WithRules(rule(socle.RuleKeep))
	if removedByTwo[key].Rule != "" {
		t.Errorf("WithRules changed the record it was given")
	}
}
