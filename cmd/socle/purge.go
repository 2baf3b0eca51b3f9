package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/socle-project/socle"
)

// purgeEvery is how often the server deletes what its retention rules say must go.
const purgeEvery = time.Hour

// purge deletes the saved plans past their retention and the expired sessions, now and then
// every period, until ctx ends. A plan's retention is a promise made to the people it concerns:
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
		// Counts of failed sign-ins last a day without failure (access.Throttle.Window): after
		// two, nothing reads them.
		failures, err := s.DeleteFailuresBefore(ctx, now.Add(-48*time.Hour))
		if err != nil && ctx.Err() == nil {
			log.Error("purge failed sign-in counts", "err", err)
		}
		if plans+sessions+failures > 0 {
			log.Info("purged", "plans", plans, "sessions", sessions, "failed_sign_in_counts", failures)
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
