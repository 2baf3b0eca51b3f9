package retrieval

import (
	"fmt"
	"testing"
)

func terms(a *Analyzer, s string) []string {
	var out []string
	for _, t := range a.Terms(s) {
		out = append(out, t.Text)
	}
	return out
}

func TestAnalyzerConflatesFrenchForms(t *testing.T) {
	a := NewAnalyzer()
	groups := []struct {
		name  string
		forms []string
	}{
		{"accents and plural", []string{"méthodologie", "methodologies", "Méthodologies", "MÉTHODOLOGIE"}},
		{"elision", []string{"l'enfant", "l’enfant", "enfant", "enfants", "L'Enfant"}},
		{"ligature", []string{"œuvre", "oeuvre", "Œuvres"}},
		{"feminine plural", []string{"sociale", "sociales", "social"}},
		{"-ement", []string{"accompagnement", "accompagnements"}},
		{"cedilla", []string{"reçu", "recu"}},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			want := fmt.Sprint(terms(a, g.forms[0]))
			if want == "[]" {
				t.Fatalf("%q analyzes to nothing", g.forms[0])
			}
			for _, f := range g.forms[1:] {
				if got := fmt.Sprint(terms(a, f)); got != want {
					t.Errorf("%q → %s, want %s (as %q)", f, got, want, g.forms[0])
				}
			}
		})
	}
}

func TestAnalyzerDropsStopWordsAndElidedWords(t *testing.T) {
	a := NewAnalyzer()
	tests := []struct{ in, want string }{
		{"jusqu'à ce qu'il vienne", "[vien]"},
		{"Qu'est-ce que l'ASE ?", "[ase]"},
		{"d'un accompagnement", "[acompagn]"},
		{"puisqu'elle l'a dit", "[dit]"},
		{"la", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := fmt.Sprint(terms(a, tt.in)); got != tt.want {
				t.Errorf("terms(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestAnalyzerOffsetsPointIntoTheOriginal(t *testing.T) {
	a := NewAnalyzer()
	text := "Aide à l’enfance : le référent évalue."
	for _, term := range a.Terms(text) {
		orig := text[term.Start:term.End]
		if got := terms(a, orig); len(got) != 1 || got[0] != term.Text {
			t.Errorf("term %q at %d..%d covers %q, which analyzes to %v", term.Text, term.Start, term.End, orig, got)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"éèêëàâäîïôöùûüÿç": "eeeeaaaiioouuuyc",
		"Œuvre cœur":       "OEuvre coeur",
		"l’enfant":         "l'enfant",
		"plain":            "plain",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
