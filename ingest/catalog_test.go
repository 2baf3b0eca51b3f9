package ingest

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

func TestParseAgeRange(t *testing.T) {
	tests := []struct {
		in     string
		lo, hi int
		ok     bool
	}{
		{"16-25", 16, 25, true},
		{"16 – 25 ans", 16, 25, true},
		{"de 16 à 25 ans", 16, 25, true},
		{"entre 18 et 30 ans", 18, 30, true},
		{"moins de 26 ans", 0, 25, true},
		{"jusqu'à 25 ans", 0, 25, true},
		{"plus de 60 ans", 61, 0, true},
		{"à partir de 16 ans", 16, 0, true},
		{"dès 3 ans", 3, 0, true},
		{"60 ans et plus", 60, 0, true},
		{"18+", 18, 0, true},
		{"<= 25", 0, 25, true},
		{"<26", 0, 25, true},
		{"≥ 16", 16, 0, true},
		{"> 17", 18, 0, true},
		{"25-16", 0, 0, false},
		{"adultes", 0, 0, false},
		{"18", 0, 0, false},
		{"999+", 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, ok := parseAgeRange(tt.in)
		if ok != tt.ok || (ok && (lo != tt.lo || hi != tt.hi)) {
			t.Errorf("parseAgeRange(%q) = %d, %d, %v; want %d, %d, %v", tt.in, lo, hi, ok, tt.lo, tt.hi, tt.ok)
		}
	}
}

func TestTerritoryCode(t *testing.T) {
	names := territoryNames()
	tests := []struct {
		key, in, code string
		epci, ok      bool
	}{
		{"territoire", "France", "FR", false, true},
		{"zone_eligibilite", "france", "FR", false, true},
		{"zone_eligibilite", "99100", "FR", false, true},
		{"territoire", "74", "74", false, true},
		{"territoire", "2a", "2A", false, true},
		{"territoire", "974", "974", false, true},
		{"region", "84", "R84", false, true},
		{"territoire", "R84", "R84", false, true},
		{"commune", "75056", "C75056", false, true},
		{"territoire", "C2A004", "C2A004", false, true},
		{"zone_eligibilite", "243000643", "", true, true},
		{"territoire", "Haute-Savoie", "74", false, true},
		{"territoire", "CÔTES D'ARMOR", "22", false, true},
		{"territoire", "Auvergne-Rhône-Alpes", "R84", false, true},
		{"territoire", "Département 93", "93", false, true},
		{"territoire", "Région 53", "R53", false, true},
		{"territoire", "La Réunion", "974", false, true},
		{"code postal", "74000", "", false, false},
		{"territoire", "Quartier Nord", "", false, false},
	}
	for _, tt := range tests {
		code, epci, ok := territoryCode(tt.key, tt.in, names)
		if code != tt.code || epci != tt.epci || ok != tt.ok {
			t.Errorf("territoryCode(%q, %q) = %q, %v, %v; want %q, %v, %v", tt.key, tt.in, code, epci, ok, tt.code, tt.epci, tt.ok)
		}
	}
}

// TestCatalogVocabularies: audiences and themes given as codes, labels or common words map to
// the data·inclusion codes; others stay as written.
func TestCatalogVocabularies(t *testing.T) {
	c := newCatalog(Limits{})
	audiences := map[string]string{
		"Demandeurs d’emploi":             "demandeurs-emploi",
		"chômeurs":                        "demandeurs-emploi",
		"Bénéficiaires du RSA":            "beneficiaires-des-minimas-sociaux",
		"personnes-en-situation-durgence": "personnes-en-situation-durgence",
		"Séniors":                         "seniors",
		"Jeunes sportifs":                 "Jeunes sportifs",
	}
	for in, want := range audiences {
		if got := c.audienceCode(in); got != want {
			t.Errorf("audienceCode(%q) = %q, want %q", in, got, want)
		}
	}
	themes := map[string]string{
		"Réduire les impayés de loyer":                 "logement-hebergement--reduire-les-impayes-de-loyer",
		"mobilite--preparer-un-permis":                 "mobilite--preparer-un-permis",
		"Numérique":                                    "numerique",
		"Situation d'endettement ou de surendettement": "difficultes-financieres--situation-dendettement-surendettement",
		"Jardinage":                                    "Jardinage",
	}
	for in, want := range themes {
		if got := c.themeCode(in); got != want {
			t.Errorf("themeCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMarkdownKind: a Markdown file is a guide unless the caller says it is a catalog.
func TestMarkdownKind(t *testing.T) {
	data, err := os.ReadFile("testdata/catalogue.md")
	if err != nil {
		t.Fatal(err)
	}
	guide, err := File(context.Background(), "catalogue.md", data, Options{Kind: socle.KindMethodology})
	if err != nil {
		t.Fatal(err)
	}
	if guide.Format != "markdown" || len(guide.Sections) == 0 || len(guide.Services) != 0 {
		t.Errorf("as a guide: format %q, %d sections, %d services", guide.Format, len(guide.Sections), len(guide.Services))
	}
	cat, err := File(context.Background(), "catalogue.md", data, Options{Kind: socle.KindCatalog})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range cat.Services {
		names = append(names, s.Name)
	}
	if want := []string{"Fonds de solidarité logement", "Médiation locative", "Colis alimentaires"}; cat.Format != "catalog" || !reflect.DeepEqual(names, want) {
		t.Errorf("as a catalog: format %q, services %q, want %q", cat.Format, names, want)
	}
}

// TestCatalogIDs: ids come from the source when it has them (made URL-safe), otherwise from the
// name and provider; they do not depend on the order of the rows.
func TestCatalogIDs(t *testing.T) {
	read := func(csv string) map[string]string {
		t.Helper()
		doc, err := File(context.Background(), "c.csv", []byte(csv), Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, s := range doc.Services {
			m[s.Name+"/"+s.Provider] = s.ID
		}
		return m
	}
	a := read("nom;structure\nAide A;CCAS\nAide B;CAF\nAide A;CAF\n")
	b := read("nom;structure\nAide A;CAF\nAide B;CAF\nAide A;CCAS\n")
	if !reflect.DeepEqual(a, b) {
		t.Errorf("ids depend on row order:\n%v\n%v", a, b)
	}
	if len(a) != 3 {
		t.Errorf("%d distinct services, want 3: %v", len(a), a)
	}
	src := read("id,nom\nabc-1,Aide\nnot safe/é,Autre\n")
	if src["Aide/"] != "abc-1" || !strings.HasPrefix(src["Autre/"], "not-safe-e-") {
		t.Errorf("source ids: %v", src)
	}
}
