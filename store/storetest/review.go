package storetest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

func testSettings(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "settings")
	got, err := s.Settings(bg, org.ID)
	must(t, "Settings", err)
	if !got.ReviewRequired || got.OrgID != org.ID {
		t.Fatalf("Settings of a new organization: got %+v, want review required by default", got)
	}
	set := socle.DefaultSettings(org.ID)
	set.ReviewRequired = false
	must(t, "SetSettings", s.SetSettings(ctxFor("admin-1"), &set))
	if set.UpdatedAt.IsZero() {
		t.Fatalf("SetSettings did not stamp the time: %+v", set)
	}
	got, err = s.Settings(bg, org.ID)
	must(t, "Settings after SetSettings", err)
	if got.ReviewRequired || !sameTime(got.UpdatedAt, set.UpdatedAt) {
		t.Fatalf("Settings: got %+v, want %+v", got, set)
	}
	if !got.LearnFromPlans {
		t.Fatalf("Settings: plans learn from what caseworkers kept unless turned off: %+v", got)
	}
	set.ReviewRequired, set.LearnFromPlans = true, false
	must(t, "SetSettings again", s.SetSettings(bg, &set))
	if got, _ := s.Settings(bg, org.ID); !got.ReviewRequired || got.LearnFromPlans {
		t.Fatalf("Settings after turning review back on and learning off: %+v", got)
	}
	_, err = s.Settings(bg, "nope")
	wantKind(t, "Settings of an unknown organization", err, socle.ENOTFOUND)
	wantKind(t, "SetSettings of an unknown organization", s.SetSettings(bg, &socle.Settings{OrgID: "nope", UsageRetentionDays: 10}), socle.ENOTFOUND)
	events, err := s.Audit(bg, org.ID, socle.AuditFilter{ObjectID: org.ID})
	must(t, "Audit", err)
	if len(events) < 2 || events[0].Action != "settings.update" || events[1].Action != "settings.update" || events[1].Actor != "admin-1" {
		t.Fatalf("settings changes are not in the audit trail with their actor: %+v", events)
	}
}

func testComments(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "comments")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	content := sampleContent("c", 2)
	v := mustVersion(t, s, g, socle.StateDraft, content)

	c1 := socle.Comment{OrgID: org.ID, VersionID: v.ID, Body: "  Préciser le délai.  "}
	must(t, "AddComment", s.AddComment(ctxFor("lead-2"), &c1))
	if c1.ID == "" || c1.CreatedAt.IsZero() || c1.Author != "lead-2" || c1.Body != "Préciser le délai." {
		t.Fatalf("AddComment: got %+v, want id, time, author from the context, trimmed body", c1)
	}
	c2 := socle.Comment{OrgID: org.ID, VersionID: v.ID, SectionID: content.Sections[1].ID, Author: "lead-3", Body: "Citer le texte."}
	must(t, "AddComment on a section", s.AddComment(bg, &c2))
	_, err := s.SetVersionState(ctxFor("lead-2"), org.ID, socle.StateChange{VersionID: v.ID, State: socle.StateReview, Comment: "Prête pour relecture."})
	must(t, "SetVersionState with a comment", err)

	wantKind(t, "AddComment empty", s.AddComment(bg, &socle.Comment{OrgID: org.ID, VersionID: v.ID, Body: " "}), socle.EINVALID)
	wantKind(t, "AddComment too long", s.AddComment(bg, &socle.Comment{OrgID: org.ID, VersionID: v.ID, Body: strings.Repeat("x", 9000)}), socle.EINVALID)
	wantKind(t, "AddComment on an unknown section", s.AddComment(bg, &socle.Comment{OrgID: org.ID, VersionID: v.ID, SectionID: "nope", Body: "x"}), socle.ENOTFOUND)
	wantKind(t, "AddComment on an unknown version", s.AddComment(bg, &socle.Comment{OrgID: org.ID, VersionID: "nope", Body: "x"}), socle.ENOTFOUND)
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v.ID, State: socle.StateDraft, Comment: strings.Repeat("x", 9000)})
	wantKind(t, "a move with a comment too long", err, socle.EINVALID)
	if still, _ := s.Version(bg, org.ID, v.ID); still.State != socle.StateReview {
		t.Fatalf("a move refused for its comment left the version %s, want review", still.State)
	}

	cs, err := s.Comments(bg, org.ID, v.ID)
	must(t, "Comments", err)
	if len(cs) != 3 || cs[0].ID != c1.ID || !reflect.DeepEqual(cs[1], c2) || cs[2].State != socle.StateReview || cs[2].Body != "Prête pour relecture." || cs[2].Author != "lead-2" {
		t.Fatalf("Comments: got %+v, want c1, c2, then the move's comment", cs)
	}
	other := mustVersion(t, s, g, socle.StateDraft, sampleContent("d", 1))
	none, err := s.Comments(bg, org.ID, other.ID)
	must(t, "Comments of a version without any", err)
	if len(none) != 0 {
		t.Fatalf("Comments of another version: got %+v", none)
	}
	_, err = s.Comments(bg, org.ID, "nope")
	wantKind(t, "Comments of an unknown version", err, socle.ENOTFOUND)
}

