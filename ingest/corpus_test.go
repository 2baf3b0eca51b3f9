package ingest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// TestCorpusExplore prints what the readers make of corpus files matched by $INGEST_EXPLORE (a
// glob), to look at heading trees by eye. It does nothing otherwise.
func TestCorpusExplore(t *testing.T) {
	glob := os.Getenv("INGEST_EXPLORE")
	if glob == "" {
		t.Skip("set INGEST_EXPLORE to a glob of files to print their section trees")
	}
	files, _ := filepath.Glob(glob)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := File(context.Background(), filepath.Base(f), data, Options{})
		if err != nil {
			t.Logf("%s: %v", f, err)
			continue
		}
		t.Logf("%s: title %q, %d sections, problems %v", filepath.Base(f), doc.Title, len(doc.Sections), doc.Problems)
		for _, s := range doc.Sections {
			t.Logf("  %-50s lines %d-%d, %d passages: %s", s.ID, s.LineStart, s.LineEnd, len(s.Passages), strings.Join(s.Path, " > "))
		}
	}
}

// servicePublicLines returns the first n non-blank lines of a fiche, trimmed.
func firstLines(text string, n int) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = collapseSpaces(l); l != "" {
			out = append(out, l)
			if len(out) == n {
				break
			}
		}
	}
	return out
}

// TestCorpusServicePublic reads all 3,588 service-public.fr fiches. Each must read without
// error into well-formed sections; each fiche with text past its breadcrumb must give sections
// whose paths start with the breadcrumb (the fiche's first three lines: situation, section,
// case), but for the few whose breadcrumb lines end like sentences; a handful of fiches,
// read by hand, must give exactly the heading tree written below.
func TestCorpusServicePublic(t *testing.T) {
	dir := corpusDir(t, "guides/service-public-fiches-2020/flat_txts")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3588 {
		t.Errorf("got %d fiches, want 3588", len(files))
	}
	var withText, underCrumb, sections, inner int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		doc, err := File(context.Background(), name, data, Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkSections(t, name, doc.Sections)
		crumb := firstLines(string(data), 4)
		if len(crumb) < 4 {
			continue // breadcrumb only: no text to cite
		}
		withText++
		sections += len(doc.Sections)
		ok := len(doc.Sections) > 0
		for _, s := range doc.Sections {
			if len(s.Path) < 3 || s.Path[0] != crumb[0] || s.Path[1] != crumb[1] || s.Path[2] != crumb[2] {
				ok = false
			}
			if len(s.Path) > 3 {
				inner++
			}
		}
		if ok {
			underCrumb++
		}
	}
	t.Logf("%d fiches with text, %d of them with all sections under the breadcrumb; %d sections, %d under an inner heading", withText, underCrumb, sections, inner)
	if underCrumb*100 < withText*99 {
		t.Errorf("only %d of %d fiches have every section under their breadcrumb, want 99%%", underCrumb, withText)
	}
}

