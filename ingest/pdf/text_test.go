package pdf

import (
	"testing"
)

func TestHyphenation(t *testing.T) {
	tests := []struct {
		name       string
		vocab      string // other text of the document
		line, next string
		want       string
		ok         bool
	}{
		{"break inside a word", "", "un accompa-", "gnement adapté", "un accompagnement adapté", true},
		{"compound prefix kept", "", "situation socio-", "professionnelle", "situation socio-professionnelle", true},
		{"compound already hyphenated", "", "c’est-à-", "dire", "c’est-à-dire", true},
		{"second part of a compound", "", "peut-", "être", "peut-être", true},
		{"capital after the hyphen", "", "en Seine-", "Saint-Denis", "en Seine-Saint-Denis", true},
		{"digits", "", "en 2019-", "2020", "", false},
		{"document spells it joined", "la coordination des acteurs", "la coordi-", "nation", "la coordination", true},
		{"document spells it hyphenated", "un porte-parole", "un porte-", "parole", "un porte-parole", true},
		{"document vocabulary beats the prefix list", "le demicercle", "le demi-", "cercle", "le demicercle", true},
		{"soft hyphen", "", "accompa\u00ad", "gnement", "accompagnement", true},
		{"no hyphen", "", "un accompagnement", "adapté", "", false},
		{"dash after a space", "", "un moment -", "attendu", "", false},
		{"uppercase next without letter before", "", "3-", "Ans", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHyphenator(tt.vocab)
			got, ok := h.join(tt.line, tt.next)
			if ok != tt.ok || got != tt.want {
				t.Errorf("join(%q, %q) = %q, %v; want %q, %v", tt.line, tt.next, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"la ﬁche et le ﬂux", "la fiche et le flux"},
		{"démarches\u00a0: logement", "démarches : logement"},
		{"l’usager « cité »", "l’usager « cité »"},
		{"trois  espaces\u202f!", "trois espaces !"},
		{"zéro\u200blargeur\ufeff", "zérolargeur"},
		{"privé\ue000 et \x01contrôle", "privé et contrôle"},
		{"Ｆｕｌｌ", "Full"},
		{"accompa\u00adgnement", "accompagnement"},
	}
	for _, tt := range tests {
		if got := normalizeText(tt.in); got != tt.want {
			t.Errorf("normalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPageRanges(t *testing.T) {
	tests := []struct {
		pages []int
		want  string
	}{
		{[]int{3}, "page 3"},
		{[]int{1, 2, 3, 4}, "pages 1–4"},
		{[]int{2, 5, 6, 7, 9}, "pages 2, 5–7, 9"},
	}
	for _, tt := range tests {
		if got := pageRanges(tt.pages); got != tt.want {
			t.Errorf("pageRanges(%v) = %q, want %q", tt.pages, got, tt.want)
		}
	}
}

func TestPageNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"12": true, "- 12 -": true, "Page 3 sur 12": true, "page 3": true, "3/12": true, "p. 4": true,
		"iv": true, "12 of 40": true, "PAGE 2": true,
		"VI": false, "Article 12": false, "12 rue de la Paix": false, "Chapitre 3": false, "RSA": false,
	} {
		if got := pageNumber.MatchString(s); got != want {
			t.Errorf("pageNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestFurnitureKey(t *testing.T) {
	if a, b := furnitureKey("Page 3 sur 12"), furnitureKey("page  4 sur 12"); a != b {
		t.Errorf("furnitureKey: %q and %q should match", a, b)
	}
	if a, b := furnitureKey("Guide RSA"), furnitureKey("Guide ASE"); a == b {
		t.Errorf("furnitureKey: %q and %q should differ", a, b)
	}
}

func TestListMarker(t *testing.T) {
	for s, want := range map[string]bool{
		"•": true, "-": true, "1.": true, "12)": true, "a)": true, "iv.": true, "\uf0b7": true,
		"RSA": false, "1.2.3.": false, "mot.": false, "": false,
	} {
		if got := isListMarker(s); got != want {
			t.Errorf("isListMarker(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestBold(t *testing.T) {
	for name, want := range map[string]bool{
		"ABCDEF+Arial-BoldMT": true, "NimbusRomNo9L-Medi": true, "CMBX10": true, "Calibri,Bold": true,
		"ArialMT": false, "Times-Roman": false, "NimbusRomNo9L-Regu": false,
	} {
		if got := isBoldFont(name, 400); got != want {
			t.Errorf("isBoldFont(%q) = %v, want %v", name, got, want)
		}
	}
	if !isBoldFont("Whatever", 700) {
		t.Error("weight 700 is bold whatever the name")
	}
}

// TestRightToLeft: Hebrew drawn in logical order (moving left) and Arabic drawn in visual
// order (moving right) both come out in logical order, with a Latin word kept in its order.
func TestRightToLeft(t *testing.T) {
	chars := func(s string, x float64, step float64) []rawChar {
		var cs []rawChar
		for _, r := range s {
			cs = append(cs, rawChar{r: r, left: x, right: x + 6, bottom: 700, top: 712, size: 12, oy: 700})
			x += step
		}
		return cs
	}
	var p rawPage
	p.height = 842
	p.chars = append(p.chars, chars("שלום", 250, -6)...) // logical: from the right, moving left
	p.chars = append(p.chars, rawChar{r: ' '})
	p.chars = append(p.chars, chars("mon", 210, 6)...)
	p.chars = append(p.chars, rawChar{r: ' '})
	p.chars = append(p.chars, chars("אבג", 180, 6)...) // visual: drawn left to right, last letter first
	words, _, _ := pageWords(&p)
	lines, _ := buildLines(words, 1)
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1", len(lines))
	}
	if got, want := lines[0].text(), "שלום mon גבא"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
