package situation

import "testing"

// TestNamesPartner checks the words that make violence a couple's: a partner named, or the man
// a woman calls only « lui ».
func TestNamesPartner(t *testing.T) {
	for note, want := range map[string]bool{
		"Mme S., 41 ans, dit que c'est « lui » qui gère les comptes et qu'elle n'a pas accès à la carte bancaire.": true,
		"Mme K., 38 ans, séparée de M. depuis mars, il garde sa carte bancaire.":                                   true,
		"Mme S., 41 ans, dit que son fils gère les comptes depuis son AVC.":                                        false,
	} {
		if got := NamesPartner(Fold(note)); got != want {
			t.Errorf("NamesPartner(%q) = %v, want %v", note, got, want)
		}
	}
}
