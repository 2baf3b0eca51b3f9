package ingest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

func TestSectionize(t *testing.T) {
	h := func(level int, text string) Block { return Block{Kind: BlockHeading, Level: level, Text: text} }
	p := func(text string) Block { return Block{Kind: BlockParagraph, Text: text} }
	tests := []struct {
		name   string
		blocks []Block
		paths  []string // joined with " > "
		texts  []string
	}{
		{"text before any heading is level 0",
			[]Block{p("Avant."), h(1, "Titre"), p("Après.")},
			[]string{"", "Titre"}, []string{"Avant.", "Après."}},
		{"path follows nesting, not numbers",
			[]Block{h(1, "A"), p("a"), h(3, "B"), p("b"), h(2, "C"), p("c"), h(1, "D"), p("d")},
			[]string{"A", "A > B", "A > C", "D"}, []string{"a", "b", "c", "d"}},
		{"heading without text is not a section but stays in the paths",
			[]Block{h(1, "Partie"), h(2, "Chapitre"), p("texte"), h(2, "Vide")},
			[]string{"Partie > Chapitre"}, []string{"texte"}},
		{"paragraphs joined by a blank line, headings cleaned",
			[]Block{h(2, "  Un\n titre  "), p("un"), p("  "), p("deux\n")},
			[]string{"Un titre"}, []string{"un\n\ndeux"}},
		{"empty heading ignored",
			[]Block{h(1, "A"), p("a"), h(1, " "), p("b")},
			[]string{"A"}, []string{"a\n\nb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secs, err := sectionize(tt.blocks, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkSections(t, tt.name, secs)
			var paths, texts []string
			for _, s := range secs {
				paths = append(paths, strings.Join(s.Path, " > "))
				texts = append(texts, s.Text)
			}
			if !reflect.DeepEqual(paths, tt.paths) || !reflect.DeepEqual(texts, tt.texts) {
				t.Errorf("got paths %q texts %q, want %q %q", paths, texts, tt.paths, tt.texts)
			}
		})
	}
}

