package plan_test

import (
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle/modelserver"
	"github.com/socle-project/socle/plan"
)

func (d *demo) selectPlanner(t testing.TB, f *fakeModel) *plan.Planner {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := modelserver.New(modelserver.Config{BaseURL: srv.URL + "/v1", Timeout: 5 * time.Second, MaxRetries: 1, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return &plan.Planner{Store: d.store, Search: d.engine, Generator: &plan.Selector{Client: c, Model: "fake-7b"}}
}

// candidateRe finds the candidates laid out in the prompt: "[3] (logement) Guide › Path\nsentence".
var candidateRe = regexp.MustCompile(`(?m)^\[(\d+)\] \(([a-z-]*)\) (.*)\n(.+)$`)

type candidate struct {
	n              int
	need, sentence string
}

func candidatesOf(prompt string) []candidate {
	var out []candidate
	for _, m := range candidateRe.FindAllStringSubmatch(prompt, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, candidate{n, m[2], m[4]})
	}
	return out
}

func keepJSON(keep ...int) string {
	b, _ := json.Marshal(map[string]any{"keep": keep})
	return string(b)
}

// The model's choice, in its order, is the plan: the candidates it keeps, quoted as the
// doctrine writes them, each with the need it answers.
func TestSelectorKeepsWhatTheModelChooses(t *testing.T) {
	d := newDemo(t)
	offline, err := (&plan.Planner{Store: d.store, Search: d.engine}).Plan(ctx, d.org.ID, rentCase)
	if err != nil {
		t.Fatal(err)
	}
	var shown []candidate
	var want []string
	f := &fakeModel{answer: func(prompt string) (int, string) {
		shown = candidatesOf(prompt)
		if len(shown) < 3 {
			return 200, keepJSON()
		}
		// The last candidate first, then the first one.
		last, first := shown[len(shown)-1], shown[0]
		want = []string{last.sentence, first.sentence}
		return 200, keepJSON(last.n, first.n)
	}}
	res, err := d.selectPlanner(t, f).Plan(ctx, d.org.ID, rentCase)
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) <= len(offline.Plan.Steps) {
		t.Fatalf("the model was shown %d candidates, no more than the %d steps of the offline plan", len(shown), len(offline.Plan.Steps))
	}
	if res.Plan.Generator != "select:fake-7b" || res.Fallback != "" {
		t.Fatalf("generator %q, fallback %q", res.Plan.Generator, res.Fallback)
	}
	if len(res.Plan.Steps) != 2 || res.Plan.Steps[0].Action != want[0] || res.Plan.Steps[1].Action != want[1] {
		t.Fatalf("steps %+v, want %q", res.Plan.Steps, want)
	}
	if res.Plan.Steps[0].Need != shown[len(shown)-1].need || res.Plan.Steps[1].Need != shown[0].need {
		t.Fatalf("needs %q, %q: want the candidates' own", res.Plan.Steps[0].Need, res.Plan.Steps[1].Need)
	}
	d.checkCitations(t, res.Plan.Steps)
	// The passages offered are the candidates the model set aside: the same draw, drawn once.
	setAside := map[string]bool{}
	for _, c := range shown {
		if c.sentence != want[0] && c.sentence != want[1] {
			setAside[c.sentence] = true
		}
	}
	for _, o := range res.Offered {
		if !setAside[o.Action] {
			t.Errorf("offered %q, which the model was not shown or kept", o.Action)
		}
		delete(setAside, o.Action)
	}
	if len(setAside) > 0 {
		t.Errorf("candidates set aside but not offered: %v", setAside)
	}
	prompt := f.received()[0]
	if !strings.Contains(prompt, "impayés de loyer") || !strings.Contains(prompt, `\"keep\"`) {
		t.Fatalf("the prompt lacks the situation or the answer's form: %.300s", prompt)
	}
}

// "No candidate helps" is an answer: the plan has no step and says why, with no fallback.
func TestSelectorEmptyChoice(t *testing.T) {
	d := newDemo(t)
	f := &fakeModel{answer: func(string) (int, string) { return 200, `{"keep": []}` }}
	res, err := d.selectPlanner(t, f).Plan(ctx, d.org.ID, rentCase)
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan.Generator != "select:fake-7b" || res.Fallback != "" || len(res.Plan.Steps) != 0 {
		t.Fatalf("generator %q, fallback %q, steps %d", res.Plan.Generator, res.Fallback, len(res.Plan.Steps))
	}
	if res.EmptyReason == "" || len(res.Uncovered) != len(res.Needs) {
		t.Fatalf("empty reason %q, %d needs not covered of %d", res.EmptyReason, len(res.Uncovered), len(res.Needs))
	}
}

// An answer that makes no sense is asked for again, then the offline plan is given, saying why.
func TestSelectorFallbacks(t *testing.T) {
	d := newDemo(t)
	for _, tt := range []struct {
		name, answer, says string
	}{
		{"malformed JSON", `{"keep": [1,`, "malformed JSON"},
		{"no choice at all", `{"steps": []}`, "malformed JSON"},
		{"a number out of range", `{"keep": [99]}`, "not one of the"},
		{"a number twice", `{"keep": [1, 1]}`, "chosen twice"},
		{"objects, not numbers", `{"keep": [{"n": 1}]}`, "malformed JSON"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeModel{answer: func(string) (int, string) { return 200, tt.answer }}
			res, err := d.selectPlanner(t, f).Plan(ctx, d.org.ID, rentCase)
			if err != nil {
				t.Fatal(err)
			}
			if res.Plan.Generator != "extractive" || !strings.Contains(res.Fallback, tt.says) || len(res.Plan.Steps) == 0 {
				t.Fatalf("generator %q, fallback %q, %d steps: want the extractive plan, saying %q", res.Plan.Generator, res.Fallback, len(res.Plan.Steps), tt.says)
			}
			if n := len(f.received()); n != 2 {
				t.Fatalf("%d requests, want 2", n)
			}
		})
	}
}
