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
