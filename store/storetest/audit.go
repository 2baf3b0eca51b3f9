package storetest

import (
	"testing"

	"github.com/socle-project/socle"
)

func testAudit(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "audit")
	ctx := ctxFor("lead-7")
	g := socle.Guide{OrgID: org.ID, Slug: "methodo", Title: "Méthodo", Kind: socle.KindMethodology}
	must(t, "CreateGuide", s.CreateGuide(ctx, &g))
	v := socle.Version{OrgID: org.ID, GuideID: g.ID}
	must(t, "CreateVersion", s.CreateVersion(ctx, &v, sampleContent("a", 1)))
	_, err := s.SetVersionState(ctx, org.ID, socle.StateChange{VersionID: v.ID, State: socle.StatePublished})
	must(t, "SetVersionState", err)
	must(t, "AppendAudit", s.AppendAudit(ctx, &socle.AuditEvent{OrgID: org.ID, Action: "plan.generate", ObjectKind: "plan"}))
	wantKind(t, "AppendAudit without action", s.AppendAudit(ctx, &socle.AuditEvent{OrgID: org.ID}), socle.EINVALID)

	events, err := s.Audit(bg, org.ID, socle.AuditFilter{})
	must(t, "Audit", err)
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
		if e.OrgID != org.ID || e.At.IsZero() || e.ID == "" {
			t.Fatalf("event %+v lacks org, time or id", e)
		}
		if e.Action != "org.create" && e.Actor != "lead-7" {
			t.Fatalf("event %s: actor %q, want lead-7 from the context", e.Action, e.Actor)
		}
	}
	want := []string{"plan.generate", "version.published", "version.create", "guide.create", "org.create"}
	if len(actions) != len(want) {
		t.Fatalf("Audit: got %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("Audit: got %v, want %v (newest first)", actions, want)
		}
	}
	mine, err := s.Audit(bg, org.ID, socle.AuditFilter{ObjectID: v.ID})
	must(t, "Audit(object)", err)
	if len(mine) != 2 {
		t.Fatalf("Audit(version): got %d events, want 2", len(mine))
	}
	last, err := s.Audit(bg, org.ID, socle.AuditFilter{Limit: 1})
	must(t, "Audit(limit)", err)
	if len(last) != 1 || last[0].Action != "plan.generate" {
		t.Fatalf("Audit(limit 1): got %+v", last)
	}
}
