package storetest

import (
	"testing"
	"time"

	"github.com/socle-project/socle"
)

func sampleUsage(orgID string, at time.Time) []socle.UsageEvent {
	a := socle.CitedSection{GuideID: "g", VersionN: 2, SectionID: "impayes", Score: 0.8}
	b := socle.CitedSection{GuideID: "g", VersionN: 2, SectionID: "fsl", Score: 0.6}
	return []socle.UsageEvent{
		{OrgID: orgID, UserID: "u1", Kind: socle.UsagePlan, At: at, Needs: []socle.NeedUse{{Code: "logement", Covered: true}, {Code: "sante", Stated: true}},
			Cited: []socle.CitedSection{a, b, a}, Services: []string{"c/fsl"}},
		{OrgID: orgID, UserID: "u1", Kind: socle.UsageSearch, At: at, Query: "FSL", Found: true},
		{OrgID: orgID, UserID: "u2", Kind: socle.UsageSearch, At: at.Add(time.Second), Query: "  Impayés  de LOYER "},
		{OrgID: orgID, UserID: "u2", Kind: socle.UsageOpen, At: at.Add(2 * time.Second), Cited: []socle.CitedSection{b}},
		{OrgID: orgID, UserID: "u2", Kind: socle.UsageFeedback, At: at.Add(3 * time.Second), Cited: []socle.CitedSection{a}, Verdict: socle.VerdictUnsupported, Comment: "Le passage parle d'autre chose."},
	}
}

