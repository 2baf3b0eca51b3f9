package pseudonym

import (
	"fmt"
	"strings"
	"testing"
)

// benchNote returns a realistic note of about 2,000 characters from the labelled set.
func benchNote(b *testing.B) string {
	b.Helper()
	var sb strings.Builder
	for _, n := range loadNotes(b, "cases.txt") {
		if sb.Len() > 2000 {
			break
		}
		sb.WriteString(n.text)
		sb.WriteString("\n\n")
	}
	return sb.String()[:2000]
}

func BenchmarkPseudonymize2000(b *testing.B) {
	p := newTestPseudonymizer(b)
	text := benchNote(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		var m Mapping
		if _, err := p.Pseudonymize(text, &m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/note")
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPseudonymizeLargest runs the largest text accepted (1 MiB) made of nothing but one
// kind of entity, so that a quadratic step would show.
func BenchmarkPseudonymizeLargest(b *testing.B) {
	p := newTestPseudonymizer(b)
	var names strings.Builder
	for i := 0; names.Len() < DefaultMaxBytes-64; i++ {
		fmt.Fprintf(&names, "vu %c%c%c%c%c Martin. Mme Martin. ", 'A'+i%26, 'a'+i/26%26, 'a'+i/676%26, 'a'+i/17576%26, 'e')
	}
	for _, c := range []struct{ name, text string }{
		{"names", names.String()},
		{"phones", strings.Repeat("06 12 34 56 78 ", DefaultMaxBytes/16)},
		{"capitals", strings.Repeat("Abc Def Ghi ", DefaultMaxBytes/13)},
		{"mixed", strings.Repeat("Mme Sophie MARTIN née Dupont, sa fille Léa (8 ans), 06 12 34 56 78, sophie@x.fr, 12 rue des Lilas. ", DefaultMaxBytes/110)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			for b.Loop() {
				var m Mapping
				if _, err := p.Pseudonymize(c.text, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
