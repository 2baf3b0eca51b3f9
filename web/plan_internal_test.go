package web

import "testing"

// A plan's title is kept in French, made of its needs' labels; the English interface shows it
// in English, labels holding commas or other labels' words included.
func TestPlanHeading(t *testing.T) {
	for _, c := range []struct{ lang, title, want string }{
		{"en", "Plan d'action : Logement", "Action plan: Housing"},
		{"en", "Plan d'action : Couple, séparation et enfants, Santé", "Action plan: Couple, separation and children, Health"},
		{"en", "Plan d'action : Hébergement d'urgence, Logement, Ressources et accès aux droits", "Action plan: Emergency shelter, Housing, Income and benefits"},
		{"en", "Plan d'action", "Action plan"},
		{"en", "Suivi de Mme K.", "Suivi de Mme K."},
		{"fr", "Plan d'action : Logement", "Plan d'action : Logement"},
	} {
		if got := planHeading(c.lang, c.title); got != c.want {
			t.Errorf("planHeading(%s, %q) = %q, want %q", c.lang, c.title, got, c.want)
		}
	}
}
