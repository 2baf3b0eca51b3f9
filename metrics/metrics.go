// Package metrics holds the server's Prometheus series: requests and latencies by route
// pattern, plans made, upload jobs waiting, database pool use and outages, and how far the
// local search index lags behind the database's change feed. Labels carry route patterns and
// outcomes only, never a path, an identifier, a slug or a query: no case data can leave through
// them. A nil *Metrics records nothing, so that callers need no check.
package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics is one server's registry and series.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	plans    *prometheus.CounterVec
	planTime prometheus.Histogram
	indexLag prometheus.Gauge
	dbUp     prometheus.Gauge
	outages  prometheus.Counter
	downTime prometheus.Counter
}

// New makes a registry with the Go runtime's and the process's series and Socle's own.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "socle_http_requests_total",
		Help: "HTTP requests answered, by route pattern (never the path) and status class.",
	}, []string{"route", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "socle_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route"})
	m.plans = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "socle_plans_total",
		Help: "Plans asked of the planner, by outcome: made, or the error kind that stopped them.",
	}, []string{"outcome"})
	m.planTime = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "socle_plan_duration_seconds",
		Help:    "Time to make a plan (retrieval, generation and citation checks).",
		Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	})
	m.indexLag = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "socle_index_lag_changes",
		Help: "Changes of the database's change feed this server's search index has not applied yet.",
	})
	m.dbUp = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "socle_database_up",
		Help: "1 while the database answers, 0 during an outage (requests then get 503 at once).",
	})
	m.dbUp.Set(1)
	m.outages = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "socle_database_outages_total",
		Help: "Database outages this server lived through.",
	})
	m.downTime = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "socle_database_down_seconds_total",
		Help: "Time the database did not answer, summed over the outages that ended.",
	})
	m.reg.MustRegister(m.requests, m.latency, m.plans, m.planTime, m.indexLag, m.dbUp, m.outages, m.downTime,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is what the metrics endpoint serves.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Request records one answered request. route is the pattern the router matched
// ("GET /guides/{slug}"), never the path.
func (m *Metrics) Request(route string, status int, took time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status/100)+"xx").Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// Plan records a plan asked of the planner; outcome is "made" or an error kind.
func (m *Metrics) Plan(outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.plans.WithLabelValues(outcome).Inc()
	if outcome == "made" {
		m.planTime.Observe(took.Seconds())
	}
}

// SetIndexLag sets how many changes of the change feed the local index has yet to apply. The
// change feed calls it each time it applies changes or learns of new ones.
func (m *Metrics) SetIndexLag(changes int64) {
	if m == nil {
		return
	}
	m.indexLag.Set(float64(changes))
}

// Database records the database going down (up false) or coming back after down.
func (m *Metrics) Database(up bool, down time.Duration) {
	if m == nil {
		return
	}
	if up {
		m.dbUp.Set(1)
		m.downTime.Add(down.Seconds())
		return
	}
	m.dbUp.Set(0)
	m.outages.Inc()
}

// WatchJobs exposes the number of upload jobs waiting for a worker on this server, read at
// each scrape.
func (m *Metrics) WatchJobs(waiting func() int) {
	if m == nil {
		return
	}
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "socle_jobs_waiting",
		Help: "Upload jobs queued on this server, waiting for a worker.",
	}, func() float64 { return float64(waiting()) }))
}

// PoolStat is the database pool's state at one moment.
type PoolStat struct {
	Max, Total, Idle, Acquired int32
	// Acquires counts connections handed out since start; EmptyAcquires those that had to
	// wait for one (the pool was exhausted); AcquireWait sums the waits.
	Acquires, EmptyAcquires int64
	AcquireWait             time.Duration
}

// WatchPool exposes the database pool's use, read at each scrape.
func (m *Metrics) WatchPool(stat func() PoolStat) {
	if m == nil {
		return
	}
	m.reg.MustRegister(poolCollector{stat})
}

type poolCollector struct{ stat func() PoolStat }

var (
	poolMax      = prometheus.NewDesc("socle_db_pool_max_conns", "Largest number of connections the pool opens.", nil, nil)
	poolConns    = prometheus.NewDesc("socle_db_pool_conns", "Connections open, by state (idle, acquired).", []string{"state"}, nil)
	poolAcquires = prometheus.NewDesc("socle_db_pool_acquires_total", "Connections handed out by the pool.", nil, nil)
	poolEmpty    = prometheus.NewDesc("socle_db_pool_empty_acquires_total", "Acquisitions that waited because every connection was in use.", nil, nil)
	poolWait     = prometheus.NewDesc("socle_db_pool_acquire_wait_seconds_total", "Time spent waiting for a connection.", nil, nil)
)

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolMax, poolConns, poolAcquires, poolEmpty, poolWait} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stat()
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(s.Max))
	ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(s.Idle), "idle")
	ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(s.Acquired), "acquired")
	ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(s.Acquires))
	ch <- prometheus.MustNewConstMetric(poolEmpty, prometheus.CounterValue, float64(s.EmptyAcquires))
	ch <- prometheus.MustNewConstMetric(poolWait, prometheus.CounterValue, s.AcquireWait.Seconds())
}
