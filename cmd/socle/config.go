package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/peterbourgon/ff/v3"
	"github.com/socle-project/socle"
	"github.com/socle-project/socle/retrieval"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/store/postgres"
)

// storeConfig says which authoring store to use: PostgreSQL when DatabaseURL is set, else the
// embedded store in Data.
type storeConfig struct {
	Data        string
	DatabaseURL string
	// replica, set by `socle serve` only, names its index in the change feed's positions
	// from its first catch-up on, so that the feed keeps what a rebuild at start will need.
	// Other commands leave it empty: they would hold the feed's pruning back.
	replica socle.IndexReplica
}

func (c *storeConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.Data, "data", "./socle-data", "data directory of the embedded store and of the local indexes")
	fs.StringVar(&c.DatabaseURL, "database-url", "", "PostgreSQL URL (postgres://user:pass@host:5432/db); selects the PostgreSQL store")
}

// open opens the configured store; its errors are configuration errors.
func (c *storeConfig) open(ctx context.Context) (socle.Store, error) {
	s, _, err := c.openWithVectors(ctx)
	return s, err
}

// openWithVectors opens the store and the vector index that goes with it: pgvector in the
// database for PostgreSQL, nil (the embedded exact index under --data) otherwise.
func (c *storeConfig) openWithVectors(ctx context.Context) (socle.Store, retrieval.VectorIndex, error) {
	if c.DatabaseURL != "" {
		s, err := postgres.Open(ctx, c.DatabaseURL)
		if err != nil {
			return nil, nil, configError{err}
		}
		return s, s.Vectors(), nil
	}
	s, err := embedded.Open(c.Data)
	if err != nil {
		return nil, nil, configError{err}
	}
	return s, nil, nil
}

// describe says where the data lives, without a password.
func (c *storeConfig) describe() string {
	if c.DatabaseURL != "" {
		return "postgres"
	}
	return "embedded (" + c.Data + ")"
}

// logConfig sets up the structured log.
type logConfig struct {
	Level  string
	Format string
}

func (c *logConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.Level, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&c.Format, "log-format", "text", "log format: text or json")
}

func (c *logConfig) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.Level)); err != nil {
		return nil, usageError{fmt.Sprintf("--log-level %q is not one of debug, info, warn, error", c.Level)}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.Format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError{fmt.Sprintf("--log-format %q is not text or json", c.Format)}
}

// parse parses args into fs, with SOCLE_* environment variables for flags not given. --help
// prints synopsis, description and flags to stdout; a bad flag is one line on stderr.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer, synopsis, description string) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := ff.Parse(fs, args, ff.WithEnvVarPrefix("SOCLE"))
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "Usage: socle %s\n\n%s\n\nFlags (each also read from SOCLE_<NAME>, e.g. --database-url from SOCLE_DATABASE_URL):\n",
			synopsis, strings.TrimSpace(description))
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return flag.ErrHelp
	}
	if err != nil {
		return usageError{strings.TrimPrefix(err.Error(), "error parsing commandline arguments: ")}
	}
	return nil
}
