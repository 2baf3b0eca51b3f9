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
// column has it in its primary key and in each of its unique constraints (a distributed table
// can enforce only those), unless it is a listed exception; and that each exception is still
// one.
func TestOrganizationInPrimaryKeys(t *testing.T) {
	s, _ := openSchema(t)
	rows, err := s.Pool().Query(context.Background(), `
		SELECT c.relname, ic.relname, i.indisprimary,
		       (SELECT array_agg(a.attname::text ORDER BY k.ord)
		        FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
		        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisunique
		LEFT JOIN pg_class ic ON ic.oid = i.indexrelid
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
		  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped)
		ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}    // tables with an organization column
	keyed := map[string]bool{}   // … whose primary key holds it
	lacking := map[string]bool{} // … with a primary key or unique constraint without it
	var missing []string
	for rows.Next() {
		var table string
		var index *string
		var primary *bool
		var cols []string
		if err := rows.Scan(&table, &index, &primary, &cols); err != nil {
			t.Fatal(err)
		}
		seen[table] = true
		if index == nil {
			continue
		}
		has := false
		for _, col := range cols {
			has = has || col == "org_id"
		}
		if *primary && has {
			keyed[table] = true
		}
		if !has {
			lacking[table] = true
			if _, excepted := orgKeyExceptions[table]; !excepted {
				missing = append(missing, table+"."+*index+" ("+strings.Join(cols, ", ")+")")
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(seen) < 20 {
		t.Fatalf("only %d tables with an organization found: is the schema migrated?", len(seen))
	}
	for table := range seen {
		if _, excepted := orgKeyExceptions[table]; !keyed[table] && !excepted {
			missing = append(missing, table+" (no primary key with org_id)")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("keys of tables of an organization's data without the organization: %s; "+
			"put org_id in them (in a migration) or list the table in orgKeyExceptions with the reason", strings.Join(missing, ", "))
	}
	var stale []string
	for table := range orgKeyExceptions {
		if !seen[table] || !lacking[table] {
			stale = append(stale, table)
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		t.Errorf("orgKeyExceptions lists tables that no longer exist, have no organization, or have it in every key: %v", stale)
	}
}
