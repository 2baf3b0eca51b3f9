package pseudonym

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPseudonymize checks, on any input: no panic; the entities' spans are ordered, disjoint and
// hold their placeholders; putting each original back by span gives the input again; Restore
// leaves no placeholder of the mapping; and a text without entities comes out unchanged.
func FuzzPseudonymize(f *testing.F) {
	for _, file := range []string{"cases.txt", "heldout.txt", "heldout2.txt"} {
		for _, n := range loadNotes(f, file) {
			f.Add(n.text)
		}
	}
	for _, s := range []string{"", "M.", "Mme", "né le", "12 rue", "FR76", "+33", "née le 3", "{P:x}", "[PERSONNE_1] Mme Martin",
		"M. M. M.", "d'", "N'", "Le Le Le", "06 12 34 56 7", "1 85 05 78 006 084 3", "lieu-dit", "BP", "@", "a@b.c"} {
		f.Add(s)
	}
	p, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var m Mapping
		res, err := p.Pseudonymize(in, &m)
		if !utf8.ValidString(in) {
			if err == nil {
				t.Fatal("invalid UTF-8 accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Entities) == 0 {
			if res.Text != in || m.Restore(res.Text) != in {
				t.Fatalf("no entity, yet the text changed: %q → %q", in, res.Text)
			}
			return
		}
		var back strings.Builder
		lastIn, lastOut := 0, 0
		for _, e := range res.Entities {
			if e.Start < lastIn || e.End <= e.Start || e.OutStart < lastOut {
				t.Fatalf("entities out of order or overlapping: %+v", res.Entities)
			}
			if res.Text[e.OutStart:e.OutEnd] != e.Placeholder {
				t.Fatalf("output span %q is not %q", res.Text[e.OutStart:e.OutEnd], e.Placeholder)
			}
			if res.Text[lastOut:e.OutStart] != in[lastIn:e.Start] {
				t.Fatalf("text between entities changed: %q vs %q", res.Text[lastOut:e.OutStart], in[lastIn:e.Start])
			}
			back.WriteString(in[lastIn:e.Start])
			back.WriteString(in[e.Start:e.End])
			lastIn, lastOut = e.End, e.OutEnd
		}
		back.WriteString(in[lastIn:])
		if back.String() != in {
			t.Fatalf("spans do not rebuild the input")
		}
		restored := m.Restore(res.Text)
		for _, e := range res.Entities {
			if strings.Contains(restored, e.Placeholder) && !strings.Contains(in, e.Placeholder) {
				t.Fatalf("Restore left %s in %q", e.Placeholder, restored)
			}
		}
		// When every placeholder stands for one spelling only, Restore gives the input back.
		same := true
		for _, e := range res.Entities {
			if m.Restore(e.Placeholder) != in[e.Start:e.End] {
				same = false
			}
		}
		if same && !restoreRe.MatchString(in) && restored != in {
			t.Fatalf("Restore(Pseudonymize(x)) != x:\n%q\n%q", in, restored)
		}
	})
}
