package plan

import (
	"testing"

	"github.com/socle-project/socle"
)

// TestTakenUpAt checks where a passage colleagues take up joins the plan: after its need's
// steps; for an urgent need with none, after the urgent steps that open the plan; otherwise at
// the end.
func TestTakenUpAt(t *testing.T) {
	steps := []socle.Step{{Need: "violences"}, {Need: "hebergement"}, {Need: "ressources"}, {Need: "logement"}}
	for _, tt := range []struct {
		need string
		want int
	}{
		{"violences", 1},
		{"ressources", 3},
		{"danger-enfant", 2}, // urgent, no step yet: after the urgent ones
		{"budget", 4},        // not urgent, no step yet: at the end
	} {
		if got := takenUpAt(steps, tt.need); got != tt.want {
			t.Errorf("%s: at %d, want %d", tt.need, got, tt.want)
		}
	}
	if got := takenUpAt(nil, "danger-enfant"); got != 0 {
		t.Errorf("empty plan: at %d, want 0", got)
	}
}
