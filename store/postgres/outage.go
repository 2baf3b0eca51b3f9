package postgres

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/socle-project/socle"
)

// How a server lives through a database outage (PostgreSQL restarting, a failover, the network
// cut): every error that says the database cannot be reached becomes EUNAVAILABLE, and the
// first one closes a gate that makes the next requests fail at once (the web layer asks
// Unavailable before doing anything) instead of each waiting for a connection timeout. While
// the gate is closed, one probe pings the database every probeEvery; its first success
// opens the gate again. Nothing is retried behind the caller's back: a transaction cut off
// either committed whole or not at all, and the caller is told it failed.

// probeEvery is how often the database is pinged while it is down; probeTimeout how long one
// ping may take.
const (
	probeEvery   = 500 * time.Millisecond
	probeTimeout = 2 * time.Second
)

// outage is the store's knowledge of whether the database answers.
type outage struct {
	down    atomic.Bool
	since   atomic.Int64 // unix nanoseconds of the first failure of the current outage
	probing atomic.Bool
	cause   atomic.Value                 // string: the last failure, for the log and the readiness probe
	pool    atomic.Pointer[pgxpool.Pool] // set once the store is open: the probe pings it
	ctx     context.Context              // ends when the store closes
	stop    context.CancelFunc
	wg      sync.WaitGroup
	// onChange, if set, is told when the database goes down (false) and comes back (true).
	onChange atomic.Pointer[func(up bool, down time.Duration)]
}

func (o *outage) changed(up bool, down time.Duration) {
	if f := o.onChange.Load(); f != nil {
		(*f)(up, down)
	}
}

func newOutage() *outage {
	o := &outage{}
	o.ctx, o.stop = context.WithCancel(context.Background())
	return o
}

// close stops the probe.
func (o *outage) close() {
	o.stop()
	o.wg.Wait()
}

// failed notes err if it says the database cannot be reached, and starts the probe. A failure
// after the caller gave up (its context ended) says nothing of the database.
func (o *outage) failed(ctx context.Context, err error) {
	if err == nil || ctx.Err() != nil || o.ctx.Err() != nil || !unreachable(err) {
		return
	}
	o.cause.Store(redact(err))
	if o.down.CompareAndSwap(false, true) {
		o.since.Store(time.Now().UnixNano())
		o.changed(false, 0)
	}
	if o.pool.Load() != nil && o.probing.CompareAndSwap(false, true) {
		o.wg.Go(o.probe)
	}
}

// probe pings the database until it answers, then opens the gate. The first ping goes at once:
// a connection broken by a restart already over is one failure, not an outage.
func (o *outage) probe() {
	defer o.probing.Store(false)
	t := time.NewTicker(probeEvery)
	defer t.Stop()
	for first := true; ; first = false {
		if !first {
			select {
			case <-o.ctx.Done():
				return
			case <-t.C:
			}
		}
		ctx, cancel := context.WithTimeout(o.ctx, probeTimeout)
		err := o.pool.Load().Ping(ctx)
		cancel()
		if err == nil {
			if o.down.CompareAndSwap(true, false) {
				o.changed(true, time.Since(time.Unix(0, o.since.Load())))
			}
			return
		}
		o.cause.Store(redact(err))
	}
}

// err returns the error requests get while the database is down, nil when it answers.
func (o *outage) err() error {
	if !o.down.Load() {
		return nil
	}
	cause, _ := o.cause.Load().(string)
	return &socle.Error{Kind: socle.EUNAVAILABLE,
		Message: "the database cannot be reached: the service is interrupted and comes back by itself when it answers again; try again in a moment",
		Err:     errors.Join(socle.ErrDatabaseUnavailable, errors.New(cause))}
}

// Unavailable returns EUNAVAILABLE at once while the database is known to be down (since a
// request failed to reach it and no probe has reached it since), nil otherwise. It never waits.
func (s *Store) Unavailable() error { return s.outage.err() }

// OnOutage sets a function told when the database goes down and when it comes back (with how
// long it was down), for the log and the metrics. Set it before serving.
func (s *Store) OnOutage(f func(up bool, down time.Duration)) { s.outage.onChange.Store(&f) }

// unreachable reports whether err says the database cannot be reached, rather than that a
// statement was wrong: the connection refused, reset or cut, the server shutting down or
// starting up, too many connections.
func unreachable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case len(pgErr.Code) == 5 && pgErr.Code[:2] == "08": // connection exception
			return true
		case pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03": // admin shutdown, crash shutdown, cannot connect now
			return true
		case pgErr.Code == "53300": // too many connections
			return true
		}
		return false
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connErr) || errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pgconn.ErrConnClosed) ||
		err.Error() == "conn closed"
}

// tracer watches every connection attempt and statement of the pool for failures that say the
// database cannot be reached, so that the gate closes whichever store method met them.
type tracer struct{ o *outage }

func (t tracer) TraceAcquireStart(ctx context.Context, _ *pgxpool.Pool, _ pgxpool.TraceAcquireStartData) context.Context {
	return ctx
}

func (t tracer) TraceAcquireEnd(ctx context.Context, _ *pgxpool.Pool, d pgxpool.TraceAcquireEndData) {
	t.o.failed(ctx, d.Err)
}

func (t tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return ctx
}

func (t tracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryEndData) {
	t.o.failed(ctx, d.Err)
}

func (t tracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (t tracer) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	t.o.failed(ctx, d.Err)
}

func (t tracer) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchEndData) {
	t.o.failed(ctx, d.Err)
}

func (t tracer) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromStartData) context.Context {
	return ctx
}

func (t tracer) TraceCopyFromEnd(ctx context.Context, _ *pgx.Conn, d pgx.TraceCopyFromEndData) {
	t.o.failed(ctx, d.Err)
}
