package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/embedded"
)

// binary is the socle command built once for the tests that run it as a child process.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "socle-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "socle")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building socle:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// started is a socle process serving on addr.
type started struct {
	cmd    *exec.Cmd
	addr   string
	stderr *strings.Builder
}

// start runs socle with args on a free port and waits for it to print its address.
func start(t *testing.T, args ...string) *started {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(binary, append(args, "--addr", addr)...)
	cmd.Env = cleanEnv()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(out)
	ready := make(chan bool, 1)
	go func() {
		for lines.Scan() {
			if strings.Contains(lines.Text(), "Socle is running") {
				ready <- true
			}
		}
		close(ready)
	}()
	select {
	case ok := <-ready:
		if !ok {
			cmd.Wait()
			t.Fatalf("socle %v ended before serving: %s", args, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("socle %v did not start within 60 s: %s", args, stderr.String())
	}
	return &started{cmd: cmd, addr: addr, stderr: &stderr}
}

// cleanEnv is the environment without SOCLE_* variables, so that a developer's settings do not
// leak into the tests.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SOCLE_") {
			env = append(env, kv)
		}
	}
	return env
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// stop sends SIGTERM and checks that the process ends cleanly.
func (s *started) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("after SIGTERM: %v; stderr: %s", err, s.stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("socle did not stop within 20 s of SIGTERM")
	}
	if !strings.Contains(s.stderr.String(), "stopped") {
		t.Fatalf("no graceful stop in the log: %s", s.stderr.String())
	}
}

// TestDemoQuickStart runs the README's quick start: the demo serves, answers /healthz and
// /readyz, and holds the demo organization with its published guide, catalog and glossary.
func TestDemoQuickStart(t *testing.T) {
	data := t.TempDir()
	s := start(t, "demo", "--data", data)
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := get(t, "http://"+s.addr+path); code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, code, body)
		}
	}
	s.stop(t)

	store, err := embedded.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	org, err := store.OrgBySlug(ctx, "demo")
	if err != nil {
		t.Fatalf("demo organization: %v", err)
	}
	pub, err := store.PublishedVersions(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	var sections, services int
	for _, v := range pub {
		sections += v.Sections
		services += v.Services
	}
	if len(pub) != 2 || sections < 10 || services < 10 {
		t.Fatalf("demo content: %d published versions with %d sections and %d services; want a guide and a catalog", len(pub), sections, services)
	}
	gl, err := store.Glossary(ctx, org.ID)
	if err != nil || len(gl) < 10 {
		t.Fatalf("demo glossary: %d entries, %v", len(gl), err)
	}
	if _, err := store.GlossaryEntry(ctx, org.ID, "ase"); err != nil {
		t.Fatalf("demo glossary lacks ASE: %v", err)
	}

	// A review is in progress: a second version of the guide, written by the lead, with
	// comments.
	versions := func(s socle.Store) map[string][]socle.Version {
		out := map[string][]socle.Version{}
		guides, _ := s.Guides(ctx, org.ID, socle.GuideFilter{})
		for _, g := range guides {
			out[g.Slug], _ = s.Versions(ctx, org.ID, g.ID)
		}
		return out
	}
	first := versions(store)
	guide := first["accompagnement"]
	if len(guide) != 2 || guide[1].State != socle.StateReview || guide[1].BaseN != 1 {
		t.Fatalf("demo guide versions: %+v, want the published one and one in review", guide)
	}
	lead, _ := store.UserByEmail(ctx, "referente@demo.socle")
	comments, _ := store.Comments(ctx, org.ID, guide[1].ID)
	if guide[1].Author != lead.ID || len(comments) != 2 {
		t.Fatalf("demo review: author %s, %d comments; want the lead's version with 2 comments", guide[1].Author, len(comments))
	}

	// An onboarding path, with questions, assigned to the caseworker.
	paths, err := store.LearningPaths(ctx, org.ID)
	if err != nil || len(paths) != 1 || paths[0].Published == nil || len(paths[0].Published.Steps) < 4 {
		t.Fatalf("demo paths: %+v, %v", paths, err)
	}
	questions := 0
	for _, st := range paths[0].Published.Steps {
		if st.Question != nil {
			questions++
		}
	}
	caseworker, _ := store.UserByEmail(ctx, "travailleur@demo.socle")
	assigned, _ := store.Assignments(ctx, org.ID, socle.ProgressFilter{UserID: caseworker.ID})
	if questions < 2 || len(assigned) != 1 {
		t.Fatalf("demo path: %d questions, assigned %d times to the caseworker", questions, len(assigned))
	}

	// Starting the demo again on the same data adds nothing.
	store.Close()
	again := start(t, "demo", "--data", data)
	again.stop(t)
	store2, err := embedded.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer store2.Close()
	for slug, vs := range versions(store2) {
		if len(vs) != len(first[slug]) {
			t.Fatalf("second demo start made guide %s %d versions, want %d", slug, len(vs), len(first[slug]))
		}
	}
	if again, _ := store2.LearningPaths(ctx, org.ID); len(again) != 1 {
		t.Fatalf("second demo start made %d paths, want 1", len(again))
	}
}

