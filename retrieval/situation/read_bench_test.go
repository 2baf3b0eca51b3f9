package situation

import "testing"

// BenchmarkRead reads an intake note of four sentences: the situation mode and the planner read
// every situation once.
func BenchmarkRead(b *testing.B) {
	text := "Mme K., 41 ans, aide à domicile, seule avec 2 enf. (8 et 12 ans). A reçu un commandement de payer pour 4 mois de loyer. Intérim en baisse depuis l'été, ressources : 900 € par mois, n'ouvre plus son courrier. Demande de l'aide pour garder son appartement."
	Default()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Read(text, Options{})
	}
}
