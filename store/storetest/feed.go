package storetest

import (
	"testing"
	"time"

	"github.com/socle-project/socle"
)

// feedSince lists the whole feed after a position.
func feedSince(t *testing.T, s socle.Store, after int64) []socle.IndexChange {
	t.Helper()
	cs, err := s.IndexChanges(bg, after, 0)
	must(t, "IndexChanges", err)
	return cs
}

// testChangeFeed checks that every change of what an index holds appends one change to the
// feed, in order, in the transaction of the change: a refused change appends nothing.
func testChangeFeed(t *testing.T, s socle.Store) {
	b, err := s.FeedBounds(bg)
	must(t, "FeedBounds of an empty store", err)
	if b != (socle.FeedBounds{}) || len(feedSince(t, s, 0)) != 0 {
		t.Fatalf("a new store's feed: bounds %+v, want empty", b)
	}
	org := mustOrg(t, s, "feed")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	v1 := mustVersion(t, s, g, socle.StateDraft, sampleContent("v1", 1))
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v1.ID, State: socle.StatePublished})
	must(t, "publish v1", err)
	v2 := mustVersion(t, s, g, socle.StatePublished, sampleContent("v2", 1)) // archives v1
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v2.ID, State: socle.StateArchived})
	must(t, "archive v2", err)

	want := []struct {
		version string
		state   socle.VersionState
	}{{v1.ID, socle.StateDraft}, {v1.ID, socle.StatePublished}, {v2.ID, socle.StatePublished}, {v2.ID, socle.StateArchived}}
	got := feedSince(t, s, 0)
	if len(got) != len(want) {
		t.Fatalf("feed after create, publish, publish over, archive: %d changes, want %d: %+v", len(got), len(want), got)
	}
	for i, c := range got {
		if c.VersionID != want[i].version || c.State != want[i].state || c.OrgID != org.ID || c.GuideID != g.ID || c.At.IsZero() {
			t.Errorf("change %d: got %+v, want version %s %s of guide %s in org %s", i, c, want[i].version, want[i].state, g.ID, org.ID)
		}
		if i > 0 && c.Seq <= got[i-1].Seq {
			t.Errorf("change %d has position %d after %d: positions must increase", i, c.Seq, got[i-1].Seq)
		}
	}
	b, err = s.FeedBounds(bg)
	must(t, "FeedBounds", err)
	if b.First != got[0].Seq || b.Last != got[len(got)-1].Seq {
		t.Fatalf("FeedBounds: got %+v, want %d…%d", b, got[0].Seq, got[len(got)-1].Seq)
	}
	if page := feedSince(t, s, got[1].Seq); len(page) != 2 || page[0].Seq != got[2].Seq {
		t.Fatalf("IndexChanges after %d: got %+v, want the last two changes", got[1].Seq, page)
	}
	if page, err := s.IndexChanges(bg, 0, 1); err != nil || len(page) != 1 || page[0].Seq != got[0].Seq {
		t.Fatalf("IndexChanges limited to 1: got %+v, %v", page, err)
	}

	// Refused changes append nothing: a move the states forbid, a publication over a version
	// that is no longer the published one, a version of another organization.
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v2.ID, State: socle.StateDraft})
	wantKind(t, "archived → draft", err, socle.ECONFLICT)
	_, err = s.SetVersionState(bg, org.ID, socle.StateChange{VersionID: v1.ID, State: socle.StatePublished, Expect: 9})
	wantKind(t, "publishing over a version that is not published", err, socle.ECONFLICT)
	other := mustOrg(t, s, "feed-other")
	_, err = s.SetVersionState(bg, other.ID, socle.StateChange{VersionID: v1.ID, State: socle.StatePublished})
	wantKind(t, "publishing another organization's version", err, socle.ENOTFOUND)
	bad := socle.Version{OrgID: org.ID, GuideID: g.ID, State: socle.StatePublished, Title: "x", SourceName: "x.md", SourceType: "text/markdown", BaseN: 99}
	if err := s.CreateVersion(bg, &bad, sampleContent("bad", 1)); err == nil {
		t.Fatalf("CreateVersion on a base that does not exist: got nil error")
	}
	if n := len(feedSince(t, s, 0)); n != len(want) {
		t.Fatalf("refused changes appended to the feed: %d changes, want %d", n, len(want))
	}

	// The feed is one log for the deployment: each change names its own organization, and a
	// change of one organization never names another's guide.
	og := mustGuide(t, s, other.ID, "methodo", socle.KindMethodology)
	ov := mustVersion(t, s, og, socle.StatePublished, sampleContent("o1", 1))
	all := feedSince(t, s, 0)
	last := all[len(all)-1]
	if last.OrgID != other.ID || last.GuideID != og.ID || last.VersionID != ov.ID {
		t.Fatalf("change of the other organization: got %+v, want org %s guide %s version %s", last, other.ID, og.ID, ov.ID)
	}
	for _, c := range all[:len(all)-1] {
		if c.OrgID != org.ID || c.GuideID != g.ID {
			t.Fatalf("change %+v names another organization's guide", c)
		}
	}
}