// TestCorpusServicePublicTrees checks fiches read by hand: their heading trees, breadcrumb
// included, are exactly these.
func TestCorpusServicePublicTrees(t *testing.T) {
	dir := corpusDir(t, "guides/service-public-fiches-2020/flat_txts")
	tests := []struct {
		file  string
		paths []string
	}{
		{"F3030_fonction-publiq--restructuration_--restructuration.txt", []string{
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > De quoi s'agit-il ?",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Services concernés",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Agents concernés",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Réaffectation de l'agent dans la fonction publique d’État",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Dispositifs d'accompagnement pour retrouver un emploi",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Accompagnement personnalisé",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Accès prioritaire à des formations",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Congé de transition professionnelle",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Mise à disposition dans le secteur privé",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Dispositifs financiers d'accompagnement",
			"Fonction publique d'État (FPE) > Restructuration de service > Restructuration de service > Dispositions spécifiques aux fonctionnaires occupant un emploi fonctionnel",
		}},
		{"F1643_cdd--rupture-anticip_--rupture-par-le-.txt", []string{
			"CDD > Rupture anticipée > Rupture par le salarié > Procédure",
			"CDD > Rupture anticipée > Rupture par le salarié > Délai de prévenance",
		}},
		{"F2232_depuis-la-front--1ere-etape-dema_--vous-etes-place.txt", []string{
			"Depuis la frontière > 1ère étape : démarche auprès de la police aux frontières (ou de la préfecture) > Vous êtes placé en zone d'attente",
			"Depuis la frontière > 1ère étape : démarche auprès de la police aux frontières (ou de la préfecture) > Vous êtes placé en zone d'attente > Vous êtes autorisé à entrer en France",
			"Depuis la frontière > 1ère étape : démarche auprès de la police aux frontières (ou de la préfecture) > Vous êtes placé en zone d'attente > Vous n'êtes pas autorisé à entrer en France > Information",
			"Depuis la frontière > 1ère étape : démarche auprès de la police aux frontières (ou de la préfecture) > Vous êtes placé en zone d'attente > Vous n'êtes pas autorisé à entrer en France > Motifs de refus",
			"Depuis la frontière > 1ère étape : démarche auprès de la police aux frontières (ou de la préfecture) > Vous êtes placé en zone d'attente > Vous n'êtes pas autorisé à entrer en France > Recours",
		}},
		{"F10009_apa-a-domicile--demande_--a-paris.txt", []string{
			"Apa à domicile > Demande > À Paris > En ligne",
			"Apa à domicile > Demande > À Paris > Dossier papier",
		}},
		{"F543_hospitaliere-fp--fin-du-detachem_--a-la-demande-du.txt", []string{
			"Hospitalière (FPH) > Fin du détachement > À la demande du fonctionnaire > Cas général",
			"Hospitalière (FPH) > Fin du détachement > À la demande du fonctionnaire > Détachement dans un État de l'UE ou de l'EEE",
		}},
		{"F2529_en-labsence-de---parts-dheritage_--le-defunt-a-eu-.txt", []string{
			"En l'absence de testament > Parts d'héritage > le défunt a eu des enfants > Défunt marié",
			"En l'absence de testament > Parts d'héritage > le défunt a eu des enfants > Défunt non marié",
		}},
		{"F1382_pour-une-affair--audience-et-eff_--vous-etes-repre.txt", []string{
			"Pour une affaire pénale > Audience et effets de la décision > Vous êtes représenté par un avocat",
		}},
		{"F10009_apa-a-domicile--revision-du-mon_--a-paris.txt", nil}, // the breadcrumb alone
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := File(context.Background(), tt.file, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, s := range doc.Sections {
				// The fiches put no-break spaces before "?" and ":"; compare words.
				paths = append(paths, strings.ReplaceAll(strings.Join(s.Path, " > "), "\u00a0", " "))
			}
			if strings.Join(paths, "\n") != strings.Join(tt.paths, "\n") {
				t.Errorf("heading paths:\n%s\nwant:\n%s", strings.Join(paths, "\n"), strings.Join(tt.paths, "\n"))
			}
		})
	}
}

// TestCorpusWebrsa reads the 86 pages of the RSA caseworker guide. Each page reads into
// well-formed sections, and pages read by hand give exactly these trees.
func TestCorpusWebrsa(t *testing.T) {
	dir := corpusDir(t, "guides/webrsa-didacticiel/md")
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 86 {
		t.Errorf("got %d pages, want 86", len(files))
	}
	trees := map[string][]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		doc, err := File(context.Background(), name, data, Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkSections(t, name, doc.Sections)
		for _, s := range doc.Sections {
			trees[name] = append(trees[name], strings.Join(s.Path, " > "))
		}
	}
	want := map[string][]string{
		"openoff.md":     {"Bureautique : OpenOffice", "Bureautique : OpenOffice > Modifier les formats de date et d'heure."},
		"statspbb.md":    {"Les statistiques : Les tableaux B3", "Les statistiques : Les tableaux B3 > Champs à remplir dans webRSA"},
		"cpaffectref.md": {"", "Affecter un référent"}, // a line of text before the first heading
		"cloref.md":      {"Le tableau de suivi"},      // "Affecter un référent" has no text of its own
		"crecer.md":      {"Saisie du CER"},            // its "- 2.1 …" lines are list items, not headings
		"didacticiel.md": {""},                         // no heading at all
	}
	for name, w := range want {
		if got := trees[name]; strings.Join(got, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s: heading paths %q, want %q", name, got, w)
		}
	}
}

