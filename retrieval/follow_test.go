package retrieval

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

// follower opens an engine in a directory of its own, following the fixture's store as a
// second server would follow the database.
func follower(t *testing.T, f *fixture, dir string) (*Follower, bool) {
	t.Helper()
	e, h := openEngine(t, dir, NewHashingEmbedder(0))
	fw := &Follower{Engine: e, Source: f.store, Feed: f.store, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	rebuilt, err := fw.CatchUp(context.Background(), h.Rebuild)
	if err != nil {
		t.Fatal(err)
	}
	return fw, rebuilt
}

func finds(t *testing.T, fw *Follower, org, versionID, q string) bool {
	t.Helper()
	res, err := fw.Engine.Search(context.Background(), org, Query{Text: q, Mode: ModeBM25, VersionID: versionID})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if versionID == "" || h.VersionID == versionID {
			return true
		}
	}
	return false
}

func TestFollowerKeepsTwoIndexesInStep(t *testing.T) {
	ctx := context.Background()
	f, a, _ := twoOrgs(t)
	one, rebuilt := follower(t, f, t.TempDir())
	if !rebuilt {
		t.Fatal("a new index did not rebuild")
	}
	two, _ := follower(t, f, t.TempDir())

	g := f.guide(a, "hebergement")
	v := f.version(a, g, socle.StatePublished, "L'hébergement d'urgence se demande au 115.")
	if lag, _ := two.Lag(); lag != 0 {
		t.Fatalf("lag before reading the feed again: %d, want 0 as last read", lag)
	}
	if finds(t, two, a, "", "hébergement urgence") {
		t.Fatal("the second index finds a publication before applying the feed")
	}
	for _, fw := range []*Follower{one, two} {
		if _, err := fw.CatchUp(ctx, false); err != nil {
			t.Fatal(err)
		}
		if !finds(t, fw, a, "", "hébergement urgence") {
			t.Fatal("an index does not find a publication after applying the feed")
		}
	}
	pos, ok, err := two.Engine.Text.Applied()
	if b, _ := f.store.FeedBounds(ctx); err != nil || !ok || pos != b.Last || two.Applied() != b.Last {
		t.Fatalf("position recorded in the index: %d %v %v, want the feed's last %d", pos, ok, err, b.Last)
	}

	// A draft is searchable alone on every server; withdrawing the publication empties it.
	d := f.version(a, g, socle.StateReview, "Projet : l'hébergement d'urgence passe par le SIAO.")
	if _, err := f.store.SetVersionState(ctx, a, socle.StateChange{VersionID: v.ID, State: socle.StateArchived}); err != nil {
		t.Fatal(err)
	}
	if _, err := two.CatchUp(ctx, false); err != nil {
		t.Fatal(err)
	}
	if !finds(t, two, a, d.ID, "SIAO") {
		t.Fatal("a version in review is not searchable alone on the second server")
	}
	if finds(t, two, a, "", "hébergement urgence 115") {
		t.Fatal("an archived version is still found on the second server")
	}

	// Woken by a notification, a running follower applies at once.
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { two.Run(runCtx, time.Hour, time.Hour, time.Hour); close(done) }()
	defer func() { stop(); <-done }()
	if _, err := f.store.SetVersionState(ctx, a, socle.StateChange{VersionID: v.ID, State: socle.StatePublished}); err != nil {
		t.Fatal(err)
	}
	two.Wake()
	deadline := time.Now().Add(10 * time.Second)
	for !finds(t, two, a, "", "hébergement urgence 115") {
		if time.Now().After(deadline) {
			t.Fatal("a woken follower did not apply the publication within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Without notifications (behind a pooler in transaction mode), polling alone carries changes.
func TestFollowerPolls(t *testing.T) {
	ctx := context.Background()
	f, a, _ := twoOrgs(t)
	fw, _ := follower(t, f, t.TempDir())
	fw.Replica = socle.IndexReplica{ID: "polling", Host: "test"}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { fw.Run(runCtx, 50*time.Millisecond, 50*time.Millisecond, time.Hour); close(done) }()
	defer func() { stop(); <-done }()
	f.version(a, f.guide(a, "hebergement"), socle.StatePublished, "L'hébergement d'urgence se demande au 115.")
	deadline := time.Now().Add(10 * time.Second)
	for !finds(t, fw, a, "", "hébergement urgence 115") {
		if time.Now().After(deadline) {
			t.Fatal("a polling follower did not apply the publication within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Its heartbeat records its position.
	for {
		reps, err := f.store.Replicas(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(reps) == 1 && reps[0].ID == "polling" && reps[0].Applied == fw.Applied() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the follower's position is not recorded: %+v, want %d", reps, fw.Applied())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestFollowerRebuildsWhenItMust(t *testing.T) {
	ctx := context.Background()
	f, a, _ := twoOrgs(t)
	one, _ := follower(t, f, t.TempDir())
	dir := t.TempDir()
	two, _ := follower(t, f, dir)
	behind := two.Applied()
	two.Engine.Close()

	// Changes the stopped server has not applied are pruned: only the first server is live.
	g := f.guide(a, "hebergement")
	for _, text := range []string{"Premier texte sur le logement.", "Deuxième texte sur le logement.", "L'hébergement d'urgence se demande au 115."} {
		f.version(a, g, socle.StatePublished, text)
	}
	if _, err := one.CatchUp(ctx, false); err != nil {
		t.Fatal(err)
	}
	r := socle.IndexReplica{ID: "one", Applied: one.Applied()}
	if err := f.store.ReportReplica(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.PruneIndexChanges(ctx, time.Now().Add(-time.Minute), time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if b, _ := f.store.FeedBounds(ctx); b.First <= behind+1 {
		t.Fatalf("pruning kept %+v, the test needs the stopped server's changes gone (it was at %d)", b, behind)
	}
	two, rebuilt := follower(t, f, dir)
	if !rebuilt || !finds(t, two, a, "", "hébergement urgence 115") {
		t.Fatalf("a server behind a pruned feed: rebuilt %v, finds the publication %v; want both", rebuilt, finds(t, two, a, "", "hébergement urgence 115"))
	}

	// Too far behind: rebuilt rather than applied change by change.
	two.MaxBehind = 1
	two.Engine.Text.SetApplied(two.Applied() - 2)
	if rebuilt, err := two.CatchUp(ctx, false); err != nil || !rebuilt {
		t.Fatalf("a server 2 changes behind with MaxBehind 1: rebuilt %v, %v", rebuilt, err)
	}
	// A server that rebuilds records first the position it rebuilds at, so that the feed keeps
	// the changes committed during a long rebuild.
	two.Replica = socle.IndexReplica{ID: "two", Host: "test"}
	if _, err := two.CatchUp(ctx, true); err != nil {
		t.Fatal(err)
	}
	reps, err := f.store.Replicas(ctx)
	if b, _ := f.store.FeedBounds(ctx); err != nil || len(reps) != 2 || reps[1].ID != "two" || reps[1].Applied != b.Last {
		t.Fatalf("positions after a rebuild: %+v, %v; want the rebuilding server's at the feed's end", reps, err)
	}
	// A position ahead of the feed (another database restored under it): rebuilt.
	two.Engine.Text.SetApplied(two.Applied() + 100)
	if rebuilt, err := two.CatchUp(ctx, false); err != nil || !rebuilt {
		t.Fatalf("a position ahead of the feed: rebuilt %v, %v", rebuilt, err)
	}
}

// TestFollowerStoppedWhileCatchingUpRecordsItsPosition checks that a server stopped while it
// catches up (here, before it ever ran) still records how far it got: otherwise the feed
// would keep what it has applied, or prune what it lacks by its stale position.
func TestFollowerStoppedWhileCatchingUpRecordsItsPosition(t *testing.T) {
	ctx := context.Background()
	f, a, _ := twoOrgs(t)
	f.version(a, f.guide(a, "hebergement"), socle.StatePublished, "L'hébergement d'urgence se demande au 115.")
	fw, _ := follower(t, f, t.TempDir())
	fw.Replica = socle.IndexReplica{ID: "stopping", Host: "test"}
	stopped, stop := context.WithCancel(ctx)
	stop()
	fw.Run(stopped, time.Hour, time.Hour, time.Hour)
	reps, err := f.store.Replicas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].ID != "stopping" || reps[0].Applied != fw.Applied() || fw.Applied() == 0 {
		t.Fatalf("positions recorded: %+v, want the stopped follower's at %d", reps, fw.Applied())
	}
}