// TestBadConfiguration checks that each configuration mistake stops the start with one clear
// line on stderr and exit status 2.
func TestBadConfiguration(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	file := filepath.Join(t.TempDir(), "not-a-dir")
	os.WriteFile(file, []byte("x"), 0o600)

	tests := []struct {
		name string
		args []string
		says string
	}{
		{"unreachable database", []string{"serve", "--addr", freeAddr(t), "--database-url", "postgres://socle@127.0.0.1:1/socle?connect_timeout=2"}, "cannot reach the database"},
		{"malformed database URL", []string{"serve", "--addr", freeAddr(t), "--database-url", "postgres://socle@host:port/db"}, "database URL is malformed"},
		{"unwritable data directory", []string{"serve", "--addr", freeAddr(t), "--data", filepath.Join(file, "data")}, "cannot be created"},
		{"port in use", []string{"serve", "--addr", busy.Addr().String(), "--data", t.TempDir()}, "address already in use"},
		{"unknown flag", []string{"serve", "--colour", "blue"}, "flag provided but not defined"},
		{"bad log level", []string{"serve", "--log-level", "loud"}, "--log-level"},
		{"unknown command", []string{"serf"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binary, tt.args...)
			cmd.Env = cleanEnv()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := cmd.ProcessState.ExitCode()
			msg := strings.TrimSpace(stderr.String())
			if code != 2 {
				t.Fatalf("exit status %d (%v), want 2; stderr: %s", code, err, msg)
			}
			if strings.Count(msg, "\n") != 0 || !strings.Contains(msg, tt.says) {
				t.Fatalf("stderr %q: want one line saying %q", msg, tt.says)
			}
			if strings.Contains(msg, "secret") {
				t.Fatalf("stderr shows a password: %s", msg)
			}
		})
	}
}

// TestEnvironment checks that SOCLE_* variables configure what flags do.
func TestEnvironment(t *testing.T) {
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(cleanEnv(), "SOCLE_DATABASE_URL=postgres://socle@host:port/db")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Run()
	if cmd.ProcessState.ExitCode() != 2 || !strings.Contains(stderr.String(), "malformed") {
		t.Fatalf("SOCLE_DATABASE_URL was not read: %d %s", cmd.ProcessState.ExitCode(), stderr.String())
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"serve", "--help"}, {"demo", "-h"}, {"help", "serve"}, {"version"}} {
		out, err := exec.Command(binary, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("socle %v: %v\n%s", args, err, out)
		}
		if len(out) == 0 {
			t.Fatalf("socle %v printed nothing", args)
		}
		if len(args) > 0 && args[0] == "serve" && !strings.Contains(string(out), "--database-url") && !strings.Contains(string(out), "-database-url") {
			t.Fatalf("socle serve --help does not document --database-url:\n%s", out)
		}
	}
}
