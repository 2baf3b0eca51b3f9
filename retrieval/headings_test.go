package retrieval

import (
	"context"
	"math"
	"slices"
	"testing"
)

func TestHeadingFeatures(t *testing.T) {
	e := newTestEngine(t)
	notions := e.Text.parseQuery("", []string{"droit au compte", "chèque sans provision"})
	w := e.wordsOf("Sa banque a clôturé son compte après des incidents de paiement.", []textQuery{notions})
	terms := func(s string) []string {
		var out []string
		for _, t := range e.Text.analyzer.Terms(s) {
			out = append(out, t.Text)
		}
		return out
	}
	tests := []struct {
		headings string
		rank     int
		want     headingFeatures
	}{
		// "clôture", "compte", "banque" are the note's words; "compte" is also a notion's.
		{"Clôture d'un compte par la banque", 1, headingFeatures{Note: 1, Notions: 1.0 / 3}},
		// A notion held whole, none of the note's words.
		{"Régulariser un chèque sans provision", 4, headingFeatures{LogRank: math.Log(4), Notions: 2.0 / 3, Phrases: 1}},
		{"Congé de maternité", 2, headingFeatures{LogRank: math.Log(2)}},
		{"", 3, headingFeatures{LogRank: math.Log(3)}}, // a passage without headings
	}
	for _, tt := range tests {
		t.Run(tt.headings, func(t *testing.T) {
			got := w.features(terms(tt.headings), tt.rank)
			if math.Abs(got.LogRank-tt.want.LogRank) > 1e-9 || math.Abs(got.Note-tt.want.Note) > 1e-9 ||
				math.Abs(got.Notions-tt.want.Notions) > 1e-9 || got.Phrases != tt.want.Phrases {
				t.Fatalf("features = %+v, want %+v (headings %v)", got, tt.want, terms(tt.headings))
			}
		})
	}
}

func TestHeadingOrderKeepsTheFusionsScores(t *testing.T) {
	ranked := []Fused{{Key: "a", Score: 0.3}, {Key: "b", Score: 0.2}, {Key: "c", Score: 0.1}}
	feats := []headingFeatures{{LogRank: 0}, {LogRank: math.Log(2), Note: 1}, {LogRank: math.Log(3)}}
	got := headingOrder(ranked, feats, headingWeights)
	var keys []string
	var scores []float64
	for _, x := range got {
		keys, scores = append(keys, x.Key), append(scores, x.Score)
	}
	if !slices.Equal(keys, []string{"b", "a", "c"}) {
		t.Fatalf("order = %v, want the passage whose headings are the note's words first", keys)
	}
	if !slices.Equal(scores, []float64{0.3, 0.2, 0.1}) {
		t.Fatalf("scores = %v, want the fusion's scores in order", scores)
	}
}

// A note that says in its own words what a section's heading says ("sa banque a clôturé son
// compte") finds that section first, though a neighbouring one holds more of the notions the
// lexicon lists beside it (a bounced cheque's rules).
func TestSituationModeReadsHeadings(t *testing.T) {
	e := newTestEngine(t,
		testPassage("o", "g", "v", "cheque", "Un chèque sans provision est un incident de paiement : la banque vous adresse une lettre d'injonction et vous inscrit au fichier de la Banque de France. Pour régulariser le chèque sans provision, vous pouvez bloquer une provision sur votre compte ou payer directement le bénéficiaire du chèque. Après plusieurs incidents de paiement, la banque peut vous retirer vos chéquiers ; votre compte reste ouvert avec les services bancaires de base du droit au compte.",
			"Moyens de paiement", "Comment régulariser un chèque sans provision ?"),
		testPassage("o", "g", "v", "cloture", "Elle doit vous prévenir par écrit deux mois avant la fermeture, sans avoir à se justifier.",
			"Comptes bancaires", "Clôture d'un compte par la banque"),
		testPassage("o", "g", "v", "conge", "La salariée enceinte a droit à un congé de maternité de seize semaines.",
			"Congés", "Congé de maternité"),
	)
	note := "M. W., 34 ans, sa banque a clôturé son compte après plusieurs incidents de paiement. Il ne peut plus recevoir son salaire et paie tout en liquide."
	first := func(cfg SituationConfig) string {
		e.Situation = cfg
		res, err := e.Search(context.Background(), "o", Query{Text: note, Mode: ModeSituation})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Fatal("no hit")
		}
		return res.Hits[0].SectionID
	}
	if got := first(SituationConfig{NoHeadings: true}); got != "cheque" {
		t.Fatalf("without headings, first = %s: the test no longer shows what the headings change", got)
	}
	if got := first(SituationConfig{}); got != "cloture" {
		t.Fatalf("first = %s, want the section whose heading the note says in its own words", got)
	}
}
