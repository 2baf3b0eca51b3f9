package plan

import (
	"slices"
	"testing"

	"github.com/socle-project/socle/retrieval/situation"
)

func TestChildAges(t *testing.T) {
	for _, tt := range []struct {
		note   string
		ages   []int
		infant bool
	}{
		{"Mme V., 29 ans, venue pour un dossier. 1 enf. de 3 ans, à la halte-garderie.", []int{3}, false},
		{"Mme Hélène R., 46 ans, seule avec son fils Théo, 14 ans : il ne va plus au collège depuis 3 mois.", []int{14}, false},
		{"Kevin, 17 ans, chez sa tante depuis 2 mois.", []int{17}, false},
		{"Mme S., 36 ans, mère de trois enfants (2, 7 et 10 ans).", []int{2, 7, 10}, false},
		{"VAD chez Mme Inès B., 24 ans, et Nolan, 4 mois.", []int{0}, false},
		{"M. et Mme T., 31 et 29 ans, trois enfants de 1, 4 et 6 ans.", []int{1, 4, 6}, false},
		// Durations are no ages.
		{"6 mois de loyer non payés, arrivé il y a 3 ans, deux enfants de 12 et 15 ans.", []int{12, 15}, false},
		{"Sortie de détention après 14 mois, 27 ans.", nil, false},
		{"Arrivée avec son bébé en poussette.", nil, true},
	} {
		ages, infant := childAges(fold(tt.note))
		if !slices.Equal(ages, tt.ages) || infant != tt.infant {
			t.Errorf("childAges(%q) = %v, %v; want %v, %v", tt.note, ages, infant, tt.ages, tt.infant)
		}
	}
}

func TestFitsChildrenAge(t *testing.T) {
	pmi := fold("Pour les enfants de moins de six ans, orienter vers la protection maternelle et infantile (PMI).")
	for _, tt := range []struct {
		note string
		fits bool
	}{
		{"Mme R., 46 ans, seule avec son fils Théo, 14 ans, qui ne va plus au collège.", false},
		{"Kevin, 17 ans, déscolarisé, vit chez sa tante.", false},
		// A pupil's class, as a school's note writes it.
		{"Mathis (5e A) vit chez sa grand-mère ; la fille de Mme F. vit à Lyon.", false},
		{"Mme V., 29 ans, 1 enf. de 3 ans.", true},
		{"Mme B., enceinte de 5 mois, deux enfants de 8 et 11 ans.", true},
		// No child's age given: the caseworker knows.
		{"Famille de quatre enfants, loyer impayé.", true},
		// No age, but a class that tells it: six or more at school, younger at the crèche.
		{"Soudeur en CDI, deux enfants en primaire, son épouse est assistante maternelle.", false},
		{"Deux enfants, l'un en CM2, l'autre à la crèche.", true},
		// No child, or children of age only.
		{"M. L., 39 ans, CER arrivé à échéance, deux convocations manquées.", false},
		{"Sa compagne travaille ; leur fille de 19 ans vient de signer un CDI.", false},
		{"Leur fille de 19 ans et leur fils, en maternelle.", true},
	} {
		pe := person{text: fold(tt.note), facts: situation.ReadFacts(tt.note, 2026)}
		if got := pe.fitsChildrenAge(pmi); got != tt.fits {
			t.Errorf("fitsChildrenAge for %q = %v, want %v", tt.note, got, tt.fits)
		}
	}
	pe := person{text: fold("Théo, 14 ans.")}
	if !pe.fitsChildrenAge(fold("Orienter vers la mission locale.")) {
		t.Error("a sentence with no condition on children's age did not fit")
	}
}
