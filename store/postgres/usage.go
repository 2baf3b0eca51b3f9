package postgres

import (
	"context"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/socle-project/socle"
)

// usageData is what an event holds beyond its columns.
type usageData struct {
	Needs    []socle.NeedUse      `json:"needs,omitempty"`
	Cited    []socle.CitedSection `json:"cited,omitempty"`
	Services []string             `json:"services,omitempty"`
	Query    string               `json:"query,omitempty"`
	Found    bool                 `json:"found,omitempty"`
	Verdict  socle.Verdict        `json:"verdict,omitempty"`
	Comment  string               `json:"comment,omitempty"`
	Passages []socle.PassageUse   `json:"passages,omitempty"`
}

// RecordUsage writes events and adds their counts to each day's tallies.
func (s *Store) RecordUsage(ctx context.Context, events []socle.UsageEvent) error {
	for i := range events {
		if err := events[i].Validate(); err != nil {
			return err
		}
	}
	// Tallies are summed before writing: one upsert per key, in a fixed order so that two
	// servers recording at once lock rows in the same order.
	type dayKey struct {
		org  string
		day  time.Time
		kind string
		key  string
	}
	sums := map[dayKey]*socle.UsageCount{}
	var order []dayKey
	batch := &pgx.Batch{}
	for i := range events {
		e := &events[i]
		e.ID = newID()
		if e.At.IsZero() {
			e.At = socle.Now()
		}
		data := usageData{e.Needs, e.Cited, e.Services, e.Query, e.Found, e.Verdict, e.Comment, e.Passages}
		batch.Queue(`INSERT INTO usage_events (org_id, at, id, kind, user_id, data) VALUES ($1, $2, $3, $4, $5, $6)`,
			e.OrgID, e.At, e.ID, e.Kind, e.UserID, data)
		for _, c := range e.Counts() {
			k := dayKey{c.OrgID, c.Day, c.Kind, c.Key}
			if sum, ok := sums[k]; ok {
				sum.N, sum.M = sum.N+c.N, sum.M+c.M
				continue
			}
			cc := c
			sums[k] = &cc
			order = append(order, k)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.org != b.org {
			return a.org < b.org
		}
		if !a.day.Equal(b.day) {
			return a.day.Before(b.day)
		}
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		return a.key < b.key
	})
	for _, k := range order {
		c := sums[k]
		batch.Queue(`INSERT INTO usage_days (org_id, day, kind, key, n, m) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (org_id, day, kind, key) DO UPDATE SET n = usage_days.n + excluded.n, m = usage_days.m + excluded.m`,
			c.OrgID, c.Day, c.Kind, c.Key, c.N, c.M)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		return tx.SendBatch(ctx, batch).Close()
	})
}

// UsageCounts lists tallies of days in [from, to), by day then kind then key.
func (s *Store) UsageCounts(ctx context.Context, orgID string, from, to time.Time, kinds ...string) ([]socle.UsageCount, error) {
	rows, err := s.pool.Query(ctx, `SELECT day, kind, key, n, m FROM usage_days
		WHERE org_id = $1 AND day >= $2::date AND day::timestamp < $3::timestamptz AT TIME ZONE 'UTC' AND (cardinality($4::text[]) = 0 OR kind = ANY($4))
		ORDER BY day, kind COLLATE "C", key COLLATE "C"`, orgID, socle.Day(from), to, nonNilStrings(kinds))
	if err != nil {
		return nil, wrap(err)
	}
	cs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.UsageCount, error) {
		c := socle.UsageCount{OrgID: orgID}
		err := r.Scan(&c.Day, &c.Kind, &c.Key, &c.N, &c.M)
		c.Day = socle.Day(c.Day)
		return c, err
	})
	if err == nil && len(cs) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return cs, wrap(err)
}

// UsageTotals sums the period's tallies per kind and key, in the database: a quarter of a busy
// organization is tens of thousands of daily rows, and a few thousand sums.
func (s *Store) UsageTotals(ctx context.Context, orgID string, from, to time.Time, kinds ...string) ([]socle.UsageCount, error) {
	rows, err := s.pool.Query(ctx, `SELECT kind, key, sum(n)::bigint, sum(m)::bigint FROM usage_days
		WHERE org_id = $1 AND day >= $2::date AND day::timestamp < $3::timestamptz AT TIME ZONE 'UTC' AND (cardinality($4::text[]) = 0 OR kind = ANY($4))
		GROUP BY kind, key ORDER BY kind COLLATE "C", key COLLATE "C"`, orgID, socle.Day(from), to, nonNilStrings(kinds))
	if err != nil {
		return nil, wrap(err)
	}
	cs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.UsageCount, error) {
		c := socle.UsageCount{OrgID: orgID}
		err := r.Scan(&c.Kind, &c.Key, &c.N, &c.M)
		return c, err
	})
	if err == nil && len(cs) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return cs, wrap(err)
}

// UsageEvents lists events, newest first.
func (s *Store) UsageEvents(ctx context.Context, orgID string, f socle.UsageFilter) ([]socle.UsageEvent, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	to := f.To
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	rows, err := s.pool.Query(ctx, `SELECT id, org_id, user_id, kind, at, data FROM usage_events
		WHERE org_id = $1 AND at >= $2 AND at < $3 AND ($4 = '' OR kind = $4) AND (NOT $6 OR coalesce(data->>'comment', '') <> '')
		ORDER BY at DESC, id DESC LIMIT $5`,
		orgID, f.From, to, string(f.Kind), limit, f.Commented)
	if err != nil {
		return nil, wrap(err)
	}
	es, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (socle.UsageEvent, error) {
		var e socle.UsageEvent
		var d usageData
		err := r.Scan(&e.ID, &e.OrgID, &e.UserID, &e.Kind, &e.At, &d)
		e.Needs, e.Cited, e.Services, e.Query, e.Found, e.Verdict, e.Comment, e.Passages = d.Needs, d.Cited, d.Services, d.Query, d.Found, d.Verdict, d.Comment, d.Passages
		return e, err
	})
	if err == nil && len(es) == 0 {
		return nil, orgExists(ctx, s.pool, orgID)
	}
	return es, wrap(err)
}

// DeleteUsage removes events before the time given, and the tallies of the days wholly before.
func (s *Store) DeleteUsage(ctx context.Context, orgID string, before time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM usage_events WHERE org_id = $1 AND at < $2`, orgID, before)
		if err != nil {
			return err
		}
		n = tag.RowsAffected()
		_, err = tx.Exec(ctx, `DELETE FROM usage_days WHERE org_id = $1 AND day < $2::date`, orgID, socle.Day(before))
		return err
	})
	if err == nil && n == 0 {
		err = orgExists(ctx, s.pool, orgID)
	}
	return int(n), err
}
