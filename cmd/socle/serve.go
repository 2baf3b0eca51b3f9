package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
	"github.com/socle-project/socle/authoring"
	"github.com/socle-project/socle/ingest"
	"github.com/socle-project/socle/insights"
	"github.com/socle-project/socle/metrics"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/web"
)

// serveConfig is the configuration of `socle serve` and `socle demo`.
type serveConfig struct {
	Addr            string
	ShutdownTimeout time.Duration
	SecureCookies   bool
	UploadLimit     byteSize
	UploadWorkers   int
	PublicURL       string
	TrustedProxies  string
	SMTPURL         string
	PageCache       string
	PageCacheSize   byteSize
	MetricsAddr     string
	OIDC            oidcFlags
	IndexPoll       time.Duration
	IndexRetention  time.Duration
	MaxIndexLag     int64
	IndexListen     bool
	store           storeConfig
	models          modelConfig
	log             logConfig
}

func (c *serveConfig) register(fs *flag.FlagSet, defaultData string) {
	fs.StringVar(&c.Addr, "addr", ":8080", "address to listen on, host:port")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 15*time.Second, "how long to let requests finish after SIGTERM")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", false, "mark session cookies Secure on plain HTTP (behind a TLS proxy)")
	c.UploadLimit = byteSize(ingest.DefaultLimits().MaxBytes)
	fs.Var(&c.UploadLimit, "upload-limit", "largest file a lead may upload, e.g. 64MB or 500KB")
	fs.IntVar(&c.UploadWorkers, "upload-workers", 2, "uploads read at once; others wait in line")
	fs.StringVar(&c.PublicURL, "public-url", "", "address people reach the server at, e.g. https://socle.example.org, for links in exports and sign-in (default: links relative to the server)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client (for sign-in throttling)")
	fs.StringVar(&c.SMTPURL, "smtp-url", "", "SMTP server for invitations and password resets, e.g. smtp://user:pass@mail.example.org:587?from=socle@example.org (default: links are shown to the administrator); needs --public-url")
	fs.StringVar(&c.PageCache, "page-cache", "", "directory of the drawn pages of PDF guides, derived data (default: cache/pages under --data)")
	c.PageCacheSize = authoring.DefaultPageCacheBytes
	fs.Var(&c.PageCacheSize, "page-cache-size", "largest total size of the drawn pages kept, e.g. 256MB; the least recently shown go first")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", "", "address of a separate listener serving Prometheus metrics at /metrics, e.g. 127.0.0.1:9090 or 10.0.0.5:9090 (default: no metrics); keep it off the public network")
	fs.Var(&c.OIDC, "oidc", oidcUsage)
	fs.DurationVar(&c.IndexPoll, "index-poll", 2*time.Second, "how often the search index reads the store's change feed when no notification wakes it (docs/change-feed.md)")
	fs.DurationVar(&c.IndexRetention, "index-retention", 7*24*time.Hour, "how long the change feed keeps changes a stopped server has not applied; a server stopped longer rebuilds its index")
	fs.Int64Var(&c.MaxIndexLag, "index-max-lag", 20, "changes of the feed the search index may be behind before /readyz answers 503")
	fs.BoolVar(&c.IndexListen, "index-listen", true, "with PostgreSQL, be woken by the database's notifications of changes (turn off behind a pooler in transaction mode: polling alone then carries them)")
	c.store.register(fs)
	c.models.register(fs)
	if defaultData != "" {
		fs.Lookup("data").DefValue = defaultData
		fs.Set("data", defaultData)
	}
	c.log.register(fs)
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.register(fs, "")
	if err := parse(fs, args, stdout, "serve [flags]", `
Runs Socle's server: the web interface, the JSON API under /api/v1, and /healthz (alive)
and /readyz (store reachable) for probes. Create an organization and its first user with
'socle org create' and 'socle user add'.
Data lives in the embedded store under --data unless --database-url names a PostgreSQL
database, whose schema is migrated at start. SIGTERM or Ctrl-C stops it gracefully.`); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	log, err := cfg.log.logger(stderr)
	if err != nil {
		return err
	}
	return serve(ctx, &cfg, log, stdout, nil)
}

