// Package postgres is the authoring store of the PostgreSQL mode: pgx v5 with a connection
// pool, schema migrations applied at start by goose under an advisory lock (so that several
// `socle serve` processes may start at once), and pgvector enabled by the first migration.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/crc64"
	"io/fs"
	"net"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	pgxvec "github.com/pgvector/pgvector-go/pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/socle-project/socle"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the PostgreSQL-backed socle.Store.
type Store struct {
	pool   *pgxpool.Pool
	outage *outage
}

var _ socle.Store = (*Store)(nil)

// Open connects to the database at url, checks that it answers, and applies the migrations it
// lacks. Its errors say what is wrong with the URL or the server without echoing a password.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil || !strings.Contains(url, "://") && !strings.Contains(url, "=") {
		return nil, socle.Errorf(socle.EINVALID, "database URL is malformed: expected postgres://user:password@host:5432/dbname")
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	// Idle connections that a database restart broke are found and replaced within seconds
	// rather than handed to a request (pool_health_check_period in the URL overrides it).
	if !strings.Contains(url, "pool_health_check_period") {
		cfg.HealthCheckPeriod = 10 * time.Second
	}
	o := newOutage()
	cfg.ConnConfig.Tracer = tracer{o}
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		// Times come back in UTC, as the embedded store returns them.
		conn.TypeMap().RegisterType(&pgtype.Type{
			Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
		})
		// pgvector's types, once the first migration has created them.
		if err := pgxvec.RegisterTypes(ctx, conn); err != nil && !strings.Contains(err.Error(), "vector type not found") {
			return err
		}
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		o.close()
		return nil, socle.Errorf(socle.EINVALID, "database URL is not usable: %v", redact(err))
	}
	where := fmt.Sprintf("%s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	pingCtx, cancel := context.WithTimeout(ctx, cfg.ConnConfig.ConnectTimeout+time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		o.close()
		return nil, socle.Errorf(socle.EUNAVAILABLE, "cannot reach the database at %s: %s; check that PostgreSQL is running and that --database-url is right", where, redact(err))
	}
	s := &Store{pool: pool, outage: o}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	// Connections opened before the vector type existed lack its codec: start afresh.
	pool.Reset()
	o.pool.Store(pool) // from now on, a failure starts the probe that notices the database's return
	return s, nil
}

// migrate applies the embedded migrations the database lacks.
func (s *Store) migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	// One lock per schema: processes migrating the same schema queue up, while deployments in
	// other schemas of the same database do not wait for each other.
	var schema string
	if err := s.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return wrap(err)
	}
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(int64(crc64.Checksum([]byte("socle:"+schema), crc64.MakeTable(crc64.ECMA)))),
		lock.WithLockTimeout(1, 300))
	if err != nil {
		return err
	}
	db := stdlib.OpenDBFromPool(s.pool)
	defer db.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, fsys, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "0A000" || strings.Contains(err.Error(), `extension "vector" is not available`) {
			return socle.Errorf(socle.EUNAVAILABLE, "the pgvector extension is not installed on the database server: install it (Debian: postgresql-15-pgvector, or `make provision`), then start again")
		}
		if errors.As(err, &pgErr) && pgErr.Code == "42501" {
			return socle.Errorf(socle.EUNAVAILABLE, "the database user may not create the schema or the vector extension: run `CREATE EXTENSION vector` as a superuser once, or grant the rights (%s)", pgErr.Message)
		}
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	return nil
}

// redact returns err's text without anything that could be a password.
func redact(err error) string {
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return netErr.Err.Error()
	}
	msg := err.Error()
	if i := strings.Index(msg, "password="); i >= 0 {
		msg = msg[:i] + "password=xxxxx"
	}
	return msg
}

// Close stops the outage probe and closes the pool.
func (s *Store) Close() error {
	s.outage.close()
	s.pool.Close()
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return &socle.Error{Kind: socle.EUNAVAILABLE, Message: "database unreachable: " + redact(err),
			Err: errors.Join(socle.ErrDatabaseUnavailable, err)}
	}
	return nil
}

// Pool gives other parts of the PostgreSQL mode (the vector index) the same connections.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// inTx runs fn in a transaction, committed if fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return wrap(pgx.BeginFunc(ctx, s.pool, fn))
}

// wrap gives database errors their kind. Errors that already have one pass through.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	var se *socle.Error
	if errors.As(err, &se) {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return &socle.Error{Kind: socle.ECONFLICT, Message: conflictMessage(pgErr.ConstraintName), Err: err}
		case "23503":
			return &socle.Error{Kind: socle.ENOTFOUND, Message: missingMessage(pgErr.ConstraintName), Err: err}
		}
		if !unreachable(err) {
			return fmt.Errorf("postgres: %w", err)
		}
	}
	if unreachable(err) {
		return &socle.Error{Kind: socle.EUNAVAILABLE,
			Message: "the database cannot be reached: the service is interrupted and comes back by itself when it answers again; try again in a moment",
			Err:     errors.Join(socle.ErrDatabaseUnavailable, err)}
	}
	return fmt.Errorf("postgres: %w", err)
}

func conflictMessage(constraint string) string {
	switch constraint {
	case "orgs_slug_key":
		return "an organization with this slug exists already: choose another slug"
	case "users_email_key":
		return "a user with this email exists already"
	case "guides_org_id_slug_key":
		return "a guide with this slug exists already in this organization: choose another slug or add a version to it"
	case "versions_one_published":
		return "another version of this guide was published at the same time: try again"
	}
	return "this object exists already"
}

func missingMessage(constraint string) string {
	switch {
	case strings.HasSuffix(constraint, "_org_id_fkey"):
		return "organization not found"
	case strings.HasSuffix(constraint, "_user_id_fkey"):
		return "user not found"
	}
	return "a referenced object was not found"
}

// notFound turns pgx.ErrNoRows into ENOTFOUND with the given message.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return socle.Errorf(socle.ENOTFOUND, format, args...)
	}
	return wrap(err)
}

// querier is what a pool and a transaction share.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// orgExists returns ENOTFOUND when orgID names no organization. Lists call it only when they
// come back empty, so that listing an unknown organization is an error in both stores without
// costing a query in the common case.
func orgExists(ctx context.Context, q querier, orgID string) error {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM orgs WHERE id = $1`, orgID).Scan(&one)
	return notFound(err, "organization %q not found", orgID)
}

// audit writes an event in the transaction of the change it records.
func audit(ctx context.Context, q querier, orgID, action, kind, objectID, detail string) error {
	var org any
	if orgID != "" {
		org = orgID
	}
	_, err := q.Exec(ctx, `INSERT INTO audit_events (id, org_id, actor, action, object_kind, object_id, detail, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		newID(), org, socle.ActorFrom(ctx), action, kind, objectID, detail, socle.Now())
	return err
}
