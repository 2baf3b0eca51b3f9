package web_test

import (
	"context"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/store/embedded"
	"github.com/socle-project/socle/store/postgres"
)

// planted identifiers of people helped: none may be found, after the flow, in the store, the
// indexes or the logs.
var planted = []string{"Sophie", "Garnier", "Lucas", "06 12 34 56 78", "0612345678", "sophie.garnier@example.fr",
	"2 84 05 75 112 233 45", "284057511223345", "FR76 3000 6000 0112 3456 7890 189", "12 rue des Lilas", "03/05/1984",
	"Clothilde", "Varenne", "Fontaine", "07 98 76 54 32"}

const privateCase = "Mme Sophie GARNIER, née le 03/05/1984, vit au 12 rue des Lilas, 38000 Grenoble avec son fils Lucas. " +
	"Joignable au 06 12 34 56 78 ou à sophie.garnier@example.fr. NIR 2 84 05 75 112 233 45, IBAN FR76 3000 6000 0112 3456 7890 189. " +
	"Elle a trois mois d'impayés de loyer et le bailleur a fait délivrer un commandement de payer."

// leaked returns the planted identifiers found in data, case and accents aside.
func leaked(data []byte) []string {
	text := strings.ToLower(string(data))
	var out []string
	for _, id := range planted {
		if strings.Contains(text, strings.ToLower(id)) {
			out = append(out, id)
		}
	}
	return out
}

// TestNoIdentifierKept makes plans (saved and not), searches, a digest and a verdict with
// realistic French case notes, in both store modes, then searches the bytes of the store, of
// the indexes and of the logs for every identifier planted.
func TestNoIdentifierKept(t *testing.T) {
	for _, mode := range storeModes {
		t.Run(mode.name, func(t *testing.T) {
			s, vectors := mode.open(t)
			tm := newTeam(t, s, vectors)
			tm.publishGuide(t)
			for _, save := range []string{"true", "false"} {
				code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans", `{"situation": "`+privateCase+`", "facts": {"household": "Mme Garnier et Lucas"}, "save": `+save+`}`)
				if code != 200 {
					t.Fatalf("plan: %d %s", code, b)
				}
				if save == "true" {
					id := decode[struct{ ID string }](t, b).ID
					if code, b := tm.call(t, "caseworker", "POST", "/api/v1/plans/"+id+"/feedback",
						`{"step": 0, "verdict": "wrong", "comment": "Voir avec Mme Claire Fontaine au 07 98 76 54 32 avant."}`); code != 204 {
						t.Fatalf("feedback: %d %s", code, b)
					}
				}
			}
			tm.call(t, "caseworker", "GET", "/api/v1/search?q="+url.QueryEscape("impayés Mme Clothilde Varenne 06 12 34 56 78"), nil)
			tm.call(t, "caseworker", "POST", "/api/v1/digests", `{"notes": [{"date": "2026-11-02", "text": "`+privateCase+`"}]}`)
			tm.usage.Flush()

			checkNoIdentifier(t, tm, s)
		})
	}
}

// checkNoIdentifier searches the logs, the search indexes and the store's bytes (every table in
// PostgreSQL) for the planted identifiers.
func checkNoIdentifier(t *testing.T, tm *team, s socle.Store) {
	t.Helper()
	if found := leaked([]byte(tm.logs.String())); len(found) > 0 {
		t.Errorf("the logs hold %v", found)
	}
	filepath.WalkDir(tm.index, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil {
			if found := leaked(data); len(found) > 0 {
				t.Errorf("index file %s holds %v", path, found)
			}
		}
		return nil
	})
	switch st := s.(type) {
	case *embedded.Store:
		// bbolt writes pages as they are: the identifiers would be in the file's bytes.
		data, err := os.ReadFile(st.Path())
		must(t, err)
		if found := leaked(data); len(found) > 0 {
			t.Errorf("the store file holds %v", found)
		}
	case *postgres.Store:
		ctx := context.Background()
		rows, err := st.Pool().Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
		must(t, err)
		var tables []string
		for rows.Next() {
			var name string
			rows.Scan(&name)
			tables = append(tables, name)
		}
		rows.Close()
		if len(tables) < 10 {
			t.Fatalf("found %d tables to search", len(tables))
		}
		for _, table := range tables {
			var dump string
			must(t, st.Pool().QueryRow(ctx, `SELECT coalesce(string_agg(t::text, E'\n'), '') FROM `+table+` t`).Scan(&dump))
			if found := leaked([]byte(dump)); len(found) > 0 {
				t.Errorf("table %s holds %v", table, found)
			}
		}
	}
}
