package authoring

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/socle-project/socle"
)

// Uploads runs uploads as background jobs: reading a large PDF takes seconds to minutes, longer
// than a request should wait. A job is recorded in the store, so that any server of the
// organization can tell how it goes; the file stays in the memory of the server reading it. A
// job whose server stops (crash, restart) shows no sign of life and is ended as failed, with a
// message saying to upload again; its version, written in one transaction at the end, is either
// whole or absent.
type Uploads struct {
	Service *Service
	Store   socle.JobStore
	Log     *slog.Logger
	// Workers is how many files are read at once; 0 means 2 (the PDF engine uses a core each).
	Workers int
	// Queue is how many uploads may wait for a worker; past it, uploads are refused with
	// EUNAVAILABLE until one finishes. 0 means 16.
	Queue int
	// Heartbeat is how often a running job says it is alive; 0 means 5 seconds. StaleAfter is
	// how long a job may stay silent before the sweep ends it; 0 means 2 minutes.
	Heartbeat, StaleAfter time.Duration

	queue chan task
	wg    sync.WaitGroup
	stop  context.CancelFunc
	// waiting are the jobs in this server's queue. They say they are alive too: with several
	// servers, another server's sweep (or start) would otherwise end a job that waits here
	// longer than StaleAfter behind a long read.
	mu      sync.Mutex
	waiting map[string]socle.Job
}

type task struct {
	job    socle.Job
	upload Upload
}

// Interrupted is the message of a job whose server stopped before it finished.
const Interrupted = "the server stopped while reading this file: nothing was saved; upload it again"

// Start fails the jobs interrupted by a stop (every unfinished job when the store has only this
// server, as the embedded store does; the silent ones otherwise), then starts the workers and
// the sweep of silent jobs. Stop ends them.
func (u *Uploads) Start(ctx context.Context, onlyServer bool) error {
	u.defaults()
	cutoff := socle.Now().Add(-u.StaleAfter)
	if onlyServer {
		cutoff = socle.Now().Add(time.Second)
	}
	n, err := u.Store.FailStaleJobs(ctx, cutoff, Interrupted)
	if err != nil {
		return err
	}
	if n > 0 {
		u.Log.Warn("uploads interrupted by a stop were marked failed", "jobs", n)
	}
	ctx, u.stop = context.WithCancel(context.WithoutCancel(ctx))
	u.queue = make(chan task, u.Queue)
	u.waiting = map[string]socle.Job{}
	for range u.Workers {
		u.wg.Go(func() {
			for {
				select {
				case t := <-u.queue:
					u.run(ctx, t)
				case <-ctx.Done():
					return
				}
			}
		})
	}
	if !onlyServer {
		u.wg.Go(func() { u.sweep(ctx) })
		u.wg.Go(func() { u.beatWaiting(ctx) })
	}
	return nil
}

// Waiting is how many uploads wait for a worker on this server (for the metrics).
func (u *Uploads) Waiting() int { return len(u.queue) }

// beatWaiting gives a sign of life for the jobs waiting in this server's queue, every
// Heartbeat. It holds the list while it writes, so that a worker taking a job waits, and the
// job's "queued" never lands after the worker's "running".
func (u *Uploads) beatWaiting(ctx context.Context) {
	t := time.NewTicker(u.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			u.mu.Lock()
			for id, j := range u.waiting {
				if err := u.Store.UpdateJob(ctx, &j); err != nil && ctx.Err() == nil {
					u.Log.Warn("sign of life of a waiting upload not recorded", "job", id, "err", err)
				}
			}
			u.mu.Unlock()
		case <-ctx.Done():
			return
		}
	}
}

func (u *Uploads) defaults() {
	if u.Workers <= 0 {
		u.Workers = 2
	}
	if u.Queue <= 0 {
		u.Queue = 16
	}
	if u.Heartbeat <= 0 {
		u.Heartbeat = 5 * time.Second
	}
	if u.StaleAfter <= 0 {
		u.StaleAfter = 2 * time.Minute
	}
	if u.Log == nil {
		u.Log = slog.Default()
	}
}

// Stop stops the workers: uploads being read are abandoned and, like those still queued, end as
// failed when a server next starts or sweeps.
func (u *Uploads) Stop() {
	if u.stop != nil {
		u.stop()
		u.wg.Wait()
	}
}

// sweep ends the jobs that other servers stopped answering for.
func (u *Uploads) sweep(ctx context.Context) {
	t := time.NewTicker(u.StaleAfter / 2)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if n, err := u.Store.FailStaleJobs(ctx, socle.Now().Add(-u.StaleAfter), Interrupted); err != nil {
				u.Log.Warn("sweep of silent uploads", "err", err)
			} else if n > 0 {
				u.Log.Warn("silent uploads marked failed", "jobs", n)
			}
		case <-ctx.Done():
			return
		}
	}
}

// Submit checks an upload, records its job and queues it. What can be refused without reading
// the file is refused at once (and no job is recorded); what reading finds wrong ends the job as
// failed with the reason.
func (u *Uploads) Submit(ctx context.Context, up Upload) (socle.Job, error) {
	if u.queue == nil {
		return socle.Job{}, socle.Errorf(socle.EUNAVAILABLE, "uploads are not running on this server")
	}
	if err := u.Service.Check(ctx, up); err != nil {
		return socle.Job{}, err
	}
	slug := up.Guide
	if slug == "" {
		slug = guideSlug(up.FileName)
	}
	j := socle.Job{OrgID: up.OrgID, Kind: "upload", Actor: up.Author, FileName: up.FileName, FileSize: int64(len(up.Data)), Guide: slug}
	if len(u.queue) == cap(u.queue) {
		return j, u.busy()
	}
	if err := u.Store.CreateJob(ctx, &j); err != nil {
		return j, err
	}
	u.mu.Lock()
	u.waiting[j.ID] = j
	u.mu.Unlock()
	select {
	case u.queue <- task{job: j, upload: up}:
		return j, nil
	default:
		u.mu.Lock()
		delete(u.waiting, j.ID)
		u.mu.Unlock()
		j.State, j.Message = socle.JobFailed, "too many uploads were waiting on this server: upload the file again in a minute"
		if err := u.Store.UpdateJob(context.WithoutCancel(ctx), &j); err != nil {
			u.Log.Warn("upload refused but its job not closed", "job", j.ID, "err", err)
		}
		return j, u.busy()
	}
}

