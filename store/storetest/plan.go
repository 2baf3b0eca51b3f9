package storetest

import (
	"bytes"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

func samplePlan(orgID, author string, ttl time.Duration) socle.Plan {
	return socle.Plan{
		OrgID: orgID, AuthorID: author, Title: "Situation de [PERSONNE_1]",
		CaseDigest: "[PERSONNE_1], 19 ans, sans hébergement depuis [DATE_1].",
		Steps: []socle.Step{{
			Action: "Orienter vers le SIAO", Rationale: "Mise à l'abri",
			Citations: []socle.Citation{{GuideID: "g", GuideTitle: "Guide", VersionID: "v", VersionN: 2, SectionID: "s",
				Path: []string{"Hébergement", "Urgence"}, PageStart: 3, PageEnd: 3, Span: socle.Span{Start: 10, End: 42}, Quote: "appeler le 115"}},
			Services: []socle.ServiceRef{{VersionID: "c", ServiceID: "siao", Name: "SIAO"}},
			Support:  0.8,
			Due:      "2026-12-15", Who: socle.AssigneePartner, Partner: "SIAO de [ADRESSE_1]",
		}, {Action: "Ouvrir les droits RSA", Who: socle.AssigneePerson},
			{Action: "Rappeler [PERSONNE_1] après le rendez-vous", Own: true, Due: "2026-12-20", Who: socle.AssigneeCaseworker}},
		NotCovered: []socle.Step{{Action: "Demander une aide exceptionnelle"}},
		Generator:  "extractive",
		ExpiresAt:  socle.Now().Add(ttl),
	}
}

func testPlans(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "plans")
	p := samplePlan(org.ID, "u1", time.Hour)
	must(t, "SavePlan", s.SavePlan(bg, &p))
	if p.ID == "" || p.CreatedAt.IsZero() {
		t.Fatalf("SavePlan did not assign id and time: %+v", p)
	}
	got, err := s.Plan(bg, org.ID, p.ID)
	must(t, "Plan", err)
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("Plan: got %+v\nwant %+v", got, p)
	}
	q := samplePlan(org.ID, "u2", time.Hour)
	must(t, "SavePlan(q)", s.SavePlan(bg, &q))
	list, err := s.Plans(bg, org.ID, socle.PlanFilter{})
	must(t, "Plans", err)
	if len(list) != 2 || list[0].ID != q.ID || list[1].ID != p.ID {
		t.Fatalf("Plans: got %d plans, want q then p (newest first)", len(list))
	}
	mine, err := s.Plans(bg, org.ID, socle.PlanFilter{AuthorID: "u1", Limit: 5})
	must(t, "Plans(author)", err)
	if len(mine) != 1 || mine[0].ID != p.ID {
		t.Fatalf("Plans(author u1): got %+v, want only p", mine)
	}
	recent, err := s.Plans(bg, org.ID, socle.PlanFilter{Since: q.CreatedAt})
	must(t, "Plans(since)", err)
	if len(recent) != 1 || recent[0].ID != q.ID {
		t.Fatalf("Plans(since q): got %d plans, want q only", len(recent))
	}
	one, err := s.Plans(bg, org.ID, socle.PlanFilter{Limit: 1})
	must(t, "Plans(limit)", err)
	if len(one) != 1 {
		t.Fatalf("Plans(limit 1): got %d", len(one))
	}

	// A plan whose every need the guides cover has nothing set apart, and one with no step at
	// all says why elsewhere: both are saved as they are.
	bare := samplePlan(org.ID, "u1", time.Hour)
	bare.Steps, bare.NotCovered = nil, nil
	must(t, "SavePlan with no step and nothing set apart", s.SavePlan(bg, &bare))
	if got, err := s.Plan(bg, org.ID, bare.ID); err != nil || len(got.Steps) != 0 || len(got.NotCovered) != 0 {
		t.Fatalf("Plan(bare): %+v, %v", got, err)
	}

	past := samplePlan(org.ID, "u1", -time.Minute)
	wantKind(t, "SavePlan expired", s.SavePlan(bg, &past), socle.EINVALID)

	f := socle.Feedback{OrgID: org.ID, PlanID: p.ID, Step: 0, UserID: "u1", Verdict: socle.VerdictUnsupported, Comment: "la citation ne dit pas ça"}
	must(t, "AddFeedback", s.AddFeedback(bg, &f))
	must(t, "AddFeedback 2", s.AddFeedback(bg, &socle.Feedback{OrgID: org.ID, PlanID: p.ID, Step: 1, UserID: "u2", Verdict: socle.VerdictUseful}))
	wantKind(t, "AddFeedback bad verdict", s.AddFeedback(bg, &socle.Feedback{OrgID: org.ID, PlanID: p.ID, Verdict: "meh"}), socle.EINVALID)
	wantKind(t, "AddFeedback bad step", s.AddFeedback(bg, &socle.Feedback{OrgID: org.ID, PlanID: p.ID, Step: 7, Verdict: socle.VerdictWrong}), socle.EINVALID)
	wantKind(t, "AddFeedback unknown plan", s.AddFeedback(bg, &socle.Feedback{OrgID: org.ID, PlanID: "nope", Verdict: socle.VerdictWrong}), socle.ENOTFOUND)
	fb, err := s.Feedback(bg, org.ID, p.ID)
	must(t, "Feedback", err)
	if len(fb) != 2 || !reflect.DeepEqual(fb[0], f) || fb[1].Verdict != socle.VerdictUseful {
		t.Fatalf("Feedback: got %+v, want f then useful", fb)
	}

	must(t, "DeletePlan", s.DeletePlan(bg, org.ID, p.ID))
	_, err = s.Plan(bg, org.ID, p.ID)
	wantKind(t, "Plan(deleted)", err, socle.ENOTFOUND)
	_, err = s.Feedback(bg, org.ID, p.ID)
	wantKind(t, "Feedback(deleted plan)", err, socle.ENOTFOUND)
	wantKind(t, "DeletePlan(deleted)", s.DeletePlan(bg, org.ID, p.ID), socle.ENOTFOUND)
}

