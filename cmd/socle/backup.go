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
	"os"
	"path/filepath"
	"time"

	"github.com/socle-project/socle/store/embedded"
)

// controlSocket is the name, in the data directory, of the Unix socket a server of the embedded
// mode listens on for operators' requests (backups): only who may read the data directory may
// use it, as only they could copy the database anyway.
const controlSocket = "socle.sock"

// runBackup handles `socle backup --to FILE`.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var store storeConfig
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	store.register(fs)
	to := fs.String("to", "", "file to write the copy of the database to")
	if err := parse(fs, args, stdout, "backup --to FILE", `
Writes a consistent copy of the embedded store (socle.db) to FILE, whether or not a server is
running on the data directory: a running server makes the copy itself, from one read
transaction, while it goes on serving. To restore, stop the server and put the file in place
of --data's socle.db; the search indexes rebuild at start. In PostgreSQL mode, use pg_dump
(docs/security.md).`); err != nil {
		return err
	}
	if *to == "" {
		return usageError{"give the file to write with --to"}
	}
	if store.DatabaseURL != "" {
		return usageError{"the PostgreSQL store is backed up with PostgreSQL's tools: pg_dump --format=custom, or your provider's snapshots (docs/security.md)"}
	}
	var n int64
	err := writeFileAtomic(*to, func(w io.Writer) error {
		var err error
		n, err = backupFromServer(ctx, store.Data, w)
		if errors.Is(err, errNoServer) {
			n, err = backupDirect(store.Data, w)
		}
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s (%d bytes)\n", filepath.Join(store.Data, embedded.FileName), *to, n)
	return nil
}

var errNoServer = errors.New("no server on the data directory")

// backupFromServer asks the server running on the data directory for the copy.
func backupFromServer(ctx context.Context, data string, w io.Writer) (int64, error) {
	sock := filepath.Join(data, controlSocket)
	if _, err := os.Stat(sock); err != nil {
		return 0, errNoServer
	}
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", sock)
	}}}
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://socle/backup", nil)
	resp, err := client.Do(req)
	if err != nil {
		return 0, errNoServer // a socket left by a server that died
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1000))
		return 0, fmt.Errorf("the server refused the backup: %s", msg)
	}
	n, err := io.Copy(w, resp.Body)
	if err == nil && resp.Header.Get("X-Socle-Backup-Bytes") != fmt.Sprint(n) {
		err = fmt.Errorf("the backup was cut short (%d bytes of %s)", n, resp.Header.Get("X-Socle-Backup-Bytes"))
	}
	return n, err
}

// backupDirect copies the database when no server has it open.
func backupDirect(data string, w io.Writer) (int64, error) {
	if _, err := os.Stat(filepath.Join(data, embedded.FileName)); err != nil {
		return 0, configError{fmt.Errorf("no embedded store in %s: give the data directory with --data", data)}
	}
	s, err := embedded.Open(data)
	if err != nil {
		return 0, configError{err}
	}
	defer s.Close()
	return s.Backup(w, nil)
}

// serveControl listens on the data directory's control socket and answers backups, until ctx
// ends.
func serveControl(ctx context.Context, s *embedded.Store, data string, log *slog.Logger) (func(), error) {
	sock := filepath.Join(data, controlSocket)
	os.Remove(sock) // left by a server that died: this process holds the database now
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return nil, configError{fmt.Errorf("control socket %s: %w", sock, err)}
	}
	os.Chmod(sock, 0o600)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w.Header().Set("Content-Type", "application/octet-stream")
		n, err := s.Backup(w, func(size int64) { w.Header().Set("X-Socle-Backup-Bytes", fmt.Sprint(size)) })
		if err != nil {
			log.Error("backup", "err", err, "bytes", n)
			return
		}
		log.Info("backup", "bytes", n, "ms", time.Since(start).Milliseconds())
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return func() { srv.Close(); os.Remove(sock) }, nil
}