func (u *Uploads) busy() error {
	return socle.Errorf(socle.EUNAVAILABLE, "%d uploads are waiting on this server already: try again in a minute", u.Queue)
}

// run reads one upload, reporting its progress, and ends its job.
func (u *Uploads) run(ctx context.Context, t task) {
	u.mu.Lock()
	delete(u.waiting, t.job.ID)
	u.mu.Unlock()
	r := &reporter{job: t.job, store: u.Store, log: u.Log, every: u.Heartbeat, patience: u.StaleAfter / 2}
	r.set(socle.JobRunning, "reading", 0, 0)
	r.flush(ctx)
	beat, stopBeat := context.WithCancel(ctx)
	defer stopBeat()
	go r.beat(beat)

	up := t.upload
	up.JobID = t.job.ID
	up.Progress = func(stage string, done, total int) { r.set(socle.JobRunning, stage, done, total) }
	res, err := u.Service.AddVersion(socle.WithActor(ctx, t.job.Actor), up)
	if err == nil && !res.Unchanged {
		r.saved(res.Version) // the store recorded it on the job with the version
	}
	if err == nil && !res.Unchanged && res.Version.State != socle.StatePublished {
		if di, ok := u.Service.Indexer.(DraftIndexer); ok {
			r.set(socle.JobRunning, "indexing", 0, 0)
			err = di.IndexDraft(ctx, res.Version, func(done, total int) { r.set(socle.JobRunning, "indexing", done, total) })
			if err != nil {
				// The version is whole in the store: only its search before publication is
				// missing, which publication or `socle reindex` restores.
				u.Log.Warn("draft version not indexed", "version", res.Version.ID, "err", err)
				err = nil
			}
		}
	}
	stopBeat()
	r.finish(ctx, res, err)
}

// reporter writes a job's progress to the store at most every few seconds, and at once when the
// stage changes, so that a page-by-page reader does not write a row per page.
type reporter struct {
	mu      sync.Mutex
	job     socle.Job
	changed bool
	stage   bool // the stage changed since the last write
	store   socle.JobStore
	log     *slog.Logger
	every   time.Duration
	// patience is how long the job's end is written again while the store is unavailable
	// (a database restart), before the sweep of silent jobs is left to end it.
	patience time.Duration
}

func (r *reporter) set(state socle.JobState, stage string, done, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stage = r.stage || stage != r.job.Stage || state != r.job.State
	r.job.State, r.job.Stage, r.job.Done, r.job.Total = state, stage, done, total
	r.changed = true
}

// saved notes the version the store recorded on the job.
func (r *reporter) saved(v socle.Version) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.job.GuideID, r.job.VersionID, r.job.VersionN = v.GuideID, v.ID, v.N
}

// flush writes the job if it changed.
func (r *reporter) flush(ctx context.Context) {
	r.mu.Lock()
	j := r.job
	write := r.changed
	r.changed, r.stage = false, false
	r.mu.Unlock()
	if !write {
		return
	}
	if err := r.store.UpdateJob(ctx, &j); err != nil && ctx.Err() == nil {
		r.log.Warn("upload progress not recorded", "job", j.ID, "err", err)
	}
}

// beat writes progress every second when it changed, and at least every r.every as a sign of
// life.
func (r *reporter) beat(ctx context.Context) {
	tick := time.NewTicker(min(time.Second, r.every))
	defer tick.Stop()
	last := time.Now()
	for {
		select {
		case <-tick.C:
			r.mu.Lock()
			due := r.changed || time.Since(last) >= r.every
			r.changed = r.changed || due
			r.mu.Unlock()
			if due {
				r.flush(ctx)
				last = time.Now()
			}
		case <-ctx.Done():
			return
		}
	}
}

// finish ends the job with the upload's outcome.
func (r *reporter) finish(ctx context.Context, res Result, err error) {
	r.mu.Lock()
	j := r.job
	r.mu.Unlock()
	j.Stage, j.Done, j.Total = "", 0, 0
	if res.Document != nil {
		j.Problems = readProblems(res.Document.Problems)
	}
	switch {
	case err != nil:
		j.State, j.Message = socle.JobFailed, socle.MessageOf(err)
		if socle.KindOf(err) == socle.EINTERNAL && !errors.Is(err, context.Canceled) {
			r.log.Error("upload failed", "job", j.ID, "err", err)
		}
	default:
		j.State = socle.JobDone
		j.GuideID, j.VersionID, j.VersionN = res.Version.GuideID, res.Version.ID, res.Version.N
		if res.Unchanged {
			j.Message = "this file is the same as the guide's latest version: nothing new was stored"
		}
	}
	if ctx.Err() != nil {
		return // the server is stopping: the next start ends the job
	}
	deadline := time.Now().Add(r.patience)
	for {
		err := r.store.UpdateJob(ctx, &j)
		if err == nil {
			return
		}
		if !socle.IsKind(err, socle.EUNAVAILABLE) || time.Now().After(deadline) {
			r.log.Warn("upload finished but its job not closed", "job", j.ID, "err", err)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}