func testPlanExpiry(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "expiry")
	soon := samplePlan(org.ID, "u1", time.Minute)
	later := samplePlan(org.ID, "u1", time.Hour)
	must(t, "SavePlan(soon)", s.SavePlan(bg, &soon))
	must(t, "SavePlan(later)", s.SavePlan(bg, &later))
	must(t, "AddFeedback", s.AddFeedback(bg, &socle.Feedback{OrgID: org.ID, PlanID: soon.ID, Verdict: socle.VerdictUseful}))

	n, err := s.DeleteExpiredPlans(bg, socle.Now().Add(30*time.Minute))
	must(t, "DeleteExpiredPlans", err)
	if n < 1 {
		t.Fatalf("DeleteExpiredPlans: got %d, want at least 1", n)
	}
	_, err = s.Plan(bg, org.ID, soon.ID)
	wantKind(t, "Plan(expired)", err, socle.ENOTFOUND)
	if _, err := s.Plan(bg, org.ID, later.ID); err != nil {
		t.Fatalf("Plan(not yet expired): %v", err)
	}
	n, err = s.DeleteExpiredPlans(bg, socle.Now().Add(30*time.Minute))
	must(t, "DeleteExpiredPlans again", err)
	_, err = s.Plan(bg, org.ID, later.ID)
	if err != nil {
		t.Fatalf("second purge removed a plan not due: %v (n=%d)", err, n)
	}
}

