package retrieval

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/socle-project/socle"
)

// Feed is the store's change feed as a follower reads it; socle.ChangeFeedStore satisfies it.
type Feed interface {
	IndexChanges(ctx context.Context, after int64, limit int) ([]socle.IndexChange, error)
	FeedBounds(ctx context.Context) (socle.FeedBounds, error)
	ReportReplica(ctx context.Context, r *socle.IndexReplica) error
	PruneIndexChanges(ctx context.Context, liveSince, keepSince time.Time) (int, error)
}

// Follower keeps one server's indexes in step with the store through its change feed. The
// store appends a change to the feed in the transaction of every change of what the indexes
// hold; the follower applies the changes after the position its text index records, then
// records the new position in the index itself (TextIndex.SetApplied), so that the position
// is lost exactly when the passages are.
//
// Changes are applied by reading the store as it is now (SyncGuide), not by replaying their
// content: applying a change twice, or late, is harmless, so the position may lag the
// passages after a crash but never lead them.
//
// It is the one path by which an index learns of publications: the server that publishes
// calls CatchUp before answering, and every other server is woken by Wake (a notification
// from the database) or finds the change at its next poll. When the index is missing or
// damaged, records no position, is further behind than MaxBehind, or needs changes the
// feed has pruned, the follower rebuilds the index from the store.
type Follower struct {
	Engine *Engine
	Source Source
	Feed   Feed
	// Replica names this index in the feed's positions (ReportReplica); empty reports nothing.
	Replica socle.IndexReplica
	// MaxBehind is how many changes the follower applies one by one before it prefers a
	// rebuild (0: 10000).
	MaxBehind int64
	// Rebuild refills the indexes from the store; nil means Engine.Rebuild of every
	// organization without progress.
	Rebuild func(ctx context.Context) error
	Log     *slog.Logger

	mu      sync.Mutex // one application at a time
	applied atomic.Int64
	last    atomic.Int64 // the feed's last position when last read
	known   atomic.Bool  // the position is known (the first catch-up succeeded)
	wake    chan struct{}
	once    sync.Once
}

func (f *Follower) init() {
	f.once.Do(func() {
		f.wake = make(chan struct{}, 1)
		if f.Log == nil {
			f.Log = slog.Default()
		}
		if f.MaxBehind <= 0 {
			f.MaxBehind = 10000
		}
		if f.Rebuild == nil {
			f.Rebuild = func(ctx context.Context) error { return f.Engine.Rebuild(ctx, f.Source, "", nil) }
		}
	})
}

// Lag says how many changes of the feed, as last read, the index has not applied; ok is
// false until the first catch-up has succeeded.
func (f *Follower) Lag() (behind int64, ok bool) {
	if !f.known.Load() {
		return 0, false
	}
	return max(0, f.last.Load()-f.applied.Load()), true
}

// Applied is the position of the last change the index holds.
func (f *Follower) Applied() int64 { return f.applied.Load() }