// testFeedPruning checks that pruning keeps what a live replica has not applied, keeps the
// newest change whatever happens, and forgets replicas not seen for the retention period.
func testFeedPruning(t *testing.T, s socle.Store) {
	org := mustOrg(t, s, "prune")
	g := mustGuide(t, s, org.ID, "methodo", socle.KindMethodology)
	for i := range 5 {
		mustVersion(t, s, g, socle.StatePublished, sampleContent(string(rune('a'+i)), 1))
	}
	all := feedSince(t, s, 0)
	if len(all) != 5 {
		t.Fatalf("5 published versions: %d changes", len(all))
	}
	behind := socle.IndexReplica{ID: "server-b", Host: "b", Applied: all[1].Seq}
	must(t, "ReportReplica", s.ReportReplica(bg, &behind))
	ahead := socle.IndexReplica{ID: "server-a", Host: "a", Applied: all[4].Seq}
	must(t, "ReportReplica", s.ReportReplica(bg, &ahead))
	if behind.SeenAt.IsZero() {
		t.Fatalf("ReportReplica did not stamp SeenAt")
	}
	reps, err := s.Replicas(bg)
	must(t, "Replicas", err)
	if len(reps) != 2 || reps[0].ID != "server-a" || reps[1].Applied != all[1].Seq || reps[1].Host != "b" {
		t.Fatalf("Replicas: got %+v", reps)
	}
	now := time.Now()
	n, err := s.PruneIndexChanges(bg, now.Add(-time.Hour), now.Add(-24*time.Hour))
	must(t, "PruneIndexChanges", err)
	left := feedSince(t, s, 0)
	if n != 2 || len(left) != 3 || left[0].Seq != all[2].Seq {
		t.Fatalf("pruning with a live replica at %d: removed %d, left %+v; want the changes after %d kept", all[1].Seq, n, left, all[1].Seq)
	}
	// The replica catches up: everything but the newest change goes.
	behind.Applied = all[4].Seq
	must(t, "ReportReplica", s.ReportReplica(bg, &behind))
	_, err = s.PruneIndexChanges(bg, now.Add(-time.Hour), now.Add(-24*time.Hour))
	must(t, "PruneIndexChanges", err)
	if b, _ := s.FeedBounds(bg); b.First != all[4].Seq || b.Last != all[4].Seq {
		t.Fatalf("pruning when every replica is up to date: bounds %+v, want the newest change %d alone", b, all[4].Seq)
	}
	// A new change takes the next position, not one pruning freed.
	v := mustVersion(t, s, g, socle.StatePublished, sampleContent("f", 1))
	if c := feedSince(t, s, all[4].Seq); len(c) != 1 || c[0].Seq <= all[4].Seq || c[0].VersionID != v.ID {
		t.Fatalf("change after pruning: got %+v, want one after %d", c, all[4].Seq)
	}
	// Past the retention period, replicas are forgotten and the feed keeps its newest change.
	_, err = s.PruneIndexChanges(bg, now.Add(time.Hour), now.Add(time.Hour))
	must(t, "PruneIndexChanges", err)
	if reps, _ := s.Replicas(bg); len(reps) != 0 {
		t.Fatalf("replicas not seen for the retention period are kept: %+v", reps)
	}
	if c := feedSince(t, s, 0); len(c) != 1 || c[0].VersionID != v.ID {
		t.Fatalf("pruning everything: got %+v, want the newest change kept", c)
	}
	must(t, "DeleteReplica of an unknown replica", s.DeleteReplica(bg, "nobody"))
	wantKind(t, "ReportReplica without id", s.ReportReplica(bg, &socle.IndexReplica{}), socle.EINVALID)
}
