package pseudonym

import (
	"strings"
	"testing"
)

// TestIssue15Forms: the forms a security review found stored verbatim in a saved plan.
func TestIssue15Forms(t *testing.T) {
	p := newTestPseudonymizer(t)
	tests := []struct {
		text  string
		gone  []string
		kinds []Kind
		kept  string
	}{
		{"jean-pierre martin a trois mois d'impayés de loyer.", []string{"jean", "pierre", "martin"}, []Kind{Person}, "trois mois d'impayés de loyer"},
		{"Écrire à jp.martin(at)free.fr pour le rendez-vous.", []string{"martin", "free"}, []Kind{Email}, "pour le rendez-vous"},
		{"vu avec jp point martin arobase free point fr hier", []string{"martin", "free"}, []Kind{Email}, "vu avec"},
		{"son mail : marie [at] gmail [dot] com", []string{"marie", "gmail"}, []Kind{Email}, "son mail"},
		{"Mme Claire Fontaine au 06 12 34 56 78 a déjà fait la demande", []string{"Claire", "Fontaine", "06 12"}, []Kind{Person, Phone}, "a déjà fait la demande"},
		{"faire le point avec la CAF sur le dossier", nil, nil, "faire le point avec la CAF sur le dossier"},
		{"rendez-vous at the office", nil, nil, "rendez-vous at the office"},
	}
	for _, tt := range tests {
		var m Mapping
		r, err := p.Pseudonymize(tt.text, &m)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.gone {
			if strings.Contains(strings.ToLower(r.Text), strings.ToLower(w)) {
				t.Errorf("%q: %q survived in %q", tt.text, w, r.Text)
			}
		}
		var kinds []Kind
		for _, e := range r.Entities {
			kinds = append(kinds, e.Kind)
		}
		if len(kinds) != len(tt.kinds) {
			t.Errorf("%q: entities %v, want %v (%q)", tt.text, kinds, tt.kinds, r.Text)
		}
		if !strings.Contains(r.Text, tt.kept) {
			t.Errorf("%q: lost %q: %q", tt.text, tt.kept, r.Text)
		}
	}
}
