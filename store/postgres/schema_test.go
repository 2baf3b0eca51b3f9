package postgres_test

import (
	"context"
	"sort"
	"strings"
	"testing"
)

// orgKeyExceptions are the tables with an organization column whose primary key may lack it,
// and why. Everything else of one organization's data is keyed by the organization first, so
// that a distributed PostgreSQL (Citus) can shard the schema by organization
// (docs/change-feed.md, docs/scale-out.md).
var orgKeyExceptions = map[string]string{
	"sessions": "looked up by the hash of the browser's token before the organization is known " +
		"(the token is what names it); a sharded deployment keeps it as a reference table",
	"api_tokens": "looked up by the hash of the token before the organization is known, like sessions",
	"one_time_links": "looked up by the hash of the link's token before the organization is known, " +
		"like sessions",
	"audit_events": "also holds events outside any organization (org_id null: a user created " +
		"from the command line), which no key with the organization could hold",
	"index_changes": "the change feed is one ordered log for the deployment, applied by servers " +
		"that index every organization (feed.go)",
}

// TestOrganizationInPrimaryKeys checks on the migrated schema that every table with an org_id
// column has it in its primary key, unless it is a listed exception; and that each exception
// is still one.
func TestOrganizationInPrimaryKeys(t *testing.T) {
	s, _ := openSchema(t)
	rows, err := s.Pool().Query(context.Background(), `
		SELECT c.relname,
		       coalesce((SELECT array_agg(a.attname::text ORDER BY k.ord)
		                 FROM pg_index i
		                 CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
		                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		                 WHERE i.indrelid = c.oid AND i.indisprimary), '{}')
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
		  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped)
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var missing []string
	for rows.Next() {
		var table string
		var pk []string
		if err := rows.Scan(&table, &pk); err != nil {
			t.Fatal(err)
		}
		seen[table] = true
		has := false
		for _, col := range pk {
			has = has || col == "org_id"
		}
		_, excepted := orgKeyExceptions[table]
		switch {
		case !has && !excepted:
			missing = append(missing, table+" ("+strings.Join(pk, ", ")+")")
		case has && excepted:
			t.Errorf("table %s has the organization in its primary key now: remove it from orgKeyExceptions", table)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(seen) < 20 {
		t.Fatalf("only %d tables with an organization found: is the schema migrated?", len(seen))
	}
	if len(missing) > 0 {
		t.Errorf("tables of an organization's data without the organization in their primary key: %s; "+
			"put org_id in the key (in a migration) or list the table in orgKeyExceptions with the reason", strings.Join(missing, ", "))
	}
	var gone []string
	for table := range orgKeyExceptions {
		if !seen[table] {
			gone = append(gone, table)
		}
	}
	sort.Strings(gone)
	if len(gone) > 0 {
		t.Errorf("orgKeyExceptions lists tables that no longer exist or have no organization: %v", gone)
	}
}