// Wake asks the running follower to read the feed now; it never blocks.
func (f *Follower) Wake() {
	f.init()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// catchUpBatch is how many changes are read from the feed at a time.
const catchUpBatch = 500

// CatchUp applies every change of the feed the index lacks, or rebuilds the index when it
// must (see Follower) and says so; rebuild forces a rebuild, for an index Open found unusable.
func (f *Follower) CatchUp(ctx context.Context, rebuild bool) (rebuilt bool, err error) {
	f.init()
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.catchUp(ctx, rebuild)
}

func (f *Follower) catchUp(ctx context.Context, rebuild bool) (bool, error) {
	pos, has, err := f.Engine.Text.Applied()
	if err != nil {
		return false, err
	}
	b, err := f.Feed.FeedBounds(ctx)
	if err != nil {
		return false, fmt.Errorf("retrieval: read the change feed: %w", err)
	}
	f.last.Store(b.Last)
	why := ""
	switch {
	case rebuild:
		why = "the index must be rebuilt"
	case !has:
		why = "the index records no position in the change feed"
	case pos > b.Last:
		why = fmt.Sprintf("the index is at change %d but the feed ends at %d (another database?)", pos, b.Last)
	case b.First > pos+1:
		why = fmt.Sprintf("the index is at change %d but the feed was pruned up to %d", pos, b.First-1)
	case b.Last-pos > f.MaxBehind:
		why = fmt.Sprintf("the index is %d changes behind", b.Last-pos)
	}
	if why != "" {
		f.Log.Info("rebuilding the search indexes from the store", "why", why, "feed", b.Last)
		// The position the index will hold is recorded first: the feed keeps the changes
		// that come during the rebuild, however long it takes.
		f.report(ctx, b.Last)
		// The feed's last position is read before the rebuild reads the store: a change
		// committed meanwhile is applied again after, which is harmless.
		if err := f.Rebuild(ctx); err != nil {
			return false, err
		}
		if err := f.Engine.Text.SetApplied(b.Last); err != nil {
			return false, err
		}
		f.applied.Store(b.Last)
		f.known.Store(true)
		return true, nil
	}
	f.applied.Store(pos)
	f.known.Store(true)
	start, from := time.Now(), pos
	for {
		cs, err := f.Feed.IndexChanges(ctx, pos, catchUpBatch)
		if err != nil {
			return false, fmt.Errorf("retrieval: read the change feed: %w", err)
		}
		if len(cs) == 0 {
			break
		}
		if err := f.apply(ctx, cs); err != nil {
			return false, err
		}
		pos = cs[len(cs)-1].Seq
		if err := f.Engine.Text.SetApplied(pos); err != nil {
			return false, err
		}
		f.applied.Store(pos)
		if pos > f.last.Load() {
			f.last.Store(pos)
		}
		if len(cs) < catchUpBatch {
			break
		}
	}
	if pos > from {
		f.Log.Info("search indexes caught up with the change feed", "from", from, "to", pos, "took", time.Since(start).Round(time.Millisecond).String())
	}
	return false, nil
}

// apply applies a batch of changes. A guide changed several times in the batch is brought in
// step once, at the place of its last change.
func (f *Follower) apply(ctx context.Context, cs []socle.IndexChange) error {
	type guideKey struct{ org, guide string }
	lastOf := map[guideKey]int{}
	for i, c := range cs {
		if c.State == socle.StatePublished || c.State == socle.StateArchived {
			lastOf[guideKey{c.OrgID, c.GuideID}] = i
		}
	}
	for i, c := range cs {
		var err error
		switch c.State {
		case socle.StatePublished, socle.StateArchived:
			if lastOf[guideKey{c.OrgID, c.GuideID}] == i {
				err = f.Engine.SyncGuide(ctx, f.Source, c.OrgID, c.GuideID)
			}
		default:
			err = f.indexDraft(ctx, c.OrgID, c.VersionID)
		}
		// A guide or an organization that is gone has nothing left to index.
		if err != nil && socle.KindOf(err) != socle.ENOTFOUND {
			return fmt.Errorf("retrieval: apply change %d (version %s %s): %w", c.Seq, c.VersionID, c.State, err)
		}
	}
	return nil
}

// IndexDraft indexes a version in draft or review, so that it can be searched alone before
// its publication, unless the index has it already (the feed may have brought it first). It
// holds the follower's turn, so that the feed and the upload never index it both.
func (f *Follower) IndexDraft(ctx context.Context, orgID, versionID string) error {
	f.init()
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.indexDraft(ctx, orgID, versionID)
}

func (f *Follower) indexDraft(ctx context.Context, orgID, versionID string) error {
	v, err := f.Source.Version(ctx, orgID, versionID)
	if err != nil {
		return err
	}
	if v.State != socle.StateDraft && v.State != socle.StateReview {
		return nil // published or archived since: its guide's change says what to do
	}
	has, err := f.Engine.Text.HasVersion(ctx, orgID, versionID)
	if err != nil || has {
		return err
	}
	return f.Engine.IndexVersion(ctx, f.Source, orgID, versionID)
}

// Run follows the feed until ctx ends: at each wake-up and at least every poll, it catches
// up; every heartbeat it records its position (Replica) and prunes the changes every server
// seen within the retention period has applied, and those older than it.
func (f *Follower) Run(ctx context.Context, poll, heartbeat, retention time.Duration) {
	f.init()
	tick := time.NewTicker(poll)
	defer tick.Stop()
	var beat time.Time
	failing := false
	for {
		_, err := f.CatchUp(ctx, false)
		if ctx.Err() != nil {
			f.lastBeat(ctx, retention) // stopped while catching up: it still says how far it got
			return
		}
		switch {
		case err != nil && !failing:
			f.Log.Warn("cannot follow the change feed; the search indexes may fall behind", "err", err)
			failing = true
		case err == nil && failing:
			f.Log.Info("following the change feed again")
			failing = false
		}
		if err == nil && time.Since(beat) >= heartbeat {
			beat = time.Now()
			f.beat(ctx, retention)
		}
		select {
		case <-ctx.Done():
			f.lastBeat(ctx, retention)
			return
		case <-f.wake:
		case <-tick.C:
		}
	}
}

// report records the replica's position, if it has a name; it says whether it could.
func (f *Follower) report(ctx context.Context, applied int64) bool {
	if f.Replica.ID == "" {
		return false
	}
	r := f.Replica
	r.Applied = applied
	if err := f.Feed.ReportReplica(ctx, &r); err != nil {
		f.Log.Warn("cannot record the index's position in the change feed", "err", err)
		return false
	}
	return true
}

// lastBeat is the beat of a server that stops, once ctx has ended: it says how far it got,
// so that the feed keeps what it lacks and no more.
func (f *Follower) lastBeat(ctx context.Context, retention time.Duration) {
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	f.beat(stopCtx, retention)
}

// beat records the replica's position and prunes the feed.
func (f *Follower) beat(ctx context.Context, retention time.Duration) {
	if !f.report(ctx, f.applied.Load()) {
		return
	}
	since := time.Now().Add(-retention)
	if n, err := f.Feed.PruneIndexChanges(ctx, since, since); err != nil {
		f.Log.Warn("cannot prune the change feed", "err", err)
	} else if n > 0 {
		f.Log.Debug("pruned the change feed", "changes", n)
	}
}
