// Command socle-load is the load and fault harness of the PostgreSQL mode (make scale-report):
// it starts a PostgreSQL cluster of its own, loads the service-public texts and the aides-jeunes
// catalog, runs one then two `socle serve` processes on it under a fixed concurrency of
// searches and plans while a lead publishes, restarts PostgreSQL once in the middle of the
// two-server run, and writes a report: throughput, latency percentiles by request kind,
// errors by kind, publish-to-searchable time between servers, and each server's memory.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

type config struct {
	socle       string
	corpus      string
	pgbin       string
	fiches      int
	concurrency int
	phase       time.Duration
	planShare   float64
	publish     time.Duration
	propagation time.Duration
	out         string
	keep        bool
	published   int // the lead's latest published version
}

func main() {
	var c config
	flag.StringVar(&c.socle, "socle", "bin/socle", "the socle binary to run")
	flag.StringVar(&c.corpus, "corpus", os.Getenv("SOCLE_CORPUS"), "corpus directory (SOCLE_CORPUS): guides/service-public-fiches-2020 and catalogs/aides-jeunes")
	flag.StringVar(&c.pgbin, "pg-bin", "/usr/lib/postgresql/15/bin", "directory of initdb and pg_ctl")
	flag.IntVar(&c.fiches, "fiches", 3588, "service-public texts to load (all: 3588)")
	flag.IntVar(&c.concurrency, "concurrency", 32, "clients sending requests at once")
	flag.DurationVar(&c.phase, "phase", 60*time.Second, "length of each measured run (one server, then two)")
	flag.Float64Var(&c.planShare, "plans", 0.2, "share of plans among the requests (the rest are searches)")
	flag.DurationVar(&c.publish, "publish-every", 3*time.Second, "how often the lead publishes a new version")
	flag.DurationVar(&c.propagation, "propagation-timeout", 10*time.Second, "how long to wait for a publication to be searchable on the other server")
	flag.StringVar(&c.out, "out", "", "also write the report to this file")
	flag.BoolVar(&c.keep, "keep", false, "keep the temporary directory (cluster, logs, indexes)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, &c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "socle-load:", err)
		os.Exit(1)
	}
}

// server is one socle serve process.
type server struct {
	name, base string
	cmd        *exec.Cmd
	rssStart   int64
}

