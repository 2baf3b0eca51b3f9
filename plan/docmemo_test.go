package plan

import (
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// TestDocMemo checks that what a context remembers of the doctrine's text is what reading it
// again gives, the second time as the first, and that it tells apart what its keys must: a
// heading read in a guide or in a fiche, one section's sentence in two versions.
func TestDocMemo(t *testing.T) {
	var m docMemo
	all := Needs()
	for _, h := range []string{"Personnes étrangères", "Victime de violences conjugales", "Recherche d'emploi", "Principes de l'accompagnement"} {
		f := fold(h)
		for _, guide := range []bool{true, false} {
			want := (*docMemo)(nil).needsNamed(all, f, guide)
			for range 2 {
				if got := m.needsNamed(all, f, guide); strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("needsNamed(%q, guide %v) = %v, want %v", h, guide, got, want)
				}
			}
		}
	}
	if m.needsNamed(all, fold("Personnes étrangères"), true) == nil || m.needsNamed(all, fold("Personnes étrangères"), false) != nil {
		t.Error(`"Personnes étrangères" names a need as a guide's chapter, not as a fiche's heading`)
	}

	item := "Fournir une attestation de la CAF."
	listed := "Le versement du RSA peut être suspendu dans les cas suivants :\n" + item
	prose := "Le bailleur peut saisir le juge. " + item
	v1 := &Passage{VersionID: "v1", Section: socle.Section{ID: "s", Text: listed}}
	v2 := &Passage{VersionID: "v2", Section: socle.Section{ID: "s", Text: prose}}
	if standsAlone(listed, strings.Index(listed, item), len(listed)) == standsAlone(prose, strings.Index(prose, item), len(prose)) {
		t.Fatal("the two versions must read the sentence differently")
	}
	for range 2 {
		for _, p := range []*Passage{v1, v2} {
			s := strings.Index(p.Section.Text, item)
			want := standsAlone(p.Section.Text, s, s+len(item))
			if got := m.standsAlone(p, s, s+len(item)); got != want {
				t.Errorf("standsAlone in version %s = %v, want %v", p.VersionID, got, want)
			}
		}
	}
	if a := m.actionability(item); a != actionability(item) || m.actionability(item) != a {
		t.Errorf("actionability(%q) remembered as %v, read as %v", item, a, actionability(item))
	}
}
