package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/postgres"
)

// followFeed keeps the server's search index in step with the store's change feed until ctx
// ends: woken by the database's notifications in the PostgreSQL mode, and by polling in
// every mode (notifications do not cross a pooler in transaction mode). The server records
// its position under a name kept in the data directory, so that the feed is pruned only of
// what it has applied. stop ends the following and waits for it, so that nothing writes to
// the index once it is closed.
func followFeed(ctx context.Context, a *app, cfg *serveConfig) (stop func(), err error) {
	if cfg.IndexPoll <= 0 || cfg.IndexRetention <= 0 || cfg.MaxIndexLag < 0 {
		return nil, usageError{"--index-poll and --index-retention must be positive durations, --index-max-lag zero or more"}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if pg, ok := a.store.(*postgres.Store); ok && cfg.IndexListen {
		wg.Go(func() { pg.Listen(ctx, a.follower.Wake) })
	}
	heartbeat := 5 * cfg.IndexPoll
	wg.Go(func() { a.follower.Run(ctx, cfg.IndexPoll, heartbeat, cfg.IndexRetention) })
	return func() { cancel(); wg.Wait() }, nil
}

// indexLag is how many changes of the feed the search index has not applied, read against
// the feed's last position now, for /readyz.
func (a *app) indexLag(ctx context.Context) (int64, error) {
	b, err := a.store.FeedBounds(ctx)
	if err != nil {
		return 0, err
	}
	return max(0, b.Last-a.follower.Applied()), nil
}

// replica names this server's index in the feed's positions (see storeConfig.replica).
func replica(data, addr string) (socle.IndexReplica, error) {
	id, err := replicaID(data)
	if err != nil {
		return socle.IndexReplica{}, err
	}
	host, _ := os.Hostname()
	return socle.IndexReplica{ID: id, Host: strings.TrimSpace(host + " " + addr)}, nil
}

// replicaID returns the name of this server's index in the feed's positions, made once and
// kept in the data directory: a server that restarts keeps its place.
func replicaID(data string) (string, error) {
	// The data directory is made here first, as the embedded store would: a server's identity
	// in the feed is kept there.
	if err := os.MkdirAll(data, 0o700); err != nil {
		return "", configError{fmt.Errorf("data directory %s cannot be created (%v): choose another with --data or fix its permissions", data, errors.Unwrap(err))}
	}
	path := filepath.Join(data, "replica-id")
	b, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(b))) > 0 {
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", configError{fmt.Errorf("cannot read %s: %w", path, err)}
	}
	buf := make([]byte, 8)
	rand.Read(buf)
	id := hex.EncodeToString(buf)
	if err := os.WriteFile(path, []byte(id+"\n"), 0o600); err != nil {
		return "", configError{fmt.Errorf("cannot write %s: %w; choose another --data directory", path, err)}
	}
	return id, nil
}
