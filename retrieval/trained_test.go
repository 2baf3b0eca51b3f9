package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-project/socle"
)

// doctrine writes sections where the words of each topic go together, enough for a model to
// learn them.
func doctrine(topics [][]string, n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		t := topics[i%len(topics)]
		var b strings.Builder
		for j := 0; j < 30; j++ {
			b.WriteString(t[(i*7+j*3)%len(t)])
			b.WriteString(" ")
		}
		out = append(out, b.String())
	}
	return out
}

var housing = [][]string{
	{"loyer", "bailleur", "impayé", "expulsion", "apurement", "locataire", "commandement", "quittance"},
	{"retraite", "pension", "réversion", "veuve", "conjoint", "décès", "caisse", "survivant"},
	{"handicap", "maison", "compensation", "invalidité", "fauteuil", "reconnaissance", "autonomie", "allocation"},
}

func TestTrainedEmbedderLifecycle(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a, b := f.org("alpha"), f.org("beta")
	f.version(a, f.guide(a, "doctrine"), socle.StatePublished, doctrine(housing, 60)...)
	f.version(b, f.guide(b, "court"), socle.StatePublished, "Un seul passage, trop court pour apprendre.")
	dir := t.TempDir()
	emb, err := NewTrainedEmbedder(EmbedderPPMI, 16)
	if err != nil {
		t.Fatal(err)
	}
	e, h := openEngine(t, dir, emb)
	if !h.Rebuild {
		t.Fatalf("health of a new directory = %+v", h)
	}
	if err := e.Rebuild(ctx, f.store, "", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "models", a+".ppmi.model")); err != nil {
		t.Fatalf("alpha's model not kept beside the indexes: %v", err)
	}
	// The vector side answers in the organization's own words.
	got := hitsFor(t, e, a, "veuve réversion", ModeVector)
	if len(got) == 0 || !strings.Contains(got[0].Text, "réversion") {
		t.Fatalf("vector search for a widow's pension: %v", sections(got))
	}
	// An organization too small to learn from gets no vector hits, and no error.
	if got := hitsFor(t, e, b, "passage", ModeVector); len(got) != 0 {
		t.Errorf("beta's vector hits: %v, want none (no model)", sections(got))
	}
	if got := hitsFor(t, e, b, "passage", ModeHybrid); len(got) != 1 {
		t.Errorf("beta's hybrid hits: %d, want its passage from the text index", len(got))
	}
	first := vectorsOf(t, e, a, "loyer impayé")
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopened: the models are read back, nothing to rebuild, the same vectors.
	emb2, _ := NewTrainedEmbedder(EmbedderPPMI, 16)
	e, h = openEngine(t, dir, emb2)
	if h.Rebuild {
		t.Fatalf("health after a clean rebuild = %+v, want none needed", h)
	}
	if again := vectorsOf(t, e, a, "loyer impayé"); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("vector ranking after reopening %v, before %v", again, first)
	}
	e.Close()

	// A lost model makes the next start rebuild.
	os.Remove(filepath.Join(dir, "models", a+".ppmi.model"))
	emb3, _ := NewTrainedEmbedder(EmbedderPPMI, 16)
	e, h = openEngine(t, dir, emb3)
	if !h.Rebuild || !strings.Contains(strings.Join(h.Reasons, ";"), "trained model") {
		t.Fatalf("health without alpha's model = %+v, want a rebuild", h)
	}
	if err := e.Rebuild(ctx, f.store, "", nil); err != nil {
		t.Fatal(err)
	}
	if again := vectorsOf(t, e, a, "loyer impayé"); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("vector ranking after retraining %v, want the same as the first training %v: training is deterministic", again, first)
	}

	// Publishing new doctrine trains the model again: its new words get vectors.
	g := f.guide(a, "emploi")
	v := f.version(a, g, socle.StatePublished, doctrine([][]string{{"emploi", "formation", "apprentissage", "mission", "chômage", "contrat", "jeune", "stage"}}, 20)...)
	if err := e.Publish(ctx, f.store, a, v.ID); err != nil {
		t.Fatal(err)
	}
	got = hitsFor(t, e, a, "apprentissage stage", ModeVector)
	if len(got) == 0 || got[0].GuideID != g {
		t.Fatalf("after publishing, vector search for apprenticeship: %v", sections(got))
	}
	if nt, _ := e.Text.Count(ctx, a); nt != 80 {
		t.Errorf("alpha's passages = %d, want 80", nt)
	}
	if nv, _ := e.Vectors.Count(ctx, a); nv != 80 {
		t.Errorf("alpha's vectors = %d, want 80", nv)
	}
}

func vectorsOf(t *testing.T, e *Engine, org, q string) []string {
	t.Helper()
	var out []string
	for _, h := range hitsFor(t, e, org, q, ModeVector) {
		out = append(out, h.Key())
	}
	return out
}

func TestTrainedEmbedderRefusesUnknownKind(t *testing.T) {
	if _, err := NewTrainedEmbedder("glove", 0); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("got %v, want invalid", err)
	}
}