// testDraftKey: an organization's draft key is made once and then always the same (every
// server sealing drafts must agree on it), is another organization's own, and an unknown
// organization has none.
func testDraftKey(t *testing.T, s socle.Store) {
	a, b := mustOrg(t, s, "draftkey-a"), mustOrg(t, s, "draftkey-b")
	k1, err := s.DraftKey(bg, a.ID)
	must(t, "DraftKey", err)
	if len(k1) != socle.DraftKeySize || bytes.Equal(k1, make([]byte, socle.DraftKeySize)) {
		t.Fatalf("DraftKey: %d bytes %x, want %d random bytes", len(k1), k1, socle.DraftKeySize)
	}
	var wg sync.WaitGroup
	keys := make([][]byte, 8)
	for i := range keys {
		wg.Add(1)
		go func() { defer wg.Done(); keys[i], _ = s.DraftKey(bg, a.ID) }()
	}
	wg.Wait()
	for i, k := range keys {
		if !bytes.Equal(k, k1) {
			t.Fatalf("DraftKey call %d: %x, want the first key %x", i, k, k1)
		}
	}
	kb, err := s.DraftKey(bg, b.ID)
	must(t, "DraftKey(b)", err)
	if bytes.Equal(kb, k1) {
		t.Fatal("two organizations share a draft key")
	}
	wantKind(t, "DraftKey(unknown org)", func() error { _, err := s.DraftKey(bg, "no-such-org"); return err }(), socle.ENOTFOUND)
}

// testPlanDrafts: a plan saved from a draft is saved once. Saving the same draft again stores
// nothing and gives back the plan saved first (whatever the second save holds), with one audit
// event; another draft, or a plan without a draft, makes a new plan; deleting the plan frees
// the draft. Draft ids are an organization's own: the same id in another organization saves
// that organization's own plan, and never returns the first one's.
func testPlanDrafts(t *testing.T, s socle.Store) {
	a, b := mustOrg(t, s, "drafts-a"), mustOrg(t, s, "drafts-b")
	first := samplePlan(a.ID, "u1", time.Hour)
	first.DraftID = "draft-1"
	must(t, "SavePlan(draft)", s.SavePlan(bg, &first))
	if first.ID == "" || first.DraftID != "draft-1" {
		t.Fatalf("SavePlan(draft): %+v", first)
	}
	got, err := s.Plan(bg, a.ID, first.ID)
	must(t, "Plan", err)
	if !reflect.DeepEqual(got, first) {
		t.Fatalf("Plan: got %+v\nwant %+v", got, first)
	}

	again := samplePlan(a.ID, "u1", 2*time.Hour)
	again.DraftID, again.Title = "draft-1", "Changé entre-temps"
	must(t, "SavePlan(same draft)", s.SavePlan(bg, &again))
	if !reflect.DeepEqual(again, first) {
		t.Fatalf("SavePlan(same draft): got %+v\nwant the plan saved first %+v", again, first)
	}
	other := samplePlan(a.ID, "u1", time.Hour)
	other.DraftID = "draft-2"
	must(t, "SavePlan(other draft)", s.SavePlan(bg, &other))
	plain := samplePlan(a.ID, "u1", time.Hour)
	must(t, "SavePlan(no draft)", s.SavePlan(bg, &plain))
	plain2 := samplePlan(a.ID, "u1", time.Hour)
	must(t, "SavePlan(no draft again)", s.SavePlan(bg, &plain2))
	if other.ID == first.ID || plain.ID == first.ID || plain.ID == plain2.ID || plain.DraftID != "" {
		t.Fatalf("distinct saves share a plan: first %s, other draft %s, no draft %s and %s", first.ID, other.ID, plain.ID, plain2.ID)
	}
	list, err := s.Plans(bg, a.ID, socle.PlanFilter{})
	must(t, "Plans", err)
	if len(list) != 4 {
		t.Fatalf("Plans: %d plans, want 4 (the draft saved twice counts once)", len(list))
	}
	ev, err := s.Audit(bg, a.ID, socle.AuditFilter{Action: "plan.save", ObjectID: first.ID})
	must(t, "Audit", err)
	if len(ev) != 1 {
		t.Fatalf("plan.save events for the draft saved twice: %d, want 1", len(ev))
	}
	past := samplePlan(a.ID, "u1", -time.Minute)
	past.DraftID = "draft-1"
	wantKind(t, "SavePlan(same draft, expired)", s.SavePlan(bg, &past), socle.EINVALID)

	// The same draft id in organization b is b's own draft.
	inB := samplePlan(b.ID, "u1", time.Hour)
	inB.DraftID = "draft-1"
	must(t, "SavePlan(b, same draft id)", s.SavePlan(bg, &inB))
	if inB.ID == first.ID || inB.OrgID != b.ID {
		t.Fatalf("organization b got organization a's plan: %+v", inB)
	}
	againB := samplePlan(b.ID, "u1", time.Hour)
	againB.DraftID = "draft-1"
	must(t, "SavePlan(b, same draft id again)", s.SavePlan(bg, &againB))
	if againB.ID != inB.ID {
		t.Fatalf("organization b's second save: plan %s, want b's first %s", againB.ID, inB.ID)
	}
	if got, err := s.Plan(bg, a.ID, first.ID); err != nil || got.Title != first.Title {
		t.Fatalf("organization a's plan after b's saves: %+v, %v", got, err)
	}
	_, err = s.Plan(bg, b.ID, first.ID)
	wantKind(t, "Plan(b, a's plan)", err, socle.ENOTFOUND)
	unknown := samplePlan("no-such-org", "u1", time.Hour)
	unknown.DraftID = "draft-1"
	wantKind(t, "SavePlan(unknown org, a's draft id)", s.SavePlan(bg, &unknown), socle.ENOTFOUND)

	// Deleting the plan frees its draft (a plan deleted on purpose is not brought back), and
	// so does its expiry.
	must(t, "DeletePlan", s.DeletePlan(bg, a.ID, first.ID))
	after := samplePlan(a.ID, "u1", time.Hour)
	after.DraftID = "draft-1"
	must(t, "SavePlan(draft of a deleted plan)", s.SavePlan(bg, &after))
	if after.ID == first.ID {
		t.Fatalf("SavePlan after DeletePlan returned the deleted plan %s", first.ID)
	}
	soon := samplePlan(a.ID, "u1", time.Minute)
	soon.DraftID = "draft-3"
	must(t, "SavePlan(soon)", s.SavePlan(bg, &soon))
	_, err = s.DeleteExpiredPlans(bg, socle.Now().Add(30*time.Minute))
	must(t, "DeleteExpiredPlans", err)
	later := samplePlan(a.ID, "u1", time.Hour)
	later.DraftID = "draft-3"
	must(t, "SavePlan(draft of an expired plan)", s.SavePlan(bg, &later))
	if later.ID == soon.ID {
		t.Fatal("SavePlan after expiry returned the expired plan")
	}
}