// TestSectionizePages checks page spans and breaks, as the PDF reader feeds them: a paragraph
// that continues across a page break is joined with a space, and PageAt tells the page of any
// offset, across an empty page too.
func TestSectionizePages(t *testing.T) {
	blocks := []Block{
		{Kind: BlockHeading, Level: 1, Text: "Orientation", Page: 3},
		{Kind: BlockParagraph, Text: "Le référent reçoit la personne et", Page: 3},
		{Kind: BlockParagraph, Text: "vérifie ses droits.", Page: 4, Continues: true},
		{Kind: BlockParagraph, Text: "Après une page blanche.", Page: 6},
		{Kind: BlockHeading, Level: 1, Text: "Suite", Page: 6},
		{Kind: BlockParagraph, Text: "Texte.", Page: 7},
	}
	secs, err := sectionize(blocks, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkSections(t, "pages", secs)
	s := secs[0]
	if want := "Le référent reçoit la personne et vérifie ses droits.\n\nAprès une page blanche."; s.Text != want {
		t.Errorf("text %q, want %q", s.Text, want)
	}
	if s.PageStart != 3 || s.PageEnd != 6 {
		t.Errorf("pages %d-%d, want 3-6", s.PageStart, s.PageEnd)
	}
	for _, c := range []struct {
		quote string
		page  int
	}{{"Le référent", 3}, {"vérifie", 4}, {"Après", 6}} {
		if got := s.PageAt(strings.Index(s.Text, c.quote)); got != c.page {
			t.Errorf("PageAt(%q) = %d, want %d", c.quote, got, c.page)
		}
	}
	// A heading on page 6 whose text starts on page 7.
	if s := secs[1]; s.PageStart != 6 || s.PageEnd != 7 || s.PageAt(0) != 7 {
		t.Errorf("second section pages %d-%d, PageAt(0) = %d; want 6-7 and 7", s.PageStart, s.PageEnd, s.PageAt(0))
	}
}

func TestSectionizeTableWhole(t *testing.T) {
	row := "| Personne seule | 635,71 € | avis d'imposition et justificatif de domicile |\n"
	table := "| Foyer | Montant | Pièces |\n| --- | --- | --- |\n" + strings.Repeat(row, 60)
	secs, err := sectionize([]Block{
		{Kind: BlockHeading, Level: 1, Text: "Barème"},
		{Kind: BlockParagraph, Text: strings.Repeat("Avant le tableau. ", 80)},
		{Kind: BlockTable, Text: table},
		{Kind: BlockParagraph, Text: "Après le tableau."},
	}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkSections(t, "table", secs)
	found := false
	for i := range secs[0].Passages {
		if strings.TrimSpace(secs[0].PassageText(i)) == strings.TrimSpace(table) {
			found = true
		}
	}
	if !found {
		t.Errorf("the %d-byte table is not one whole passage", len(table))
	}
}

// TestStableIDs: the same input gives the same ids; editing a section's text, inserting a
// section elsewhere, or renumbering headings leaves the other ids as they were.
func TestStableIDs(t *testing.T) {
	base := `# Guide

## 1. Accueil

Le premier contact.

## 2. Orientation

### Critères

Trois critères.

### Critères

Un second bloc de même titre.

## 3. Suivi

Le suivi.
`
	ids := func(src string) map[string]string {
		t.Helper()
		doc, err := File(context.Background(), "g.md", []byte(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkSections(t, "g.md", doc.Sections)
		m := map[string]string{}
		for _, s := range doc.Sections {
			m[strings.Join(s.Path, " > ")+"|"+s.Text[:min(len(s.Text), 12)]] = s.ID
		}
		return m
	}
	before := ids(base)
	if again := ids(base); !reflect.DeepEqual(before, again) {
		t.Fatalf("same input, different ids:\n%v\n%v", before, again)
	}
	same := func(t *testing.T, after map[string]string, changed ...string) {
		t.Helper()
		byID := map[string]bool{}
		for _, id := range after {
			byID[id] = true
		}
		for k, id := range before {
			skip := false
			for _, c := range changed {
				if strings.HasPrefix(k, c) {
					skip = true
				}
			}
			if !skip && !byID[id] {
				t.Errorf("section %q lost its id %s", k, id)
			}
		}
	}
	t.Run("edit one section's text", func(t *testing.T) {
		after := ids(strings.Replace(base, "Trois critères.", "Quatre critères, revus en 2025.", 1))
		same(t, after)
		if len(after) != len(before) {
			t.Errorf("%d sections, want %d", len(after), len(before))
		}
	})
	t.Run("insert a section and renumber", func(t *testing.T) {
		after := ids(strings.NewReplacer(
			"## 2. Orientation", "## 2. Diagnostic\n\nUn nouveau chapitre.\n\n## 3. Orientation",
			"## 3. Suivi", "## 4. Suivi",
		).Replace(base))
		same(t, after, "1. Accueil") // nothing may change
		if len(after) != len(before)+1 {
			t.Errorf("%d sections, want %d", len(after), len(before)+1)
		}
	})
	t.Run("rename a heading", func(t *testing.T) {
		after := ids(strings.Replace(base, "## 3. Suivi", "## 3. Suivi du parcours", 1))
		same(t, after, "3. Suivi")
		for k, id := range after {
			if strings.HasPrefix(k, "3. Suivi du parcours") && id == before["3. Suivi|Le suivi."] {
				t.Errorf("renamed section kept id %s", id)
			}
		}
	})
	t.Run("fix case and accents of a heading", func(t *testing.T) {
		after := ids(strings.Replace(base, "### Critères\n\nTrois", "### criteres :\n\nTrois", 1))
		same(t, after)
	})
}

func TestIDShape(t *testing.T) {
	secs := []socle.Section{
		{Path: []string{"Droits et devoirs du bénéficiaire du RSA : ce que dit le code de l'action sociale et des familles"}},
		{Path: []string{"Ελληνικά"}},
		{},
	}
	assignIDs(secs)
	for _, s := range secs {
		if len(s.ID) > slugMax+9 || strings.Trim(s.ID, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			t.Errorf("id %q is not short and URL-safe", s.ID)
		}
	}
	if !strings.HasPrefix(secs[0].ID, "droits-et-devoirs-du-beneficiaire-du-rsa-ce-que-") {
		t.Errorf("id %q does not start with the heading's slug", secs[0].ID)
	}
	if !strings.HasPrefix(secs[1].ID, "section-") || !strings.HasPrefix(secs[2].ID, "preambule-") {
		t.Errorf("ids %q, %q", secs[1].ID, secs[2].ID)
	}
}

func TestStripNumbering(t *testing.T) {
	tests := map[string]string{
		"1. Orientation":         "Orientation",
		"2.1 Renseigner le CER":  "Renseigner le CER",
		"2.1. Renseigner":        "Renseigner",
		"3) Suivi":               "Suivi",
		"4 - Annexes":            "Annexes",
		"II. Principes":          "Principes",
		"IV – Recours":           "Recours",
		"B) Cas particuliers":    "Cas particuliers",
		"3 mois pour agir":       "3 mois pour agir",
		"2020 en chiffres":       "2020 en chiffres",
		"Article 3 : les droits": "Article 3 : les droits",
		"12.":                    "12.",
		"M. le maire":            "M. le maire",
	}
	for in, want := range tests {
		if got := stripNumbering(in); got != want {
			t.Errorf("stripNumbering(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Démarche :":       "demarche",
		"CŒUR  de l'Œuvre": "coeur de l oeuvre",
		"Ｒｅｓｓｏｕｒｃｅｓ (ＣＡＦ)":        "ressources caf",
		"Qui est concerné\u00a0?": "qui est concerne",
	}
	for in, want := range tests {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
