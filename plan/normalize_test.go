package plan

import "testing"

func TestFindQuote(t *testing.T) {
	text := "Dès le premier impayé de loyer, contacter le bailleur avec l’accord de la personne.\n\nSaisir le fonds de solidarité pour le logement (FSL) — sans délai."
	tests := []struct {
		name, quote, want string
		ok                bool
	}{
		{"verbatim, the text's period kept", "contacter le bailleur avec l’accord de la personne", "contacter le bailleur avec l’accord de la personne.", true},
		{"straight apostrophe and final period", "contacter le bailleur avec l'accord de la personne.", "contacter le bailleur avec l’accord de la personne.", true},
		{"case and accents", "DES LE PREMIER IMPAYE DE LOYER", "Dès le premier impayé de loyer", true},
		{"across a paragraph break", "la personne. Saisir le fonds", "la personne.\n\nSaisir le fonds", true},
		{"guillemets around", "« Saisir le fonds de solidarité pour le logement »", "Saisir le fonds de solidarité pour le logement", true},
		{"dash kinds", "logement (FSL) - sans délai", "logement (FSL) — sans délai.", true},
		{"not in the text", "appeler le 115 sans délai", "", false},
		{"too short", "le FSL", "", false},
		{"altered word", "contacter le propriétaire avec l'accord", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e, ok := findQuote(text, tt.quote)
			if ok != tt.ok {
				t.Fatalf("findQuote(%q): ok=%v, want %v", tt.quote, ok, tt.ok)
			}
			if ok && text[s:e] != tt.want {
				t.Fatalf("findQuote(%q): got %q, want %q", tt.quote, text[s:e], tt.want)
			}
		})
	}
}

func TestNormalizeOffsets(t *testing.T) {
	for _, s := range []string{"", "   ", "Œuvre ﬁnale…  à  l’école", "a\u00a0b", "ÉÉÉ"} {
		n := normalize(s)
		if len(n.offsets) != len(n.text)+1 {
			t.Fatalf("normalize(%q): %d offsets for %d bytes", s, len(n.offsets), len(n.text))
		}
		for i := 1; i < len(n.offsets); i++ {
			if n.offsets[i] < n.offsets[i-1] || n.offsets[i] > len(s) {
				t.Fatalf("normalize(%q): offsets not monotonic within the original: %v", s, n.offsets)
			}
		}
	}
}
