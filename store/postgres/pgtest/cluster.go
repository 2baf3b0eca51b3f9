package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
)

// Cluster is a PostgreSQL cluster of a test's own (initdb into a temporary directory, on a free
// port), for tests that stop and start the database: doing so to the shared test database would
// disturb every other test.
type Cluster struct {
	URL  string // the cluster's postgres database, as superuser postgres
	bin  string
	dir  string
	as   string // user the cluster runs as: PostgreSQL refuses root
	t    testing.TB
	port int
}

// NewCluster makes and starts a cluster, stopped when the test ends. It skips (fails under
// SOCLE_REQUIRE_POSTGRES=1) when PostgreSQL's server programs are not installed.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	bin := os.Getenv("SOCLE_PG_BIN")
	if bin == "" {
		bin = "/usr/lib/postgresql/15/bin"
	}
	if _, err := os.Stat(filepath.Join(bin, "initdb")); err != nil {
		msg := fmt.Sprintf("no initdb in %s (set SOCLE_PG_BIN): a test cluster cannot be made", bin)
		if os.Getenv("SOCLE_REQUIRE_POSTGRES") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	c := &Cluster{bin: bin, dir: t.TempDir(), t: t}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			t.Skip("running as root with no postgres user to run a test cluster as")
		}
		c.as = "postgres"
		// The cluster's user must reach the directory t.TempDir made for root.
		for d := c.dir; d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
			os.Chmod(d, 0o755)
		}
		if out, err := exec.Command("chown", "-R", c.as, c.dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v: %s", err, out)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	c.run("initdb", "-D", c.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
	conf := fmt.Sprintf("\nport = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nfsync = off\n", c.port, c.dir)
	f, err := os.OpenFile(filepath.Join(c.data(), "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(conf)
	f.Close()
	c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=5", c.port)
	c.Start()
	t.Cleanup(func() { c.pgctl("-m", "immediate", "stop") })
	return c
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

// Start starts the cluster and waits until it accepts connections.
func (c *Cluster) Start() {
	c.t.Helper()
	if _, err := c.pgctl("-l", filepath.Join(c.dir, "log"), "start"); err != nil {
		c.t.Fatal(err)
	}
}

// Stop stops the cluster as an operator's restart does: sessions are ended, transactions under
// way rolled back.
func (c *Cluster) Stop() {
	c.t.Helper()
	if _, err := c.pgctl("-m", "fast", "stop"); err != nil {
		c.t.Fatal(err)
	}
}

func (c *Cluster) pgctl(args ...string) (string, error) {
	return c.exec("pg_ctl", append([]string{"-D", c.data(), "-w", "-t", "60"}, args...)...)
}

func (c *Cluster) run(tool string, args ...string) {
	c.t.Helper()
	if _, err := c.exec(tool, args...); err != nil {
		c.t.Fatal(err)
	}
}

func (c *Cluster) exec(tool string, args ...string) (string, error) {
	path := filepath.Join(c.bin, tool)
	cmd := exec.Command(path, args...)
	if c.as != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.as, "--", path}, args...)...)
	}
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s: %v: %s", tool, err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}
