package plan

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle/plan/pseudonym"
)

// caseFileOf makes a case file of about size bytes of notes written like a caseworker's.
func caseFileOf(size int) CaseFile {
	var cf CaseFile
	names := []string{"Mme Sophie Martin", "M. Karim Benali", "sa fille Léa", "Mme Dupont", "le bailleur, M. Girard"}
	day := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	total := 0
	for i := 0; total < size; i++ {
		text := fmt.Sprintf("Entretien avec %s, 34 ans, locataire au 12 rue des Lilas. Trois mois d'impayés de loyer, "+
			"ressources : RSA. Tél. 06 12 34 56 %02d. Orientation vers le FSL et la CAF. %s signale une coupure d'électricité annoncée.",
			names[i%len(names)], i%100, names[(i+2)%len(names)])
		text = strings.Repeat(text+" ", 40)
		if total+len(text) > size {
			text = text[:size-total]
		}
		cf.Notes = append(cf.Notes, Note{Date: day.AddDate(0, 0, i).Format("2006-01-02"), Text: text})
		total += len(text)
	}
	return cf
}

// BenchmarkDigest measures a digest at the case file cap (256 KiB) beside the 2 MiB that was
// allowed before (the reference): ms per digest, and µs per KiB.
func BenchmarkDigest(b *testing.B) {
	pz, err := pseudonym.New(pseudonym.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{MaxCaseFileBytes, 2 << 20} {
		cf := caseFileOf(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			start := time.Now()
			for b.Loop() {
				if _, err := MakeDigest(cf, pz); err != nil && size <= MaxCaseFileBytes {
					b.Fatal(err)
				}
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(per.Milliseconds()), "ms/digest")
			b.ReportMetric(float64(per.Microseconds())/float64(size>>10), "µs/KiB")
		})
	}
}