// TestCorpusAidesJeunes imports the 552 benefits of the aides-jeunes simulator.
func TestCorpusAidesJeunes(t *testing.T) {
	dir := corpusDir(t, "catalogs/aides-jeunes")
	data, err := os.ReadFile(filepath.Join(dir, "benefits.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := File(context.Background(), "benefits.jsonl", data, Options{Kind: "catalog"})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Services) != 552 {
		t.Fatalf("%d services, want 552 (problems: %v)", len(doc.Services), doc.Problems)
	}
	if len(doc.Problems) != 0 {
		t.Errorf("problems: %v", doc.Problems)
	}
	byID := map[string]int{}
	placed, aged := 0, 0
	for i, s := range doc.Services {
		byID[s.ID] = i
		if s.Name == "" || s.Description == "" || s.Provider == "" {
			t.Errorf("%s: name %q, description %d bytes, provider %q", s.ID, s.Name, len(s.Description), s.Provider)
		}
		if len(s.Territories) > 0 {
			placed++
		}
		if s.AgeMin > 0 || s.AgeMax > 0 {
			aged++
		}
		if s.AgeMax > 0 && s.AgeMin > s.AgeMax {
			t.Errorf("%s: ages %d-%d", s.ID, s.AgeMin, s.AgeMax)
		}
	}
	if len(byID) != 552 {
		t.Errorf("%d distinct ids, want 552", len(byID))
	}
	// 394 age conditions spread over the benefits; the territory is unknown only for benefits of
	// communes and EPCIs without a territorial condition.
	t.Logf("%d benefits with a territory, %d with an age bound", placed, aged)
	if placed < 480 || aged < 250 {
		t.Errorf("%d benefits placed, %d with ages: too few", placed, aged)
	}
	check := func(id string, f func(s socle.Service) bool, what string) {
		t.Helper()
		i, ok := byID[id]
		if !ok {
			t.Errorf("no service %s", id)
			return
		}
		if s := doc.Services[i]; !f(s) {
			t.Errorf("%s: want %s, got %+v", id, what, s)
		}
	}
	check("aide-au-bafa-pour-une-session-dapprofondissement-ou-de-qualification-caf-de-la-haute-savoie", func(s socle.Service) bool {
		return s.AgeMin == 16 && s.AgeMax == 0 && reflect.DeepEqual(s.Territories, []string{"74"}) && s.Provider == "CAF de la Haute-Savoie"
	}, "16 and over, in 74, by the CAF")
	check("aide-colocations-solidaire-pour-les-etudiants", func(s socle.Service) bool {
		return s.AgeMin == 18 && s.AgeMax == 30 && strings.Contains(s.Eligibility, "Avoir entre 18 et 30 ans")
	}, "18 to 30")
	check("auvergne-rhone-alpes-bourse-merite", func(s socle.Service) bool {
		return reflect.DeepEqual(s.Territories, []string{"R84"})
	}, "région 84")
}

// TestCorpusDataInclusionVocabulary: the vocabularies built in match the schema's.
func TestCorpusDataInclusionVocabulary(t *testing.T) {
	dir := corpusDir(t, "catalogs/data-inclusion-schema/schemas/v1/extra")
	for _, v := range []struct {
		file string
		got  []vocabEntry
	}{{"thematiques.json", thematiques()}, {"publics.json", publics()}} {
		data, err := os.ReadFile(filepath.Join(dir, v.file))
		if err != nil {
			t.Fatal(err)
		}
		var want []vocabEntry
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(v.got, want) {
			t.Errorf("%s: the built-in list (%d entries) differs from the schema's (%d)", v.file, len(v.got), len(want))
		}
	}
}