// testConcurrentDraftSaves saves one draft from many writers at once, as from servers behind a
// load balancer: one plan is stored and every writer gets it. Other drafts saved meanwhile are
// not held up or merged.
func testConcurrentDraftSaves(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "draft-race")
	const writers = 8
	ids := make([]string, writers)
	others := make([]string, writers)
	errs := make([]error, 2*writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			p := samplePlan(org.ID, "u1", time.Hour)
			p.DraftID = "same-draft"
			errs[w] = s.SavePlan(bg, &p)
			ids[w] = p.ID
		})
		wg.Go(func() {
			p := samplePlan(org.ID, "u1", time.Hour)
			p.DraftID = "own-draft-" + string(rune('a'+w))
			errs[writers+w] = s.SavePlan(bg, &p)
			others[w] = p.ID
		})
	}
	wg.Wait()
	for i, err := range errs {
		must(t, "concurrent SavePlan "+string(rune('0'+i%10)), err)
	}
	for w, id := range ids {
		if id == "" || id != ids[0] {
			t.Fatalf("writer %d got plan %q, writer 0 %q: one draft made several plans", w, id, ids[0])
		}
	}
	list, err := s.Plans(bg, org.ID, socle.PlanFilter{})
	must(t, "Plans", err)
	if len(list) != 1+writers {
		t.Fatalf("Plans: %d, want %d (one for the shared draft, one for each own draft)", len(list), 1+writers)
	}
	seen := map[string]bool{ids[0]: true}
	for _, id := range others {
		if seen[id] {
			t.Fatalf("two drafts saved as one plan %s", id)
		}
		seen[id] = true
	}
}
