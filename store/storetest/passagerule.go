package storetest

import (
	"reflect"
	"testing"

	"github.com/socle-project/socle"
)

func testPassageRules(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "rules")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	other := mustOrg(t, s, "rules-other")
	og := mustGuide(t, s, other.ID, "methodo", socle.KindMethodology)

	rules, err := s.PassageRules(bg, org.ID)
	must(t, "PassageRules of an organization without rules", err)
	if len(rules) != 0 {
		t.Fatalf("PassageRules before any: %+v", rules)
	}

	fsl := socle.PassageDigest("Saisir le FSL.")
	aside := socle.PassageRule{OrgID: org.ID, Need: "logement", GuideID: g.ID, Digest: fsl, Rule: socle.RuleSetAside,
		VersionN: 1, SectionID: "s1", Span: socle.Span{Start: 4, End: 18}, UserID: "lead-1"}
	must(t, "SetPassageRule", s.SetPassageRule(ctxFor("lead-1"), &aside))
	if aside.At.IsZero() || aside.OrgID != org.ID {
		t.Fatalf("SetPassageRule did not stamp the time: %+v", aside)
	}
	// The same passage for the same need: the rule is replaced.
	keep := aside
	keep.Rule, keep.VersionN, keep.SectionID, keep.Span, keep.UserID = socle.RuleKeep, 2, "s2", socle.Span{Start: 0, End: 14}, "lead-2"
	must(t, "SetPassageRule (replace)", s.SetPassageRule(ctxFor("lead-2"), &keep))
	// Another need, named before logement by its key.
	emploi := socle.PassageRule{OrgID: org.ID, Need: "emploi", GuideID: g.ID, Digest: socle.PassageDigest("Orienter vers France Travail."),
		Rule: socle.RuleSetAside, VersionN: 2, SectionID: "s3", Span: socle.Span{Start: 0, End: 0}, UserID: "lead-1"}
	must(t, "SetPassageRule (another need)", s.SetPassageRule(ctxFor("lead-1"), &emploi))

	rules, err = s.PassageRules(bg, org.ID)
	must(t, "PassageRules", err)
	if len(rules) != 2 {
		t.Fatalf("PassageRules: got %d rules, want 2: %+v", len(rules), rules)
	}
	for i, want := range []socle.PassageRule{emploi, keep} {
		got := rules[i]
		if !sameTime(got.At, want.At) {
			t.Fatalf("PassageRules[%d].At: got %v, want %v", i, got.At, want.At)
		}
		got.At = want.At
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("PassageRules[%d]: got %+v, want %+v", i, got, want)
		}
	}
	if rules[0].Key() >= rules[1].Key() {
		t.Fatalf("PassageRules are not by key: %q, %q", rules[0].Key(), rules[1].Key())
	}

	// Invalid rules are refused and write nothing.
	bad := func(change func(*socle.PassageRule)) *socle.PassageRule {
		r := socle.PassageRule{OrgID: org.ID, Need: "ressources", GuideID: g.ID, Digest: fsl, Rule: socle.RuleKeep}
		change(&r)
		return &r
	}
	for what, r := range map[string]*socle.PassageRule{
		"a need that is no code":  bad(func(r *socle.PassageRule) { r.Need = "Logement social" }),
		"no need":                 bad(func(r *socle.PassageRule) { r.Need = "" }),
		"no guide":                bad(func(r *socle.PassageRule) { r.GuideID = "" }),
		"a digest that is no hex": bad(func(r *socle.PassageRule) { r.Digest = "Saisir le FSL." }),
		"a short digest":          bad(func(r *socle.PassageRule) { r.Digest = fsl[:20] }),
		"an unknown rule":         bad(func(r *socle.PassageRule) { r.Rule = "drop" }),
		"no rule":                 bad(func(r *socle.PassageRule) { r.Rule = "" }),
		"a span backwards":        bad(func(r *socle.PassageRule) { r.Span = socle.Span{Start: 5, End: 2} }),
	} {
		wantKind(t, "SetPassageRule with "+what, s.SetPassageRule(bg, r), socle.EINVALID)
		if !r.At.IsZero() {
			t.Fatalf("SetPassageRule with %s stamped the rule: %+v", what, r)
		}
	}
	// A guide of another organization, or none, is not found, and nothing is written.
	wantKind(t, "SetPassageRule on another organization's guide", s.SetPassageRule(bg, bad(func(r *socle.PassageRule) { r.GuideID = og.ID })), socle.ENOTFOUND)
	wantKind(t, "SetPassageRule on an unknown guide", s.SetPassageRule(bg, bad(func(r *socle.PassageRule) { r.GuideID = "nope" })), socle.ENOTFOUND)
	wantKind(t, "SetPassageRule in an unknown organization", s.SetPassageRule(bg, bad(func(r *socle.PassageRule) { r.OrgID = "nope" })), socle.ENOTFOUND)
	if rules, err := s.PassageRules(bg, org.ID); err != nil || len(rules) != 2 {
		t.Fatalf("PassageRules after refused rules: %d, %v", len(rules), err)
	}
	_, err = s.PassageRules(bg, "nope")
	wantKind(t, "PassageRules of an unknown organization", err, socle.ENOTFOUND)

	// Tenant isolation: the other organization sees none of them and cannot withdraw them.
	if rules, err := s.PassageRules(bg, other.ID); err != nil || len(rules) != 0 {
		t.Fatalf("PassageRules of another organization: %+v, %v", rules, err)
	}
	wantKind(t, "DeletePassageRule from another organization", s.DeletePassageRule(bg, other.ID, keep.Key()), socle.ENOTFOUND)
	theirs := socle.PassageRule{OrgID: other.ID, Need: "logement", GuideID: og.ID, Digest: fsl, Rule: socle.RuleKeep}
	must(t, "SetPassageRule in the other organization", s.SetPassageRule(bg, &theirs))
	wantKind(t, "DeletePassageRule of the other organization's rule", s.DeletePassageRule(bg, org.ID, theirs.Key()), socle.ENOTFOUND)
	if rules, err := s.PassageRules(bg, org.ID); err != nil || len(rules) != 2 || rules[1].Rule != socle.RuleKeep {
		t.Fatalf("PassageRules after the other organization's attempts: %+v, %v", rules, err)
	}
	if rules, err := s.PassageRules(bg, other.ID); err != nil || len(rules) != 1 || rules[0].GuideID != og.ID {
		t.Fatalf("the other organization's rules: %+v, %v", rules, err)
	}

	// Withdrawn, the rule is gone; withdrawing it again finds nothing.
	must(t, "DeletePassageRule", s.DeletePassageRule(ctxFor("lead-3"), org.ID, keep.Key()))
	wantKind(t, "DeletePassageRule again", s.DeletePassageRule(bg, org.ID, keep.Key()), socle.ENOTFOUND)
	wantKind(t, "DeletePassageRule of a key that is none", s.DeletePassageRule(bg, org.ID, "logement"), socle.ENOTFOUND)
	wantKind(t, "DeletePassageRule in an unknown organization", s.DeletePassageRule(bg, "nope", emploi.Key()), socle.ENOTFOUND)
	if rules, err := s.PassageRules(bg, org.ID); err != nil || len(rules) != 1 || rules[0].Key() != emploi.Key() {
		t.Fatalf("PassageRules after DeletePassageRule: %+v, %v", rules, err)
	}

	// Each change is in the audit trail, with its actor, naming the guide; the refused ones are not.
	events, err := s.Audit(bg, org.ID, socle.AuditFilter{Action: "passage."})
	must(t, "Audit", err)
	type ev struct{ action, actor, detail string }
	var got []ev
	for _, e := range events {
		if e.ObjectKind != "guide" || e.ObjectID != g.ID {
			t.Fatalf("audit event of a rule names %s %s, want guide %s", e.ObjectKind, e.ObjectID, g.ID)
		}
		got = append(got, ev{e.Action, e.Actor, e.Detail})
	}
	want := []ev{ // newest first
		{"passage.rule.delete", "lead-3", "need logement: rule on passage " + fsl + " withdrawn (was keep)"},
		{"passage.rule", "lead-1", "need emploi: set aside passage " + emploi.Digest},
		{"passage.rule", "lead-2", "need logement: keep proposing passage " + fsl},
		{"passage.rule", "lead-1", "need logement: set aside passage " + fsl},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("audit events of the rules:\n got %+v\nwant %+v", got, want)
	}
	if events, err := s.Audit(bg, other.ID, socle.AuditFilter{Action: "passage."}); err != nil || len(events) != 1 {
		t.Fatalf("the other organization's audit events of rules: %+v, %v", events, err)
	}
}