// serve listens, opens the store, runs setup (the demo's seeding) if given, and serves until ctx
// ends. Everything that can be wrong with the configuration is found before it serves. setup
// may adjust the web server, e.g. to show the demo accounts.
func serve(ctx context.Context, cfg *serveConfig, log *slog.Logger, stdout io.Writer, setup func(context.Context, *app, *web.Server) error) error {
	if err := checkPublicURL(cfg.PublicURL); err != nil {
		return err
	}
	proxies, err := parsePrefixes(cfg.TrustedProxies)
	if err != nil {
		return err
	}
	var mailer web.Mailer
	if cfg.SMTPURL != "" {
		if cfg.PublicURL == "" {
			return usageError{"--smtp-url needs --public-url: mailed links must name the server's public address"}
		}
		m, err := newMailer(cfg.SMTPURL)
		if err != nil {
			return err
		}
		mailer = m
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return configError{fmt.Errorf("cannot listen on %s: %s; choose another address with --addr", cfg.Addr, listenReason(err))}
	}
	defer ln.Close()
	var m *metrics.Metrics
	var metricsLn net.Listener
	if cfg.MetricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			return configError{fmt.Errorf("cannot listen on %s: %s; choose another address with --metrics-addr", cfg.MetricsAddr, listenReason(err))}
		}
		defer metricsLn.Close()
		m = metrics.New()
	}
	if cfg.store.replica, err = replica(cfg.store.Data, ln.Addr().String()); err != nil {
		return err
	}
	a, err := openApp(ctx, &cfg.store, &cfg.models, log)
	if err != nil {
		return err
	}
	defer a.Close()
	store := a.store
	a.authoring.Limits.MaxBytes = int64(cfg.UploadLimit)
	pageDir := cfg.PageCache
	if pageDir == "" {
		pageDir = filepath.Join(cfg.store.Data, "cache", "pages")
	}
	if a.authoring.Pages, err = authoring.OpenPageCache(pageDir, int64(cfg.PageCacheSize)); err != nil {
		return configError{fmt.Errorf("%w; choose another directory with --page-cache", err)}
	}
	watchDatabase(store, m, log)
	a.planner.Made = func(took time.Duration, err error) {
		outcome := "made"
		if err != nil {
			outcome = string(socle.KindOf(err))
		}
		m.Plan(outcome, took)
	}
	stopFollowing, err := followFeed(ctx, a, cfg)
	if err != nil {
		return err
	}
	defer stopFollowing() // before the indexes close
	if m != nil {
		lagCtx, stopLag := context.WithCancel(ctx)
		defer stopLag()
		go trackIndexLag(lagCtx, a, m, cfg.IndexPoll)
	}
	sso, err := cfg.OIDC.providers(ctx, store, cfg.PublicURL)
	if err != nil {
		return err
	}
	// In the embedded mode, operators back up through the data directory's control socket.
	if es, ok := store.(*embedded.Store); ok {
		stop, err := serveControl(ctx, es, cfg.store.Data, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	// Uploads read in the background. With the embedded store this process is the only
	// server, so every unfinished job was interrupted by its last stop.
	uploads := &authoring.Uploads{Service: a.authoring, Store: store, Log: log, Workers: cfg.UploadWorkers}
	if err := uploads.Start(ctx, cfg.store.DatabaseURL == ""); err != nil {
		return err
	}
	defer uploads.Stop()
	// Usage is recorded in the background for the insights; what waits is written at stop.
	usage := &insights.Recorder{Store: store, Log: log}
	usage.Start()
	defer usage.Stop()
	m.WatchJobs(uploads.Waiting)
	app := &web.Server{
		Store:          store,
		Access:         &access.Service{Store: store},
		Authoring:      a.authoring,
		Planner:        a.planner,
		Uploads:        uploads,
		Usage:          usage,
		MaxUploadBytes: int64(cfg.UploadLimit),
		Search:         a.engine,
		Log:            log,
		Version:        buildVersion(),
		SecureCookies:  cfg.SecureCookies,
		PublicURL:      strings.TrimRight(cfg.PublicURL, "/"),
		TrustedProxies: proxies,
		Mailer:         mailer,
		SSO:            sso,
		Metrics:        m,
		IndexLag:       a.indexLag,
		MaxIndexLag:    cfg.MaxIndexLag,
	}
	if setup != nil {
		if err := setup(ctx, a, app); err != nil {
			return err
		}
	}
	handler, err := app.Handler()
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if metricsLn != nil {
		msrv := metricsServer(m, log)
		go msrv.Serve(metricsLn)
		defer msrv.Close()
		log.Info("metrics serving", "addr", metricsLn.Addr().String(), "path", "/metrics")
	}
	purgeCtx, stopPurge := context.WithCancel(ctx)
	defer stopPurge()
	go purge(purgeCtx, store, log, purgeEvery)
	log.Info("socle serving", "addr", ln.Addr().String(), "store", cfg.store.describe(), "version", buildVersion())
	fmt.Fprintf(stdout, "Socle is running: open %s\n", browseURL(ln.Addr()))

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// checkPublicURL accepts an absolute http(s) address with no query or fragment.
func checkPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return usageError{fmt.Sprintf("--public-url %q is not an http(s) address such as https://socle.example.org", s)}
	}
	return nil
}

// parsePrefixes reads "10.0.0.1, 192.168.0.0/16" as address ranges.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--trusted-proxies: %q is not an address or a CIDR range such as 10.0.0.0/8", f)}
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// listenReason shortens the error of net.Listen to its cause ("address already in use").
func listenReason(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}

// browseURL is the address a person on this machine opens.
func browseURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String()
	}
	host := "localhost"
	if !tcp.IP.IsUnspecified() && !tcp.IP.IsLoopback() {
		host = tcp.IP.String()
	}
	return fmt.Sprintf("http://%s/", net.JoinHostPort(host, fmt.Sprint(tcp.Port)))
}

// byteSize is a flag holding a number of bytes, written with a unit: 64MB, 500KB, 2GB.
type byteSize int64

func (b *byteSize) String() string {
	switch n := int64(*b); {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKB", n>>10)
	default:
		return fmt.Sprint(n)
	}
}

func (b *byteSize) Set(s string) error {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("%q is not a size: write a number and a unit, e.g. 64MB", s)
	}
	*b = byteSize(n * mult)
	return nil
}
