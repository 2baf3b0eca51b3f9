// Package web is Socle's HTTP face: the JSON API, the server-rendered pages, health checks and
// the one table that turns error kinds into statuses. Handlers parse, call one service, render.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"sync"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/insights"
	"github.com/socle-project/socle/metrics"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/training"
)

// Searcher finds passages of an organization's doctrine.
type Searcher interface {
	Search(ctx context.Context, orgID string, q retrieval.Query) (retrieval.Result, error)
}

// Server holds what the handlers need. Zero fields that have defaults get them in Handler.
type Server struct {
	Store     socle.Store
	Access    *access.Service
	Authoring *authoring.Service
	Planner   *plan.Planner
	// Uploads reads uploaded files in the background; nil refuses uploads (EUNAVAILABLE).
	Uploads *authoring.Uploads
	// Training runs learning paths; nil means the server's store (set in Handler).
	Training *training.Service
	// Usage records what plans, searches, opened sections and verdicts say of the doctrine;
	// nil records nothing. Insights reads it; nil means the server's store.
	Usage    *insights.Recorder
	Insights *insights.Service
	Search   Searcher
	Log      *slog.Logger
	Version  string
	// DemoAccounts and DemoPassword, when set, are shown on the sign-in page.
	DemoAccounts []DemoAccount
	DemoPassword string
	// SecureCookies marks the session cookie Secure even on plain HTTP, for servers behind a
	// TLS-terminating proxy.
	SecureCookies bool
	// Ready reports whether the server can answer queries (store reachable, indexes built). Nil
	// means the store's Ping.
	Ready func(ctx context.Context) error
	// Unavailable returns, without waiting, EUNAVAILABLE while the database is known to be down,
	// so that requests fail at once (see failFast). Nil means the store's Unavailable method
	// when it has one (the PostgreSQL store), else never.
	Unavailable func() error
	// Metrics, if set, counts and times requests by route pattern (served apart, on
	// --metrics-addr: see cmd/socle).
	Metrics *metrics.Metrics
	// IndexLag, when set, says how many changes of the store's change feed this server's
	// search index has not applied yet; /readyz reports it as index_lag and answers 503 while
	// it is above MaxIndexLag, so that a load balancer sends no search to a server that
	// answers from old doctrine.
	IndexLag    func(ctx context.Context) (int64, error)
	MaxIndexLag int64
	// Body limits, set on every route before anything reads the body (see limitBody):
	// MaxFormBytes for forms (0: 256 KiB), MaxBodyBytes for API calls (0: 1 MiB), and
	// MaxUploadBytes only for the routes registered as upload routes (0: 64 MiB): the
	// largest file a lead may upload.
	MaxFormBytes   int64
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// MaxExpensive is how many expensive requests (plans, digests, uploads) run at once; 0
	// means one per CPU. A request past it waits ExpensiveWait (0: one second) for a slot,
	// then gets 503 with Retry-After.
	MaxExpensive  int
	ExpensiveWait time.Duration
	// SSO are the OpenID Connect providers offered on the sign-in page.
	SSO []*access.OIDCProvider
	// Mailer sends invitations and password resets; nil shows their links to the
	// administrator instead. Links in mail start with PublicURL.
	Mailer Mailer
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client, for
	// sign-in throttling by address; requests from anywhere else are counted by their peer.
	TrustedProxies []netip.Prefix
	// PublicURL is the address people reach the server at (https://socle.example.org), for
	// links in exports; empty means links relative to the server.
	PublicURL string

	pages     pages
	expensive chan struct{}
	termsOnce sync.Once
	analyzer  *retrieval.Analyzer
}

// Handler returns the server's routes wrapped in the middleware every request goes through. It
// fails when a template does not parse, so that a broken build never starts serving.
func (s *Server) Handler() (http.Handler, error) {
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	if s.Training == nil {
		s.Training = &training.Service{Store: s.Store}
	}
	if s.Insights == nil {
		s.Insights = &insights.Service{Store: s.Store}
	}
	if s.Log == nil {
		s.Log = slog.Default()
	}
	if s.MaxFormBytes == 0 {
		s.MaxFormBytes = defaultMaxFormBytes
	}
	if s.MaxBodyBytes == 0 {
		s.MaxBodyBytes = defaultMaxBodyBytes
	}
	if s.MaxUploadBytes == 0 {
		s.MaxUploadBytes = defaultMaxUploadBytes
	}
	if s.MaxExpensive <= 0 {
		s.MaxExpensive = runtime.GOMAXPROCS(0)
	}
	if s.ExpensiveWait == 0 {
		s.ExpensiveWait = defaultExpensiveWait
	}
	s.expensive = make(chan struct{}, s.MaxExpensive)
	if s.Ready == nil {
		s.Ready = s.Store.Ping
	}
	if s.Unavailable == nil {
		s.Unavailable = func() error { return nil }
		if g, ok := s.Store.(interface{ Unavailable() error }); ok {
			s.Unavailable = g.Unavailable
		}
	}
	// Form posts from other sites are refused (cross-site request forgery).
	csrf := http.NewCrossOriginProtection()
	return s.logRequests(securityHeaders(s.recoverPanics(csrf.Handler(s.routes())))), nil
}

// statusRecorder remembers the status a handler wrote, for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// logRequests logs one line per request: method, path, status, duration. It never logs query
// strings or bodies, which may hold case text.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			return
		}
		s.Log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"ms", time.Since(start).Milliseconds())
	})
}

// recoverPanics turns a handler's panic into a 500 and a log line, so that the server keeps
// serving.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("handler panic", "path", r.URL.Path, "panic", v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