func testChangeNotices(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "notices")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	c1 := sampleContent("n", 3)
	v1 := mustVersion(t, s, g, socle.StatePublished, c1)
	v2 := mustVersion(t, s, g, socle.StateReview, sampleContent("n2", 3))
	notices := []socle.ChangeNotice{
		{SectionID: c1.Sections[2].ID, Path: c1.Sections[2].Path, Change: socle.Removed, FromVersionID: v1.ID, FromN: 1},
		{SectionID: c1.Sections[0].ID, Path: c1.Sections[0].Path, Change: socle.Changed, FromVersionID: v1.ID, FromN: 1},
	}
	// A refused publication writes no notice.
	_, err := s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v2.ID, State: socle.StatePublished, Expect: 0, Notices: notices})
	wantKind(t, "publication against the wrong published version", err, socle.ECONFLICT)
	bad := []socle.ChangeNotice{{SectionID: "x", Change: "sideways"}}
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v2.ID, State: socle.StatePublished, Expect: 1, Notices: bad})
	wantKind(t, "publication with a bad notice", err, socle.EINVALID)
	if still, _ := s.Version(bg, org.ID, v2.ID); still.State != socle.StateReview {
		t.Fatalf("a publication refused for its notices left v2 %s, want review", still.State)
	}
	ns, err := s.ChangeNotices(bg, org.ID, socle.NoticeFilter{GuideID: g.ID})
	must(t, "ChangeNotices before", err)
	if len(ns) != 0 {
		t.Fatalf("refused publications left notices: %+v", ns)
	}

	pub, err := s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v2.ID, State: socle.StatePublished, Expect: 1, Notices: notices})
	must(t, "publication with notices", err)
	ns, err = s.ChangeNotices(bg, org.ID, socle.NoticeFilter{GuideID: g.ID})
	must(t, "ChangeNotices", err)
	if len(ns) != 2 {
		t.Fatalf("ChangeNotices: got %d, want 2", len(ns))
	}
	first, second := ns[0], ns[1]
	if first.SectionID > second.SectionID {
		t.Fatalf("ChangeNotices are not ordered by section: %s then %s", first.SectionID, second.SectionID)
	}
	for _, n := range ns {
		if n.ID == "" || n.OrgID != org.ID || n.GuideID != g.ID || n.ToVersionID != v2.ID || n.ToN != 2 || n.FromN != 1 ||
			n.FromVersionID != v1.ID || !sameTime(n.At, pub.PublishedAt) || len(n.Path) != 2 {
			t.Fatalf("notice %+v: want ids, org, guide, v1 → v2, the publication's time %v and the path", n, pub.PublishedAt)
		}
	}
	only, err := s.ChangeNotices(bg, org.ID, socle.NoticeFilter{GuideID: g.ID, SectionIDs: []string{c1.Sections[2].ID}})
	must(t, "ChangeNotices(section)", err)
	if len(only) != 1 || only[0].Change != socle.Removed {
		t.Fatalf("ChangeNotices(section): got %+v, want the removal only", only)
	}
	later, err := s.ChangeNotices(bg, org.ID, socle.NoticeFilter{GuideID: g.ID, AfterN: 2})
	must(t, "ChangeNotices(after 2)", err)
	if len(later) != 0 {
		t.Fatalf("ChangeNotices(after version 2): got %+v, want none", later)
	}
	_, err = s.ChangeNotices(bg, org.ID, socle.NoticeFilter{GuideID: "nope"})
	wantKind(t, "ChangeNotices of an unknown guide", err, socle.ENOTFOUND)
}

