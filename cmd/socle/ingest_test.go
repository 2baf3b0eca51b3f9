package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
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

// socle runs the binary and returns its stdout, stderr and exit status.
func socleRun(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = cleanEnv()
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Run()
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

func writeGuide(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const cliGuide = `# Guide RSA

## Ouverture des droits

Vérifier l'ouverture des droits au RSA dès le premier entretien.

## Contrat d'engagements

Élaborer le CER dans les deux mois.
`

func TestIngestCommand(t *testing.T) {
	data, files := t.TempDir(), t.TempDir()
	guide := writeGuide(t, files, "Guide RSA.md", cliGuide)
	if out, errs, code := socleRun(t, "org", "create", "--data", data, "--slug", "mds", "--name", "MDS"); code != 0 {
		t.Fatalf("org create: %d %s %s", code, out, errs)
	}
	out, errs, code := socleRun(t, "ingest", "--data", data, "--publish", guide)
	if code != 0 || !strings.Contains(out, "guide-rsa version 1 (published)") || !strings.Contains(out, "Ouverture des droits") {
		t.Fatalf("ingest: %d\n%s\n%s", code, out, errs)
	}
	out, _, code = socleRun(t, "ingest", "--data", data, guide)
	if code != 0 || !strings.Contains(out, "unchanged: already version 1 of guide-rsa") {
		t.Fatalf("ingest of the same bytes: %d\n%s", code, out)
	}
	writeGuide(t, files, "Guide RSA.md", cliGuide+"\n## Suivi\n\nRevoir le CER tous les six mois.\n")
	out, _, code = socleRun(t, "ingest", "--data", data, "--json", "--org", "mds", guide)
	var res struct {
		File, Title, Error, Guide string
		Version                   int
		Sections                  []struct {
			ID    string
			Path  []string
			Pages []int
			Text  string
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("ingest --json: %d %v\n%s", code, err, out)
	}
	if res.Version != 2 || res.Guide != "guide-rsa" || res.Title != "Guide RSA" || len(res.Sections) != 3 || res.Sections[2].Path[0] != "Suivi" {
		t.Fatalf("ingest --json: %+v", res)
	}

	// A bad file is reported and skipped; the good one is stored; exit status 1.
	bad := writeGuide(t, files, "scan.xyz", "whatever")
	other := writeGuide(t, files, "autre.md", "# Autre\n\nTexte.\n")
	out, errs, code = socleRun(t, "ingest", "--data", data, "--quiet", bad, other)
	if code != 1 || !strings.Contains(out, "✗") || !strings.Contains(out, "✓") || !strings.Contains(errs, "1 of 2 files") {
		t.Fatalf("ingest of a bad and a good file: %d\n%s\n%s", code, out, errs)
	}

	// --dry-run touches no store.
	nowhere := filepath.Join(t.TempDir(), "never-created")
	if out, errs, code := socleRun(t, "ingest", "--dry-run", "--data", nowhere, guide); code != 0 {
		t.Fatalf("dry run: %d %s %s", code, out, errs)
	}
	if _, err := os.Stat(nowhere); !os.IsNotExist(err) {
		t.Fatal("--dry-run created the data directory")
	}
	if _, errs, code := socleRun(t, "ingest", "--data", data, "--guide", "x", guide, other); code != 2 || !strings.Contains(errs, "--guide") {
		t.Fatalf("--guide with two files: %d %s", code, errs)
	}
}

func TestUserCommand(t *testing.T) {
	data := t.TempDir()
	socleRun(t, "org", "create", "--data", data, "--slug", "mds", "--name", "MDS")
	out, errs, code := socleRun(t, "user", "add", "--data", data, "--org", "mds", "--email", "lea@example.org", "--role", "lead")
	if code != 0 || !strings.Contains(out, "password for lea@example.org") || !strings.Contains(out, "lead of mds") {
		t.Fatalf("user add: %d %s %s", code, out, errs)
	}
	if _, errs, code := socleRun(t, "user", "add", "--data", data, "--org", "mds", "--email", "x@example.org", "--role", "boss"); code != 2 || !strings.Contains(errs, "--role") {
		t.Fatalf("user add with a bad role: %d %s", code, errs)
	}
	if _, errs, code := socleRun(t, "user", "add", "--data", data, "--org", "nope", "--email", "x@example.org"); code != 1 || !strings.Contains(errs, "not found") {
		t.Fatalf("user add to an unknown org: %d %s", code, errs)
	}
	out, errs, code = socleRun(t, "token", "create", "--data", data, "--org", "mds", "--email", "lea@example.org", "--name", "suivi")
	if code != 0 || !strings.HasPrefix(out, "socle_") {
		t.Fatalf("token create: %d %s %s", code, out, errs)
	}
}

// TestIngestKilled kills `socle ingest` with SIGKILL while it stores many files, then checks
// that the store opens and holds only whole versions.
func TestIngestKilled(t *testing.T) {
	data, files := t.TempDir(), t.TempDir()
	socleRun(t, "org", "create", "--data", data, "--slug", "mds", "--name", "MDS")
	var names []string
	for i := range 300 {
		var b strings.Builder
		fmt.Fprintf(&b, "# Guide %d\n\n", i)
		for j := range 30 {
			fmt.Fprintf(&b, "## Partie %d\n\nLe travailleur social vérifie les droits de la personne, étape %d du guide %d.\n\n", j, j, i)
		}
		names = append(names, writeGuide(t, files, fmt.Sprintf("guide-%03d.md", i), b.String()))
	}
	cmd := exec.Command(binary, append([]string{"ingest", "--data", data, "--quiet", "--publish"}, names...)...)
	cmd.Env = cleanEnv()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	acked := 0
	for acked < 40 && lines.Scan() {
		if strings.HasPrefix(lines.Text(), "✓") {
			acked++
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "✓") {
			acked++
		}
	}
	cmd.Wait()
	if acked < 40 || acked == len(names) {
		t.Fatalf("ingest stored %d of %d files before it was killed; the test needs it killed midway", acked, len(names))
	}

	s, err := embedded.Open(data)
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	org, _ := s.OrgBySlug(ctx, "mds")
	guides, err := s.Guides(ctx, org.ID, socle.GuideFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(guides) < acked {
		t.Fatalf("%d guides stored, %d acknowledged", len(guides), acked)
	}
	deadline := time.Now().Add(time.Minute)
	for _, g := range guides {
		vs, err := s.Versions(ctx, org.ID, g.ID)
		if err != nil || len(vs) != 1 {
			t.Fatalf("guide %s: %d versions, %v", g.Slug, len(vs), err)
		}
		for _, v := range vs {
			secs, err := s.Sections(ctx, org.ID, v.ID)
			if err != nil || len(secs) != v.Sections || v.Sections != 30 {
				t.Fatalf("guide %s: %d sections stored, %d announced, want 30 (%v)", g.Slug, len(secs), v.Sections, err)
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("checking took over a minute")
		}
	}
	// The import was killed before it indexed: the indexes were marked stale, so the next
	// command rebuilds them and finds what was stored.
	s.Close()
	found, errs, code := socleRun(t, "search", "--data", data, "--json", "vérifie les droits de la personne")
	if code != 0 || !strings.Contains(found, "Partie") {
		t.Fatalf("search after the killed import: %d\n%s\n%s", code, found, errs)
	}
	if !strings.Contains(errs, "rebuilding the search indexes") {
		t.Fatalf("the indexes were not rebuilt after the killed import: %s", errs)
	}
}
