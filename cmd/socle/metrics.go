package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/socle-project/socle"
	"github.com/socle-project/socle/metrics"
	"github.com/socle-project/socle/store/postgres"
)

// metricsServer serves /metrics alone. It listens apart from the application (--metrics-addr)
// because the series say how busy each route is and how the database fares: an operator's
// knowledge, not the public's, and a scraper on the internal network needs no session.
func metricsServer(m *metrics.Metrics, log *slog.Logger) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry(), promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn), Timeout: 10 * time.Second}))
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
}

// watchDatabase logs the database's outages and, with metrics, counts them and exposes the
// pool's use. Only the PostgreSQL store has a pool and outages.
func watchDatabase(s socle.Store, m *metrics.Metrics, log *slog.Logger) {
	pg, ok := s.(*postgres.Store)
	if !ok {
		return
	}
	pg.OnOutage(func(up bool, down time.Duration) {
		if up {
			// At the outage's level, so that a log kept at warn shows its end beside its start.
			log.Warn("database answers again: serving", "down", down.Round(time.Millisecond).String())
		} else {
			log.Warn("database unreachable: requests answer 503 until it is back; the server probes it twice a second")
		}
		m.Database(up, down)
	})
	m.WatchPool(func() metrics.PoolStat {
		st := pg.Pool().Stat()
		return metrics.PoolStat{Max: st.MaxConns(), Total: st.TotalConns(), Idle: st.IdleConns(), Acquired: st.AcquiredConns(),
			Acquires: st.AcquireCount(), EmptyAcquires: st.EmptyAcquireCount(), AcquireWait: st.AcquireDuration()}
	})
}

// trackIndexLag sets the index lag gauge every poll, from the same reading as /readyz, until
// ctx ends. A failed reading (database down) leaves the last value: the outage has its own
// series.
func trackIndexLag(ctx context.Context, a *app, m *metrics.Metrics, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if lag, err := a.indexLag(ctx); err == nil {
			m.SetIndexLag(lag)
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
	}
}
