package plan

import (
	"math"
	"testing"

	"github.com/socle-project/socle"
)

// TestMatchServicesIsStable checks that a service's score is the same to the last digit from
// one plan to the next: a sum over a map's terms is taken in an order that changes every run.
func TestMatchServicesIsStable(t *testing.T) {
	terms := (&Planner{}).terms()
	var docs []serviceDoc
	for _, s := range []socle.Service{
		{ID: "fsl", Name: "Fonds de solidarité pour le logement", Description: "Aide financière pour les impayés de loyer, les factures d'énergie et l'accès au logement. Dossier instruit par un travailleur social du département."},
		{ID: "pcb", Name: "Point conseil budget", Description: "Conseils gratuits pour les dettes, le surendettement, les impayés et le budget du foyer."},
	} {
		docs = append(docs, newServiceDoc(terms, s))
	}
	situation := "Mme K., commandement de payer pour 4 mois de loyer, dettes d'énergie, factures impayées, budget du foyer, surendettement, travailleur social du département"
	for _, needs := range [][]Detected{nil, {{Need: Need{Code: "budget", Query: "dettes surendettement budget factures impayées"}}}} {
		first, _ := matchServices(terms, docs, situation, needs)
		if len(first) != len(docs) {
			t.Fatalf("%d services matched, want %d", len(first), len(docs))
		}
		for range 200 {
			again, _ := matchServices(terms, docs, situation, needs)
			for i := range first {
				if again[i].Service.ID != first[i].Service.ID || math.Float64bits(again[i].Score) != math.Float64bits(first[i].Score) {
					t.Fatalf("match %d: %s %x, then %s %x", i, first[i].Service.ID, first[i].Score, again[i].Service.ID, again[i].Score)
				}
			}
		}
	}
}
