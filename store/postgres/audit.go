package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

// AppendAudit records an event that is not the side effect of a store change.
func (s *Store) AppendAudit(ctx context.Context, e *socle.AuditEvent) error {
	if e.Action == "" {
		return socle.Errorf(socle.EINVALID, "audit event has no action")
	}
	n := *e
	n.ID, n.At = newID(), socle.Now()
	if n.Actor == "" {
		n.Actor = socle.ActorFrom(ctx)
	}
	var org any
	if n.OrgID != "" {
		org = n.OrgID
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO audit_events (id, org_id, actor, action, object_kind, object_id, detail, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, n.ID, org, n.Actor, n.Action, n.ObjectKind, n.ObjectID, n.Detail, n.At)
	if err != nil {
		return wrap(err)
	}
	*e = n
	return nil
}

// Audit lists the organization's events, newest first.
func (s *Store) Audit(ctx context.Context, orgID string, f socle.AuditFilter) ([]socle.AuditEvent, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	action, prefix := f.Action, ""
	if strings.HasSuffix(action, ".") {
		action, prefix = "", f.Action
	}
	rows, err := s.pool.Query(ctx, `SELECT id, org_id, actor, action, object_kind, object_id, detail, at FROM audit_events
		WHERE org_id = $1 AND ($2 = '' OR object_id = $2) AND ($4 = '' OR actor = $4) AND ($5 = '' OR object_kind = $5)
		AND ($6 = '' OR action = $6) AND ($7 = '' OR starts_with(action, $7))
		AND ($8::timestamptz IS NULL OR at >= $8) AND ($9::timestamptz IS NULL OR at < $9)
		ORDER BY seq DESC LIMIT $3`, orgID, f.ObjectID, limit, f.Actor, f.ObjectKind, action, prefix, nullTime(f.Since), nullTime(f.Until))
	if err != nil {
		return nil, wrap(err)
	}
	es, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.AuditEvent, error) {
		var e socle.AuditEvent
		err := r.Scan(&e.ID, &e.OrgID, &e.Actor, &e.Action, &e.ObjectKind, &e.ObjectID, &e.Detail, &e.At)
		return e, err
	})
	if err == nil && len(es) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return es, wrap(err)
}
