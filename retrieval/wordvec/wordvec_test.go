package wordvec

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// topics make a synthetic corpus where words of one topic co-occur: what a model must learn.
var topics = [][]string{
	{"loyer", "bailleur", "impaye", "expulsion", "apurement", "fsl", "locataire", "commandement"},
	{"retraite", "pension", "reversion", "veuve", "conjoint", "deces", "caisse", "survivant"},
	{"handicap", "mdph", "aah", "compensation", "invalidite", "fauteuil", "rqth", "autonomie"},
	{"emploi", "formation", "mission", "locale", "apprentissage", "chomage", "contrat", "jeune"},
}

var filler = []string{"demande", "dossier", "service", "personne", "droit", "aide", "situation", "mois"}

func corpus(n int) [][]string {
	rng := rand.New(rand.NewPCG(7, 7))
	var docs [][]string
	for i := 0; i < n; i++ {
		t := topics[i%len(topics)]
		var d []string
		for j := 0; j < 40; j++ {
			if rng.IntN(3) == 0 {
				d = append(d, filler[rng.IntN(len(filler))])
			} else {
				d = append(d, t[rng.IntN(len(t))])
			}
		}
		docs = append(docs, d)
	}
	return docs
}

func cos(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestModelsLearnTopics(t *testing.T) {
	docs := corpus(400)
	for _, kind := range []string{PPMI, SGNS} {
		t.Run(kind, func(t *testing.T) {
			m, err := Train(kind, docs, Config{Dim: 16, Epochs: 3})
			if err != nil {
				t.Fatal(err)
			}
			// A text about rent arrears is nearer a rent text than a pension text.
			q := m.Compose([]string{"impaye", "loyer"})
			same := m.Compose([]string{"expulsion", "bailleur", "fsl"})
			other := m.Compose([]string{"reversion", "veuve", "pension"})
			if cos(q, same) <= cos(q, other)+0.1 {
				t.Errorf("cos(rent, rent) = %.2f, cos(rent, pension) = %.2f: want the first clearly higher", cos(q, same), cos(q, other))
			}
			if z := m.Compose([]string{"inconnu"}); slices.ContainsFunc(z, func(x float32) bool { return x != 0 }) {
				t.Error("a text of unknown words gave a non-zero vector")
			}
		})
	}
}

func TestTrainingIsDeterministic(t *testing.T) {
	docs := corpus(200)
	for _, kind := range []string{PPMI, SGNS} {
		a, err := Train(kind, docs, Config{Dim: 12, Epochs: 2})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Train(kind, docs, Config{Dim: 12, Epochs: 2})
		if !slices.Equal(a.Vec, b.Vec) || !slices.Equal(a.Common, b.Common) {
			t.Errorf("%s: two trainings on the same corpus differ", kind)
		}
	}
}

func TestModelRoundTrip(t *testing.T) {
	m, err := Train(PPMI, corpus(200), Config{Dim: 12})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != m.Kind || got.Dim != m.Dim || !slices.Equal(got.Words, m.Words) || !slices.Equal(got.Vec, m.Vec) ||
		!slices.Equal(got.Compose([]string{"loyer"}), m.Compose([]string{"loyer"})) {
		t.Fatal("the model read back differs")
	}
	for name, b := range map[string][]byte{"empty": nil, "garbage": []byte("not a model at all"), "truncated": buf.Bytes()[:buf.Len()/2]} {
		if _, err := Read(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
}

func TestTooSmall(t *testing.T) {
	if _, err := Train(PPMI, [][]string{{"un", "deux"}}, Config{}); err != ErrTooSmall {
		t.Fatalf("got %v, want ErrTooSmall", err)
	}
	if _, err := Train("glove", corpus(100), Config{Dim: 8}); err == nil {
		t.Fatal("an unknown kind trained")
	}
}

func TestJacobi(t *testing.T) {
	// A symmetric matrix with known eigenvalues 1, 3 (for [[2,1],[1,2]]).
	vals, _ := jacobiEigen([]float64{2, 1, 1, 2}, 2)
	slices.Sort(vals)
	if fmt.Sprintf("%.6f %.6f", vals[0], vals[1]) != "1.000000 3.000000" {
		t.Fatalf("eigenvalues %v", vals)
	}
}