func testPlansCiting(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "citing")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	h := mustGuide(t, s, org.ID, "autre", socle.KindMethodology)
	cite := func(guide socle.Guide, sections ...string) socle.Plan {
		p := samplePlan(org.ID, "u1", time.Hour)
		p.Steps = nil
		for _, sec := range sections {
			p.Steps = append(p.Steps, socle.Step{Action: "x", Citations: []socle.Citation{
				{GuideID: guide.ID, VersionID: "v", VersionN: 1, SectionID: sec, Quote: "q"},
				{GuideID: guide.ID, VersionID: "v", VersionN: 1, SectionID: sec, Quote: "q again"},
			}})
		}
		must(t, "SavePlan", s.SavePlan(bg, &p))
		return p
	}
	p1 := cite(g, "a", "b")
	p2 := cite(g, "b")
	p3 := cite(h, "a")
	cite(g, "c")

	got, err := s.PlansCiting(bg, org.ID, g.ID, []string{"a", "b"})
	must(t, "PlansCiting", err)
	if len(got) != 2 || got[0].PlanID != p2.ID || got[1].PlanID != p1.ID {
		t.Fatalf("PlansCiting(a, b): got %+v, want p2 then p1", got)
	}
	if !reflect.DeepEqual(got[1].SectionIDs, []string{"a", "b"}) || !reflect.DeepEqual(got[0].SectionIDs, []string{"b"}) ||
		got[1].Title != p1.Title || got[1].AuthorID != "u1" || !sameTime(got[1].CreatedAt, p1.CreatedAt) {
		t.Fatalf("PlansCiting: got %+v", got)
	}
	none, err := s.PlansCiting(bg, org.ID, g.ID, []string{"zzz"})
	must(t, "PlansCiting(nothing cited)", err)
	if len(none) != 0 {
		t.Fatalf("PlansCiting(zzz): got %+v", none)
	}
	must(t, "DeletePlan", s.DeletePlan(bg, org.ID, p1.ID))
	got, err = s.PlansCiting(bg, org.ID, g.ID, []string{"a"})
	must(t, "PlansCiting after delete", err)
	if len(got) != 0 {
		t.Fatalf("PlansCiting after deleting p1: got %+v", got)
	}
	onH, err := s.PlansCiting(bg, org.ID, h.ID, []string{"a"})
	must(t, "PlansCiting(h)", err)
	if len(onH) != 1 || onH[0].PlanID != p3.ID {
		t.Fatalf("PlansCiting(h, a): got %+v, want p3", onH)
	}
	_, err = s.PlansCiting(bg, org.ID, "nope", []string{"a"})
	wantKind(t, "PlansCiting of an unknown guide", err, socle.ENOTFOUND)

	// Expired plans leave the index too.
	short := samplePlan(org.ID, "u1", 50*time.Millisecond)
	short.Steps = []socle.Step{{Action: "x", Citations: []socle.Citation{{GuideID: h.ID, SectionID: "z", Quote: "q"}}}}
	must(t, "SavePlan(short)", s.SavePlan(bg, &short))
	_, err = s.DeleteExpiredPlans(bg, socle.Now().Add(time.Second))
	must(t, "DeleteExpiredPlans", err)
	gone, err := s.PlansCiting(bg, org.ID, h.ID, []string{"z"})
	must(t, "PlansCiting after expiry", err)
	if len(gone) != 0 {
		t.Fatalf("PlansCiting after the plan expired: got %+v", gone)
	}
}
