package plan_test

import (
	"strings"
	"testing"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/plan"
)

var caseFile = plan.CaseFile{Notes: []plan.Note{
	{Date: "2026-03-14", Text: "Rendez-vous à la CAF annulé. Madame dit ne plus pouvoir payer l'électricité ; une coupure est annoncée."},
	{Date: "02/02/2026", Text: "Premier entretien. Madame, 34 ans, vit seule avec ses deux enfants de 3 et 8 ans. Elle est locataire d'un T3. Elle touche le RSA, 650 € par mois."},
	{Date: "2026-02-20", Text: "Le bailleur signale trois mois d'impayés de loyer. Madame a reçu un commandement de payer."},
}}

func TestDigest(t *testing.T) {
	d, err := plan.MakeDigest(caseFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.History) != 3 || d.History[0].Date != "2026-02-02" || d.History[0].Note != 1 || d.History[2].Note != 0 {
		t.Fatalf("history not in date order: %+v", d.History)
	}
	for _, group := range [][]plan.Line{d.Facts, d.Needs, d.History} {
		for _, l := range group {
			if l.Note < 0 || l.Note >= len(caseFile.Notes) {
				t.Fatalf("line %+v points to no note", l)
			}
		}
	}
	for _, l := range append(d.Facts, d.History...) {
		if !strings.Contains(caseFile.Notes[l.Note].Text, l.Text) {
			t.Errorf("line %q is not in note %d it points to", l.Text, l.Note)
		}
	}
	facts := ""
	for _, f := range d.Facts {
		facts += f.Text + " | "
	}
	for _, want := range []string{"34 ans", "650 €", "locataire"} {
		if !strings.Contains(facts, want) {
			t.Errorf("facts lack %q: %s", want, facts)
		}
	}
	needs := ""
	for _, n := range d.Needs {
		needs += n.Text + " | "
	}
	for _, want := range []string{"Logement", "Budget et dettes"} {
		if !strings.Contains(needs, want) {
			t.Errorf("needs lack %q: %s", want, needs)
		}
	}
	if d.Situation == "" || len(d.Situation) > plan.MaxSituationRunes*4 {
		t.Fatalf("situation: %q", d.Situation)
	}
}

func TestCaseFileValidation(t *testing.T) {
	for name, body := range map[string]string{
		"no notes":  `{"notes": []}`,
		"bad date":  `{"notes": [{"date": "hier", "text": "x"}]}`,
		"empty":     `{"notes": [{"date": "2026-01-01", "text": " "}]}`,
		"not JSON":  `notes`,
		"bad field": `{"notes": [{"date": "2026-01-01", "text": "x", "nom": "Dupont"}]}`,
	} {
		if _, err := plan.ParseCaseFile(strings.NewReader(body)); socle.KindOf(err) != socle.EINVALID {
			t.Errorf("%s: got %v, want invalid", name, err)
		}
	}
}

// TestParseNotesText reads pasted notes: a date starts a note, the following lines continue
// it, JSON is read as JSON, and text before any date is refused with how to fix it.
func TestParseNotesText(t *testing.T) {
	cf, err := plan.ParseNotesText("2026-11-02 : Entretien avec Mme X.\nTrois mois d'impayés.\n\n05/11/2026 – Appel du bailleur.\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(cf.Notes) != 2 || cf.Notes[0].Date != "2026-11-02" || cf.Notes[0].Text != "Entretien avec Mme X.\nTrois mois d'impayés." || cf.Notes[1].Date != "05/11/2026" || cf.Notes[1].Text != "Appel du bailleur." {
		t.Fatalf("notes: %+v", cf.Notes)
	}
	cf, err = plan.ParseNotesText(` {"notes": [{"date": "2026-11-02", "text": "Entretien."}]}`)
	if err != nil || len(cf.Notes) != 1 {
		t.Fatalf("JSON: %+v %v", cf, err)
	}
	for _, bad := range []string{"Entretien sans date.\n2026-11-02 : suite", "", "2026-11-02 :"} {
		if _, err := plan.ParseNotesText(bad); !socle.IsKind(err, socle.EINVALID) {
			t.Errorf("ParseNotesText(%q): %v, want EINVALID", bad, err)
		}
	}
}
