// Package insights turns how the doctrine is used into a map of where it is silent, unused or
// disputed: it records privacy-safe usage events (needs detected and whether the doctrine
// answered them, sections cited and opened, searches that found nothing good, verdicts on
// steps) without slowing what it records, and computes the reports of the insights page.
// It keeps no situation, no digest and no identifier of a person helped.
package insights

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/socle-project/socle"
)

// Writer is where a recorder writes events.
type Writer interface {
	RecordUsage(ctx context.Context, events []socle.UsageEvent) error
}

// Recorder writes usage events in the background: Record never waits, so that a plan is not
// slowed by its own recording. Events wait in a bounded queue and are written in batches;
// when the queue is full (the store is down or slow), events are dropped and counted.
type Recorder struct {
	Store Writer
	Log   *slog.Logger
	// Queue is how many events may wait; 0 means 4096. Batch is how many are written at once;
	// 0 means 256. Every is the longest an event waits for its batch; 0 means a second.
	Queue, Batch int
	Every        time.Duration

	queue   chan socle.UsageEvent
	flush   chan chan struct{}
	dropped atomic.Int64
	failed  atomic.Int64
	wg      sync.WaitGroup
	stop    chan struct{}
	once    sync.Once
	// While the store is unavailable, the batch is kept (up to Queue events) and written again
	// no sooner than retryAt, so that a database outage loses no event and costs one attempt
	// per Every, not one per event.
	retryAt time.Time
	outage  bool
}

// Start starts the writer; Stop writes what waits and stops it.
func (r *Recorder) Start() {
	if r.Queue <= 0 {
		r.Queue = 4096
	}
	if r.Batch <= 0 {
		r.Batch = 256
	}
	if r.Every <= 0 {
		r.Every = time.Second
	}
	if r.Log == nil {
		r.Log = slog.Default()
	}
	r.queue = make(chan socle.UsageEvent, r.Queue)
	r.stop = make(chan struct{})
	r.flush = make(chan chan struct{})
	r.wg.Go(r.run)
}

// Record queues an event; it never blocks. A nil recorder records nothing.
func (r *Recorder) Record(e socle.UsageEvent) {
	if r == nil || r.queue == nil {
		return
	}
	if e.At.IsZero() {
		e.At = socle.Now()
	}
	select {
	case r.queue <- e:
	default:
		r.dropped.Add(1)
	}
}

// Dropped is how many events were dropped because the queue was full; Failed how many could
// not be written.
func (r *Recorder) Dropped() int64 { return r.dropped.Load() }

// Failed is how many events the store refused or could not take.
func (r *Recorder) Failed() int64 { return r.failed.Load() }

// Pending is how many events wait to be written.
func (r *Recorder) Pending() int { return len(r.queue) }

// Stop writes the events waiting and stops the writer.
func (r *Recorder) Stop() {
	if r == nil || r.stop == nil {
		return
	}
	r.once.Do(func() { close(r.stop) })
	r.wg.Wait()
}

// Flush waits until the events queued before it are written (for tests and shutdown).
func (r *Recorder) Flush() {
	if r == nil || r.flush == nil {
		return
	}
	done := make(chan struct{})
	select {
	case r.flush <- done:
		<-done
	case <-r.stop:
	}
}

func (r *Recorder) run() {
	tick := time.NewTicker(r.Every)
	defer tick.Stop()
	batch := make([]socle.UsageEvent, 0, r.Batch)
	for {
		select {
		case e := <-r.queue:
			batch = append(batch, e)
			if len(batch) >= r.Batch {
				batch = r.write(batch)
			}
		case <-tick.C:
			batch = r.write(batch)
		case done := <-r.flush:
			batch = r.write(r.drain(batch))
			close(done)
		case <-r.stop:
			r.retryAt = time.Time{} // one last attempt, outage or not
			r.write(r.drain(batch))
			return
		}
	}
}

// drain adds the events waiting in the queue to the batch.
func (r *Recorder) drain(batch []socle.UsageEvent) []socle.UsageEvent {
	for {
		select {
		case e := <-r.queue:
			batch = append(batch, e)
		default:
			return batch
		}
	}
}

// write writes a batch and returns it emptied. A batch the store refuses is dropped: usage is
// not worth retrying at the cost of memory. A batch the store cannot take because the database
// is unavailable is kept, up to Queue events (the oldest go first), and written when it is back.
func (r *Recorder) write(batch []socle.UsageEvent) []socle.UsageEvent {
	if len(batch) == 0 || time.Now().Before(r.retryAt) {
		return r.bound(batch)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := r.Store.RecordUsage(ctx, batch)
	switch {
	case socle.IsKind(err, socle.EUNAVAILABLE):
		r.retryAt = time.Now().Add(r.Every)
		if !r.outage {
			r.outage = true
			r.Log.Warn("usage events wait: the store is unavailable", "events", len(batch), "err", err)
		}
		return r.bound(batch)
	case err != nil:
		r.failed.Add(int64(len(batch)))
		r.Log.Warn("usage events not recorded", "events", len(batch), "err", err)
	case r.outage:
		r.Log.Info("usage events written after the store came back", "events", len(batch))
	}
	r.outage, r.retryAt = false, time.Time{}
	return batch[:0]
}

// bound drops the oldest events of a batch kept through an outage past Queue.
func (r *Recorder) bound(batch []socle.UsageEvent) []socle.UsageEvent {
	if over := len(batch) - r.Queue; over > 0 {
		r.dropped.Add(int64(over))
		batch = append(batch[:0], batch[over:]...)
	}
	return batch
}
