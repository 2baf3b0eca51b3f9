package plan_test

import (
	"strconv"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan"
)

const learnedSituation = "Mère seule avec deux enfants. Elle a reçu un commandement de payer pour trois mois d'impayés de loyer. " +
	"Ses droits au chômage sont terminés et elle n'a plus aucun revenu."

// saveAs records, in the store's usage, a member saving a plan from the draft res: the step
// dropped taken out, the passage offered added, the other steps kept.
func saveAs(t *testing.T, d *demo, member string, res *plan.Result, dropped int, added int) {
	t.Helper()
	saved := socle.Plan{}
	for i, s := range res.Plan.Steps {
		if i != dropped {
			saved.Steps = append(saved.Steps, s)
		}
	}
	saved.Steps = append(saved.Steps, res.Offered[added])
	uses := plan.PassageUses(res.Plan, res.Offered, saved)
	if err := d.store.RecordUsage(ctx, []socle.UsageEvent{{OrgID: d.org.ID, UserID: member, Kind: socle.UsageDraft, Passages: uses}}); err != nil {
		t.Fatal(err)
	}
}

// A step two colleagues took out for its need is offered beside the steps instead, marked; a
// passage two added becomes a step, after its need's steps, marked. One member's choice, even
// made twice, is not enough.
func TestPlanLearnsFromWhatColleaguesKept(t *testing.T) {
	d := newDemo(t)
	d.planner.History = &plan.UsageHistory{Store: d.store, TTL: -1}
	first, err := d.planner.Plan(ctx, d.org.ID, plan.Case{Situation: learnedSituation})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Plan.Steps) < 2 || len(first.Offered) < 2 {
		t.Fatalf("the demo plan has %d steps and %d passages offered: too few to learn from", len(first.Plan.Steps), len(first.Offered))
	}
	dropped, added := first.Plan.Steps[0], first.Offered[1]
	saveAs(t, d, "anne", first, 0, 1)
	saveAs(t, d, "anne", first, 0, 1)
	once, err := d.planner.Plan(ctx, d.org.ID, plan.Case{Situation: learnedSituation})
	if err != nil {
		t.Fatal(err)
	}
	if once.Plan.Steps[0].Action != dropped.Action || hasAction(once.Plan.Steps, added.Action) {
		t.Fatalf("one caseworker's choice, made twice, changed the plan: %v", actions(once.Plan.Steps))
	}
	// The passage added before now comes first among its need's: bruno adds the same one.
	saveAs(t, d, "bruno", once, 0, indexOfAction(once.Offered, added.Action))
	res, err := d.planner.Plan(ctx, d.org.ID, plan.Case{Situation: learnedSituation})
	if err != nil {
		t.Fatal(err)
	}
	if hasAction(res.Plan.Steps, dropped.Action) {
		t.Errorf("a step colleagues removed twice is still a step: %v", actions(res.Plan.Steps))
	}
	i := indexOfAction(res.Offered, dropped.Action)
	if i < 0 || res.Offered[i].Learned != socle.PassageRemoved {
		t.Fatalf("the step colleagues removed is not offered, marked, beside the steps (at %d): %+v", i, res.Offered)
	}
	j := indexOfAction(res.Plan.Steps, added.Action)
	if j < 0 || res.Plan.Steps[j].Learned != socle.PassageAdded {
		t.Fatalf("the passage colleagues added twice is not a marked step: %v", actions(res.Plan.Steps))
	}
	if indexOfAction(res.Offered, added.Action) >= 0 {
		t.Errorf("the passage taken among the steps is still offered")
	}
	// After its need's steps: no step of its need follows it unless it is the last of its need.
	for k := j + 1; k < len(res.Plan.Steps); k++ {
		if res.Plan.Steps[k].Need == added.Need && res.Plan.Steps[k].Learned == "" {
			t.Errorf("the passage taken up comes before a step of its need (%q)", res.Plan.Steps[k].Action)
		}
	}
	d.checkCitations(t, res.Plan.Steps)
	rep := res.Report(nil)
	if rep.Steps[j].Learned != "often_added" || rep.StepsOffered[indexOfAction(res.Offered, dropped.Action)].Learned != "often_removed" {
		t.Errorf("the report does not say what colleagues did: %q, %q", rep.Steps[j].Learned, rep.StepsOffered[i].Learned)
	}
	// Turned off, the plan is made as if nobody had kept anything; on again, it follows them.
	set, err := d.store.Settings(ctx, d.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	set.LearnFromPlans = false
	if err := d.store.SetSettings(ctx, &set); err != nil {
		t.Fatal(err)
	}
	off, err := d.planner.Plan(ctx, d.org.ID, plan.Case{Situation: learnedSituation})
	if err != nil {
		t.Fatal(err)
	}
	if off.Plan.Steps[0].Action != dropped.Action || hasAction(off.Plan.Steps, added.Action) {
		t.Errorf("learning turned off, the plan still follows colleagues: %v", actions(off.Plan.Steps))
	}
	set.LearnFromPlans = true
	if err := d.store.SetSettings(ctx, &set); err != nil {
		t.Fatal(err)
	}
	// Another organization's plans learn nothing from these.
	other := socle.Organization{Slug: "autre", Name: "Autre"}
	if err := d.store.CreateOrg(ctx, &other); err != nil {
		t.Fatal(err)
	}
	if l, err := d.planner.History.Learned(ctx, other.ID); err != nil || len(l) != 0 {
		t.Errorf("another organization learned %d passages (%v)", len(l), err)
	}
}

