package logit

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A model drawn from known weights is found again.
func TestFitRecoversTheWeights(t *testing.T) {
	want := []float64{-1, 2, -3}
	r := rand.New(rand.NewPCG(1, 2))
	var xs [][]float64
	var ys []float64
	for range 20000 {
		x := []float64{r.Float64()*2 - 1, r.Float64()*2 - 1}
		y := 0.0
		if r.Float64() < Probability(want, x) {
			y = 1
		}
		xs, ys = append(xs, x), append(ys, y)
	}
	got := Fit(xs, ys)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 0.15 {
			t.Fatalf("weights %.2f, want %.2f", got, want)
		}
	}
}

// Features that separate the classes perfectly still give finite weights (the ridge).
func TestFitSeparableStaysFinite(t *testing.T) {
	xs := [][]float64{{0}, {0.1}, {0.9}, {1}}
	ys := []float64{0, 0, 1, 1}
	for _, w := range Fit(xs, ys) {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			t.Fatalf("weights %v", Fit(xs, ys))
		}
	}
	if p := Probability(Fit(xs, ys), []float64{1}); p < 0.9 {
		t.Fatalf("probability of the positive side %.2f", p)
	}
}
