package ingest

import (
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// sentence makes a French sentence of about n bytes.
func sentence(n int) string {
	words := strings.Fields("le référent vérifie avec la personne les ressources du foyer et les droits ouverts auprès de la caisse")
	var b strings.Builder
	b.WriteString("Ensuite")
	for i := 0; b.Len() < n-1; i++ {
		b.WriteString(" " + words[i%len(words)])
	}
	b.WriteString(".")
	return b.String()
}

func texts(text string, ps []socle.Span) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = text[p.Start:p.End]
	}
	return out
}

func TestPassages(t *testing.T) {
	para := func(n int) string { return sentence(n) }
	tests := []struct {
		name  string
		text  string
		count int                             // passages wanted, 0 to skip
		check func(t *testing.T, ps []string) // further checks
	}{
		{"empty", "", 0, func(t *testing.T, ps []string) {
			if len(ps) != 0 {
				t.Errorf("%d passages", len(ps))
			}
		}},
		{"whitespace only", " \n\n\t", 0, func(t *testing.T, ps []string) {
			if len(ps) != 0 {
				t.Errorf("%d passages", len(ps))
			}
		}},
		{"short text is one passage", "  Une phrase.  ", 1, func(t *testing.T, ps []string) {
			if ps[0] != "Une phrase." {
				t.Errorf("passage %q", ps[0])
			}
		}},
		{"short paragraphs are packed together", strings.Repeat(para(200)+"\n\n", 5), 1, nil},
		{"paragraphs are not cut when they fit", strings.Join([]string{para(900), para(900), para(900)}, "\n\n"), 3, func(t *testing.T, ps []string) {
			for _, p := range ps {
				if strings.Contains(p, "\n\n") {
					t.Errorf("a passage holds two 900-byte paragraphs")
				}
			}
		}},
		{"a long paragraph is cut at sentence ends", strings.Repeat(para(300)+" ", 20), 0, func(t *testing.T, ps []string) {
			if len(ps) < 4 {
				t.Errorf("%d passages for 6000 bytes", len(ps))
			}
			for _, p := range ps {
				if !strings.HasSuffix(p, ".") || !strings.HasPrefix(p, "Ensuite") {
					t.Errorf("passage not cut on a sentence: %q…%q", p[:20], p[len(p)-20:])
				}
			}
		}},
		{"line breaks before sentences", strings.Repeat("- "+para(150)[:140]+"\n", 30), 0, func(t *testing.T, ps []string) {
			for _, p := range ps {
				if !strings.HasPrefix(p, "- ") {
					t.Errorf("passage starts inside a line: %q", p[:20])
				}
			}
		}},
		{"abbreviations do not end sentences", strings.Repeat("Voir l'art. L262-29 du CASF, cf. annexe 3, et M. Dupont ou Mme Martin, p. 12 et suiv. sur ce point. ", 40), 0, func(t *testing.T, ps []string) {
			for _, p := range ps {
				if !strings.HasPrefix(p, "Voir l'art.") || !strings.HasSuffix(p, "sur ce point.") {
					t.Errorf("cut inside a sentence: %q…%q", p[:15], p[len(p)-15:])
				}
			}
		}},
		{"question and exclamation marks with French spaces", strings.Repeat("Qui peut en bénéficier\u00a0? Toute personne majeure résidant en France depuis trois mois au moins\u00a0! ", 50), 0, func(t *testing.T, ps []string) {
			for _, p := range ps {
				if !(strings.HasPrefix(p, "Qui peut") || strings.HasPrefix(p, "Toute")) || !(strings.HasSuffix(p, "\u00a0!") || strings.HasSuffix(p, "\u00a0?")) {
					t.Errorf("cut inside a sentence: %q…%q", p[:15], p[len(p)-15:])
				}
			}
		}},
		{"no sentence end: words", strings.Repeat("mot ", 2000), 0, func(t *testing.T, ps []string) {
			for _, p := range ps {
				if strings.HasPrefix(p, "ot") || strings.HasSuffix(p, "mo") {
					t.Errorf("word cut: %q…%q", p[:5], p[len(p)-5:])
				}
			}
		}},
		{"no space at all: bytes, on rune boundaries", strings.Repeat("é", 4000), 0, func(t *testing.T, ps []string) {
			for _, p := range ps {
				if strings.ContainsRune(p, '\uFFFD') || !strings.HasPrefix(p, "é") {
					t.Errorf("cut inside a rune")
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := Passages(tt.text)
			checkPassages(t, tt.name, tt.text, ps, true)
			if tt.count > 0 && len(ps) != tt.count {
				t.Errorf("%d passages, want %d: %q", len(ps), tt.count, texts(tt.text, ps))
			}
			if tt.check != nil {
				tt.check(t, texts(tt.text, ps))
			}
		})
	}
}

// TestPassagesTableWhole: a table span is never cut, whatever its length, and the text around it
// is still split within bounds.
func TestPassagesTableWhole(t *testing.T) {
	before := strings.Repeat(sentence(400)+"\n\n", 4)
	table := "| a | b |\n| --- | --- |\n" + strings.Repeat("| cellule de tableau assez longue | 100 € |\n", 200)
	after := "\n\n" + sentence(300)
	text := before + table + after
	start := len(before)
	ps := splitPassages(text, []socle.Span{{Start: start, End: start + len(table)}})
	checkPassages(t, "table", text, ps, false)
	whole := false
	for _, p := range ps {
		if p.Start <= start && p.End >= start+len(table)-1 {
			whole = true
		} else if p.End-p.Start > PassageMax {
			t.Errorf("a passage that is not the table is %d bytes", p.End-p.Start)
		}
		if p.Start > start && p.Start < start+len(table)-1 {
			t.Errorf("a passage starts inside the table at %d", p.Start)
		}
	}
	if !whole {
		t.Errorf("the %d-byte table is not in one passage", len(table))
	}
}

// TestPassageSizes: over realistic text the passages aim at the target.
func TestPassageSizes(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 200; i++ {
		b.WriteString(sentence(80 + (i*37)%500))
		if i%3 == 2 {
			b.WriteString("\n\n")
		} else {
			b.WriteString(" ")
		}
	}
	text := b.String()
	ps := Passages(text)
	checkPassages(t, "sizes", text, ps, true)
	small := 0
	for _, p := range ps[:len(ps)-1] {
		if p.End-p.Start < PassageTarget/2 {
			small++
		}
	}
	if small > len(ps)/10 {
		t.Errorf("%d of %d passages under half the target", small, len(ps))
	}
}

func TestSentences(t *testing.T) {
	text := "Vérifier les droits au RSA (art. L. 262-2). Orienter vers M. Durand si besoin !\n\n- Appeler le 115.\n- Remplir le cerfa n° 15548 ; l'attestation vaut un an."
	want := []string{
		"Vérifier les droits au RSA (art. L. 262-2).",
		"Orienter vers M. Durand si besoin !",
		"- Appeler le 115.",
		"- Remplir le cerfa n° 15548 ; l'attestation vaut un an.",
	}
	spans := Sentences(text)
	if len(spans) != len(want) {
		t.Fatalf("got %d sentences, want %d: %v", len(spans), len(want), spans)
	}
	for i, sp := range spans {
		if got := text[sp.Start:sp.End]; got != want[i] {
			t.Errorf("sentence %d: got %q, want %q", i, got, want[i])
		}
	}
	if got := Sentences("   \n\n "); len(got) != 0 {
		t.Fatalf("blank text: got %v", got)
	}
}
