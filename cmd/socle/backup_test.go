package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-project/socle/store/embedded"
)

// TestBackupWhileServing copies the embedded store while a server holds it, then with no server,
// and opens each copy.
func TestBackupWhileServing(t *testing.T) {
	data := t.TempDir()
	s := start(t, "demo", "--data", data)
	check := func(file string) {
		t.Helper()
		dir := t.TempDir()
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, embedded.FileName), b, 0o600)
		st, err := embedded.Open(dir)
		if err != nil {
			t.Fatalf("the backup does not open: %v", err)
		}
		defer st.Close()
		if _, err := st.OrgBySlug(context.Background(), "demo"); err != nil {
			t.Fatalf("the backup lacks the demo organization: %v", err)
		}
	}
	live := filepath.Join(t.TempDir(), "live.db")
	cmd := exec.Command(binary, "backup", "--data", data, "--to", live)
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "written to") {
		t.Fatalf("backup while serving: %v\n%s", err, out)
	}
	check(live)
	if fi, err := os.Stat(filepath.Join(data, controlSocket)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("control socket: %v %v, want mode 0600", fi, err)
	}
	s.stop(t)
	cold := filepath.Join(t.TempDir(), "cold.db")
	if code, out := adminRun(t, "backup", "--data", data, "--to", cold); code != 0 {
		t.Fatalf("backup with no server: %d %s", code, out)
	}
	check(cold)
	if code, out := adminRun(t, "backup", "--database-url", "postgres://x/y", "--to", cold); code != 2 || !strings.Contains(out, "pg_dump") {
		t.Fatalf("backup in PostgreSQL mode: %d %s", code, out)
	}
}