func run(ctx context.Context, c *config, stdout io.Writer) error {
	fiches, _ := filepath.Glob(filepath.Join(c.corpus, "guides/service-public-fiches-2020/flat_txts/*.txt"))
	benefits := filepath.Join(c.corpus, "catalogs/aides-jeunes/benefits.jsonl")
	if _, err := os.Stat(benefits); len(fiches) == 0 || err != nil {
		return fmt.Errorf("corpus not found in %q: set SOCLE_CORPUS or -corpus to the shared corpus", c.corpus)
	}
	if c.fiches < len(fiches) {
		fiches = fiches[:c.fiches]
	}
	if _, err := os.Stat(c.socle); err != nil {
		return fmt.Errorf("no socle binary at %s: run `make build` or pass -socle", c.socle)
	}
	socleBin, _ := filepath.Abs(c.socle)
	dir, err := os.MkdirTemp("", "socle-load-")
	if err != nil {
		return err
	}
	if !c.keep {
		defer os.RemoveAll(dir)
	} else {
		logf("keeping %s", dir)
	}
	os.Chmod(dir, 0o755)

	logf("starting a PostgreSQL cluster of its own in %s", dir)
	pg, err := newCluster(c.pgbin, dir)
	if err != nil {
		return err
	}
	if err := pg.start(); err != nil {
		return err
	}
	defer pg.stop()

	socle := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, socleBin, args...)
		cmd.Env = os.Environ()
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("socle %s: %v: %s", strings.Join(args[:2], " "), err, lastLines(string(out), 5))
		}
		return string(out), nil
	}
	db := []string{"--database-url", pg.url(), "--data", filepath.Join(dir, "cli")}
	if _, err := socle(append([]string{"org", "create", "--slug", "spf", "--name", "Service public"}, db...)...); err != nil {
		return err
	}
	if _, err := socle(append([]string{"user", "add", "--org", "spf", "--email", "lead@spf.example", "--role", "lead"}, db...)...); err != nil {
		return err
	}
	out, err := socle(append([]string{"token", "create", "--org", "spf", "--email", "lead@spf.example", "--name", "load"}, db...)...)
	if err != nil {
		return err
	}
	token := strings.TrimSpace(out)
	token = token[strings.LastIndex(token, "\n")+1:]
	// The lead publishes its versions at once: an administrator lifts the review requirement.
	if _, err := socle(append([]string{"user", "add", "--org", "spf", "--email", "admin@spf.example", "--role", "admin"}, db...)...); err != nil {
		return err
	}
	out, err = socle(append([]string{"token", "create", "--org", "spf", "--email", "admin@spf.example", "--name", "load"}, db...)...)
	if err != nil {
		return err
	}
	adminToken := strings.TrimSpace(out)
	adminToken = adminToken[strings.LastIndex(adminToken, "\n")+1:]

	news := filepath.Join(dir, "harness-news.md")
	if err := os.WriteFile(news, []byte("# Nouvelles de l'accueil\n\n## Consigne\n\nLes consignes du premier accueil paraissent ici.\n"), 0o644); err != nil {
		return err
	}
	if _, err := socle(append(append([]string{"ingest", "--org", "spf", "--publish", "--quiet", "--guide", "harness-news"}, db...), news)...); err != nil {
		return err
	}
	c.published = 1
	start := time.Now()
	logf("loading %d service-public texts and the aides-jeunes catalog", len(fiches))
	if _, err := socle(append(append([]string{"ingest", "--org", "spf", "--publish", "--quiet", "--kind", "catalog"}, db...), benefits)...); err != nil {
		return err
	}
	for i := 0; i < len(fiches); i += 500 {
		batch := fiches[i:min(i+500, len(fiches))]
		// A few fiches hold headings only and are refused: the command reports them and goes on.
		socle(append(append([]string{"ingest", "--org", "spf", "--publish", "--quiet", "--kind", "methodology"}, db...), batch...)...)
	}
	loaded := time.Since(start)

	cl := &client{http: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * c.concurrency}}, token: token}
	startServer := func(name string) (*server, error) {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		logFile, err := os.Create(filepath.Join(dir, name+".log"))
		if err != nil {
			return nil, err
		}
		s := &server{name: name, base: fmt.Sprintf("http://127.0.0.1:%d", port)}
		s.cmd = exec.Command(socleBin, "serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--database-url", pg.url(),
			"--data", filepath.Join(dir, name), "--log-level", "warn")
		s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
		s.cmd.Env = os.Environ()
		if err := s.cmd.Start(); err != nil {
			return nil, err
		}
		if !waitFor(5*time.Minute, func() bool { return ready(s.base) }) {
			return nil, fmt.Errorf("%s did not become ready in 5 minutes: see %s", name, logFile.Name())
		}
		s.rssStart = rss(s.cmd.Process.Pid)
		return s, nil
	}
	var servers []*server
	defer func() {
		for _, s := range servers {
			s.cmd.Process.Signal(syscall.SIGTERM)
			s.cmd.Wait()
		}
	}()
	logf("starting server a (builds its index from the database)")
	a, err := startServer("a")
	if err != nil {
		return err
	}
	servers = append(servers, a)
	admin := &client{http: cl.http, token: adminToken}
	if s := admin.call("settings", "PUT", a.base+"/api/v1/settings", map[string]bool{"review_required": false}, nil); s.error != "" {
		return fmt.Errorf("lifting the review requirement: %s", s.error)
	}

	// One server alone: the reference.
	logf("one server: %d clients for %s", c.concurrency, c.phase)
	one := measure(cl, []*server{a}, c, nil)

	logf("starting server b")
	b, err := startServer("b")
	if err != nil {
		return err
	}
	servers = append(servers, b)
	logf("two servers: %d clients for %s, PostgreSQL restarted in the middle", c.concurrency, c.phase)
	two := measure(cl, []*server{a, b}, c, pg)

	r := report{cfg: c, fiches: len(fiches), loaded: loaded, one: one, two: two, cores: runtime.NumCPU()}
	for _, s := range servers {
		r.servers = append(r.servers, serverReport{name: s.name, rssStart: s.rssStart, rssEnd: rss(s.cmd.Process.Pid),
			ready: ready(s.base), alive: s.cmd.Process.Signal(syscall.Signal(0)) == nil, base: s.base})
	}
	text := r.markdown()
	fmt.Fprint(stdout, text)
	if c.out != "" {
		return os.WriteFile(c.out, []byte(text), 0o644)
	}
	return nil
}

// phaseResult is what one measured run gave.
type phaseResult struct {
	servers      int
	begin        time.Time
	took         time.Duration
	samples      []sample
	restartStart time.Time // zero when PostgreSQL was not restarted
	restartEnd   time.Time
	restartErr   error
}

// measure runs the load and the lead for c.phase through servers; with pg, PostgreSQL is
// stopped and started again in the middle.
func measure(cl *client, servers []*server, c *config, pg *cluster) phaseResult {
	var bases []string
	for _, s := range servers {
		bases = append(bases, s.base)
	}
	rec := &recorder{}
	stop := make(chan struct{})
	done := make(chan struct{}, 2)
	res := phaseResult{servers: len(servers)}
	begin := time.Now()
	res.begin = begin
	go func() { drive(cl, bases, c.concurrency, c.planShare, rec, stop); done <- struct{}{} }()
	go func() { lead(cl, bases, c.publish, c.propagation, &c.published, rec, stop); done <- struct{}{} }()
	if pg != nil {
		time.Sleep(c.phase / 2)
		res.restartStart = time.Now()
		logf("restarting PostgreSQL")
		if err := pg.stop(); err != nil {
			res.restartErr = err
		} else {
			res.restartErr = pg.start()
		}
		res.restartEnd = time.Now()
		logf("PostgreSQL back after %s", res.restartEnd.Sub(res.restartStart).Round(time.Millisecond))
		time.Sleep(time.Until(begin.Add(c.phase)))
	} else {
		time.Sleep(c.phase)
	}
	close(stop)
	<-done
	<-done
	res.took = time.Since(begin)
	res.samples = rec.all()
	return res
}

func ready(base string) bool {
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s socle-load: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