func testUsage(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "usage")
	now := socle.Now()
	today := socle.Day(now)
	events := sampleUsage(org.ID, now)
	must(t, "RecordUsage", s.RecordUsage(bg, events))
	if events[0].ID == "" {
		t.Fatal("RecordUsage assigned no id")
	}
	olds := []socle.UsageEvent{{OrgID: org.ID, UserID: "u1", Kind: socle.UsagePlan, At: now.AddDate(0, 0, -3), Needs: []socle.NeedUse{{Code: "sante"}}}}
	must(t, "RecordUsage(old)", s.RecordUsage(bg, olds))
	old := olds[0]

	counts, err := s.UsageCounts(bg, org.ID, today, today.AddDate(0, 0, 1))
	must(t, "UsageCounts", err)
	got := map[string][2]int{}
	for _, c := range counts {
		if !c.Day.Equal(today) || c.OrgID != org.ID {
			t.Fatalf("a tally of another day or organization: %+v", c)
		}
		got[c.Kind+"/"+c.Key] = [2]int{c.N, c.M}
	}
	want := map[string][2]int{
		"plan/": {1, 0}, "need/logement": {1, 0}, "need/sante": {1, 1}, "stated/sante": {1, 0}, "cite/g|2|impayes": {1, 0}, "cite/g|2|fsl": {1, 0},
		"service/c/fsl": {1, 0}, "search/": {2, 1}, "miss/impayés de loyer": {1, 1}, "open/g|2|fsl": {1, 0}, "feedback/g|2|impayes": {1, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("UsageCounts today: got %v\nwant %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("UsageCounts today, %s: got %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
	// A period ending in the middle of a day holds that day.
	if upToNow, _ := s.UsageCounts(bg, org.ID, now.Add(-time.Hour), now.Add(time.Minute), "plan"); len(upToNow) != 1 {
		t.Fatalf("UsageCounts up to now: %+v, want today's plan tally", upToNow)
	}
	needs, err := s.UsageCounts(bg, org.ID, today.AddDate(0, 0, -7), today.AddDate(0, 0, 1), "need")
	must(t, "UsageCounts(need, a week)", err)
	if len(needs) != 3 || !needs[0].Day.Equal(today.AddDate(0, 0, -3)) || needs[0].Key != "sante" {
		t.Fatalf("UsageCounts(need) over a week: %+v", needs)
	}

	// Totals over the week: the need "sante" of three days ago and of today in one row.
	totals, err := s.UsageTotals(bg, org.ID, today.AddDate(0, 0, -7), today.AddDate(0, 0, 1), "need", "plan")
	must(t, "UsageTotals", err)
	wantTotals := []socle.UsageCount{{OrgID: org.ID, Kind: "need", Key: "logement", N: 1}, {OrgID: org.ID, Kind: "need", Key: "sante", N: 2, M: 2},
		{OrgID: org.ID, Kind: "plan", N: 2}}
	if len(totals) != len(wantTotals) {
		t.Fatalf("UsageTotals: got %+v, want %+v", totals, wantTotals)
	}
	for i := range wantTotals {
		if totals[i] != wantTotals[i] {
			t.Fatalf("UsageTotals[%d]: got %+v, want %+v", i, totals[i], wantTotals[i])
		}
	}
	// A period from the zero time is every day kept.
	ever, err := s.UsageTotals(bg, org.ID, time.Time{}, today.AddDate(0, 0, 1), "need", "plan")
	must(t, "UsageTotals(since the zero time)", err)
	if len(ever) != len(wantTotals) {
		t.Fatalf("UsageTotals since the zero time: got %+v, want %+v", ever, wantTotals)
	}
	all, err := s.UsageTotals(bg, org.ID, today.AddDate(0, 0, -7), today.AddDate(0, 0, 1))
	must(t, "UsageTotals(every kind)", err)
	if len(all) != len(want) {
		t.Fatalf("UsageTotals of every kind: %d rows, want %d: %+v", len(all), len(want), all)
	}

	list, err := s.UsageEvents(bg, org.ID, socle.UsageFilter{})
	must(t, "UsageEvents", err)
	if len(list) != 6 || list[0].Kind != socle.UsageFeedback || list[5].ID != old.ID {
		t.Fatalf("UsageEvents: %d events, first %s, last %s", len(list), list[0].Kind, list[len(list)-1].ID)
	}
	fb := list[0]
	if fb.Comment != "Le passage parle d'autre chose." || fb.Verdict != socle.VerdictUnsupported || len(fb.Cited) != 1 || fb.Cited[0].SectionID != "impayes" {
		t.Fatalf("feedback event: %+v", fb)
	}
	plans, err := s.UsageEvents(bg, org.ID, socle.UsageFilter{Kind: socle.UsagePlan, From: now.Add(-time.Hour)})
	must(t, "UsageEvents(plan, last hour)", err)
	if len(plans) != 1 || len(plans[0].Needs) != 2 || !plans[0].Needs[1].Stated || plans[0].Needs[0].Stated || len(plans[0].Cited) != 3 || plans[0].Services[0] != "c/fsl" {
		t.Fatalf("UsageEvents(plan): %+v", plans)
	}

	commented, err := s.UsageEvents(bg, org.ID, socle.UsageFilter{Commented: true})
	must(t, "UsageEvents(commented)", err)
	if len(commented) != 1 || commented[0].Comment == "" {
		t.Fatalf("UsageEvents(commented): %+v", commented)
	}

	wantKind(t, "RecordUsage of an unknown kind", s.RecordUsage(bg, []socle.UsageEvent{{OrgID: org.ID, Kind: "dream"}}), socle.EINVALID)
	wantKind(t, "RecordUsage in an unknown organization", s.RecordUsage(bg, []socle.UsageEvent{{OrgID: "nope", Kind: socle.UsageOpen}}), socle.ENOTFOUND)
	if again, _ := s.UsageEvents(bg, org.ID, socle.UsageFilter{}); len(again) != 6 {
		t.Fatalf("a refused batch wrote %d events", len(again)-6)
	}

	// Retention: the old event and its day go; today's stay.
	n, err := s.DeleteUsage(bg, org.ID, now.AddDate(0, 0, -1))
	must(t, "DeleteUsage", err)
	if n != 1 {
		t.Fatalf("DeleteUsage: %d removed, want 1", n)
	}
	if left, _ := s.UsageCounts(bg, org.ID, today.AddDate(0, 0, -7), today, "need"); len(left) != 0 {
		t.Fatalf("tallies of a purged day remain: %+v", left)
	}
	if left, _ := s.UsageEvents(bg, org.ID, socle.UsageFilter{}); len(left) != 5 {
		t.Fatalf("after DeleteUsage: %d events, want 5", len(left))
	}

	set, err := s.Settings(bg, org.ID)
	must(t, "Settings", err)
	if set.UsageRetentionDays != socle.DefaultUsageRetentionDays {
		t.Fatalf("usage retention by default: %d", set.UsageRetentionDays)
	}
	set.UsageRetentionDays = 30
	must(t, "SetSettings(retention)", s.SetSettings(bg, &set))
	if got, _ := s.Settings(bg, org.ID); got.UsageRetentionDays != 30 {
		t.Fatalf("usage retention after SetSettings: %d", got.UsageRetentionDays)
	}
	set.UsageRetentionDays = 0
	wantKind(t, "SetSettings with no retention", s.SetSettings(bg, &set), socle.EINVALID)
}

// testUsageDrafts records what caseworkers kept of drafts: each passage's uses are counted under
// its need, guide and digest, the steps as "passage" (M: removed) and the passages added as
// "taken", and the event keeps them.
func testUsageDrafts(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "usage-drafts")
	now := socle.Now()
	today := socle.Day(now)
	fsl := socle.PassageUse{Need: "logement", GuideID: "g", Digest: socle.PassageDigest("Saisissez le FSL.")}
	ccapex := socle.PassageUse{Need: "logement", GuideID: "g", Digest: socle.PassageDigest("Signalez la dette à la CCAPEX.")}
	use := func(u socle.PassageUse, v socle.PassageVerdict) socle.PassageUse { u.Use = v; return u }
	events := []socle.UsageEvent{
		{OrgID: org.ID, UserID: "u1", Kind: socle.UsageDraft, At: now, Passages: []socle.PassageUse{use(fsl, socle.PassageKept), use(ccapex, socle.PassageRemoved)}},
		{OrgID: org.ID, UserID: "u2", Kind: socle.UsageDraft, At: now.Add(time.Second), Passages: []socle.PassageUse{use(ccapex, socle.PassageRemoved), use(fsl, socle.PassageAdded)}},
	}
	must(t, "RecordUsage(drafts)", s.RecordUsage(bg, events))
	totals, err := s.UsageTotals(bg, org.ID, today, today.AddDate(0, 0, 1), "passage", "taken")
	must(t, "UsageTotals(passage, taken)", err)
	want := []socle.UsageCount{{OrgID: org.ID, Kind: "passage", Key: ccapex.Key(), N: 2, M: 2}, {OrgID: org.ID, Kind: "passage", Key: fsl.Key(), N: 1},
		{OrgID: org.ID, Kind: "taken", Key: fsl.Key(), N: 1}}
	if ccapex.Key() > fsl.Key() {
		want[0], want[1] = want[1], want[0]
	}
	if len(totals) != len(want) {
		t.Fatalf("UsageTotals of drafts: got %+v, want %+v", totals, want)
	}
	for i := range want {
		if totals[i] != want[i] {
			t.Fatalf("UsageTotals of drafts [%d]: got %+v, want %+v", i, totals[i], want[i])
		}
	}
	// Who removed and added: one row a passage and member.
	members, err := s.UsageTotals(bg, org.ID, today, today.AddDate(0, 0, 1), "remover", "adder")
	must(t, "UsageTotals(remover, adder)", err)
	if len(members) != 3 || members[0].Kind != "adder" || members[0].Key != fsl.Key()+"|u2" || members[1].Key != ccapex.Key()+"|u1" && members[1].Key != ccapex.Key()+"|u2" {
		t.Fatalf("UsageTotals of the members who removed and added: %+v", members)
	}
	got, err := s.UsageEvents(bg, org.ID, socle.UsageFilter{Kind: socle.UsageDraft})
	must(t, "UsageEvents(draft)", err)
	if len(got) != 2 || len(got[0].Passages) != 2 || got[0].Passages[1] != use(fsl, socle.PassageAdded) {
		t.Fatalf("UsageEvents(draft): %+v", got)
	}
	bad := []socle.UsageEvent{{OrgID: org.ID, Kind: socle.UsageDraft, Passages: []socle.PassageUse{use(fsl, "liked")}}}
	wantKind(t, "RecordUsage of a passage use not known", s.RecordUsage(bg, bad), socle.EINVALID)
	// Another organization's drafts count nothing here.
	other := mustOrg(t, s, "usage-drafts-other")
	must(t, "RecordUsage(other org)", s.RecordUsage(bg, []socle.UsageEvent{{OrgID: other.ID, UserID: "u3", Kind: socle.UsageDraft, At: now,
		Passages: []socle.PassageUse{use(fsl, socle.PassageRemoved)}}}))
	if again, _ := s.UsageTotals(bg, org.ID, today, today.AddDate(0, 0, 1), "passage"); len(again) != 2 || again[0].N+again[1].N != 3 {
		t.Fatalf("another organization's draft counted here: %+v", again)
	}
}