// What a saved plan says of its draft: the steps kept and removed, the passages offered that were
// added; those not added, the caseworker's own steps and a step given twice say nothing more.
func TestPassageUses(t *testing.T) {
	step := func(need, guide, quote string) socle.Step {
		return socle.Step{Action: quote, Need: need, Citations: []socle.Citation{{GuideID: guide, Quote: quote}}}
	}
	a, b := step("logement", "g", "Saisir le FSL."), step("logement", "g", "Signaler la dette à la CCAPEX.")
	c, e := step("ressources", "g", "Demander le RSA."), step("ressources", "g", "Demander la prime d'activité.")
	own := socle.Step{Action: "Rappeler Mme X.", Own: true}
	draft := socle.Plan{Steps: []socle.Step{a, b}}
	saved := socle.Plan{Steps: []socle.Step{own, b, e}}
	got := plan.PassageUses(draft, []socle.Step{c, e}, saved)
	want := []socle.PassageVerdict{socle.PassageRemoved, socle.PassageKept, socle.PassageAdded}
	if len(got) != len(want) {
		t.Fatalf("uses: %+v", got)
	}
	for i, u := range got {
		if u.Use != want[i] || u.GuideID != "g" || u.Digest != socle.PassageDigest([]socle.Step{a, b, e}[i].Citations[0].Quote) {
			t.Errorf("use %d: %+v, want %s", i, u, want[i])
		}
	}
	// The same words in another spacing and case are the same passage.
	if socle.PassageDigest("Saisir  le\nFSL.") != socle.PassageDigest("saisir le FSL.") || socle.PassageDigest("Saisir le FSL.") == socle.PassageDigest("Saisir le FSL") {
		t.Errorf("digests: spacing and case should not count, words should")
	}
}

// When colleagues follow a passage: at least twice, and against what others did with it.
func TestLearnedRecords(t *testing.T) {
	key := socle.PassageUse{Need: "logement", GuideID: "g", Digest: "d"}.Key()
	// Tallies as the store sums them: times shown and removed, times added, one row a member.
	removed := func(shown, n int) []socle.UsageCount {
		return []socle.UsageCount{{Kind: "passage", Key: key, N: shown, M: n}}
	}
	members := func(kind string, n int) []socle.UsageCount {
		var out []socle.UsageCount
		for i := range n {
			out = append(out, socle.UsageCount{Kind: kind, Key: key + "|member" + strconv.Itoa(i), N: 1})
		}
		return out
	}
	removers := func(n int) []socle.UsageCount { return members("remover", n) }
	added := func(n, by int) []socle.UsageCount {
		return append([]socle.UsageCount{{Kind: "taken", Key: key, N: n}}, members("adder", by)...)
	}
	for _, tc := range []struct {
		name           string
		counts         []socle.UsageCount
		setAside, take bool
	}{
		{"removed once", append(removed(1, 1), removers(1)...), false, false},
		{"removed twice by one member", append(removed(2, 2), removers(1)...), false, false},
		{"removed twice by two members, never kept", append(removed(2, 2), removers(2)...), true, false},
		{"removed twice, kept twice", append(removed(4, 2), removers(2)...), false, false},
		{"removed four times, kept once", append(removed(5, 4), removers(2)...), true, false},
		{"removed three times, added once", append(append(removed(3, 3), removers(3)...), added(1, 1)...), false, false},
		{"removed four times, added once", append(append(removed(4, 4), removers(3)...), added(1, 1)...), true, false},
		{"added once", added(1, 1), false, false},
		{"added twice by one member", added(2, 1), false, false},
		{"added twice by two members", added(2, 2), false, true},
		{"added twice, removed once", append(append(added(2, 2), removed(1, 1)...), removers(1)...), false, false},
		{"added four times, removed once", append(append(added(4, 2), removed(1, 1)...), removers(1)...), false, true},
		{"another kind", []socle.UsageCount{{Kind: "cite", Key: key, N: 9, M: 9}}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := plan.LearnedFrom(tc.counts)[key]
			if r.SetAside() != tc.setAside || r.TakeUp() != tc.take {
				t.Errorf("%+v: set aside %v, taken up %v; want %v, %v", r, r.SetAside(), r.TakeUp(), tc.setAside, tc.take)
			}
		})
	}
}

func hasAction(steps []socle.Step, action string) bool { return indexOfAction(steps, action) >= 0 }

func indexOfAction(steps []socle.Step, action string) int {
	for i, s := range steps {
		if s.Action == action {
			return i
		}
	}
	return -1
}

func actions(steps []socle.Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Action)
	}
	return out
}
