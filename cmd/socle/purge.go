package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/insights"
)

// purgeEvery is how often the server deletes what its retention rules say must go.
const purgeEvery = time.Hour

// finishedJobsKept is how long finished upload jobs stay listed.
const finishedJobsKept = 30 * 24 * time.Hour

// purge deletes the saved plans past their retention, the expired sessions, the usage events
// past each organization's retention and old finished jobs, now and then every period, until
// ctx ends. A plan's retention is a promise made to the people it concerns:
// it is kept by the server itself, not left to an operator's cron.
func purge(ctx context.Context, s socle.Store, log *slog.Logger, period time.Duration) {
	run := func() {
		now := socle.Now()
		plans, err := s.DeleteExpiredPlans(ctx, now)
		if err != nil && ctx.Err() == nil {
			log.Error("purge expired plans", "err", err)
		}
		sessions, err := s.DeleteExpiredSessions(ctx, now)
		if err != nil && ctx.Err() == nil {
			log.Error("purge expired sessions", "err", err)
		}
		usage, err := (&insights.Service{Store: s}).Purge(ctx, now)
		if err != nil && ctx.Err() == nil {
			log.Error("purge usage events", "err", err)
		}
		jobs, err := s.DeleteFinishedJobs(ctx, now.Add(-finishedJobsKept))
		if err != nil && ctx.Err() == nil {
			log.Error("purge finished jobs", "err", err)
		}
		// Counts of failed sign-ins last a day without failure (access.Throttle.Window): after
		// two, nothing reads them.
		failures, err := s.DeleteFailuresBefore(ctx, now.Add(-48*time.Hour))
		if err != nil && ctx.Err() == nil {
			log.Error("purge failed sign-in counts", "err", err)
		}
		if plans+sessions+usage+jobs+failures > 0 {
			log.Info("purged", "plans", plans, "sessions", sessions, "usage_events", usage, "jobs", jobs, "failed_sign_in_counts", failures)
		}
	}
	run()
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			run()
		}
	}
}
