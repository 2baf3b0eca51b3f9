package plan_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socle-project/socle/modelserver"
	"github.com/socle-project/socle/plan"
)

// fakeModel is an OpenAI-compatible chat server whose answer is built from the prompt it gets.
type fakeModel struct {
	mu     sync.Mutex
	bodies []string
	answer func(prompt string) (status int, content string)
	delay  time.Duration
}

func (f *fakeModel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.bodies = append(f.bodies, string(body))
	f.mu.Unlock()
	if r.URL.Path != "/v1/chat/completions" {
		http.NotFound(w, r)
		return
	}
	var req struct {
		Messages []struct{ Role, Content string }
	}
	json.Unmarshal(body, &req)
	time.Sleep(f.delay)
	status, content := f.answer(req.Messages[len(req.Messages)-1].Content)
	if status != http.StatusOK {
		http.Error(w, content, status)
		return
	}
	out, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"message": map[string]string{"role": "assistant", "content": content}, "finish_reason": "stop"}}})
	w.Write(out)
}

// received returns the bodies of the requests received so far.
func (f *fakeModel) received() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.bodies...)
}

// passageRe finds the passages laid out in the prompt: "[P1] Guide › Path\ntext".
var passageRe = regexp.MustCompile(`(?m)^\[(P\d+)\] (.*)\n(.+)$`)

// firstSentence returns the first sentence of the first passage whose heading contains h.
func firstSentence(prompt, h string) (id, sentence string) {
	for _, m := range passageRe.FindAllStringSubmatch(prompt, -1) {
		if strings.Contains(m[2], h) {
			s := m[3]
			if i := strings.Index(s, ". "); i > 0 {
				s = s[:i+1]
			}
			return m[1], s
		}
	}
	return "", ""
}

func planJSON(steps ...map[string]any) string {
	b, _ := json.Marshal(map[string]any{"steps": steps})
	return string(b)
}

func step(action, passage, quote string) map[string]any {
	return map[string]any{"action": action, "rationale": "r", "need": "logement",
		"citations": []map[string]string{{"passage": passage, "quote": quote}}}
}

func (d *demo) llmPlanner(t *testing.T, f *fakeModel, timeout time.Duration) *plan.Planner {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := modelserver.New(modelserver.Config{BaseURL: srv.URL + "/v1", Timeout: timeout, MaxRetries: 1, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return &plan.Planner{Store: d.store, Search: d.engine, Generator: &plan.LLM{Client: c, Model: "fake-7b"}}
}

var rentCase = plan.Case{Situation: "Trois mois d'impayés de loyer, le bailleur a fait délivrer un commandement de payer. Plus aucun revenu.", Facts: plan.Facts{Age: 40}}

func TestLLMGoodAnswer(t *testing.T) {
	d := newDemo(t)
	f := &fakeModel{answer: func(prompt string) (int, string) {
		id, s := firstSentence(prompt, "Prévention des expulsions")
		// A faithful paraphrase, quoting its sentence with a typographic apostrophe and no period.
		quote := strings.TrimSuffix(strings.ReplaceAll(s, "'", "’"), ".")
		return 200, "```json\n" + planJSON(step("Dès le premier impayé de loyer, contacter le bailleur pour proposer un plan d'apurement de la dette.", id, quote)) + "\n```"
	}}
	res, err := d.llmPlanner(t, f, 5*time.Second).Plan(ctx, d.org.ID, rentCase)
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan.Generator != "llm:fake-7b" || res.Fallback != "" {
		t.Fatalf("generator %q, fallback %q", res.Plan.Generator, res.Fallback)
	}
	if len(res.Plan.Steps) != 1 || res.Plan.Steps[0].Support < plan.DefaultMinSupport {
		t.Fatalf("steps %+v, not covered %+v", res.Plan.Steps, res.Plan.NotCovered)
	}
	d.checkCitations(t, res.Plan.Steps)
	if !strings.Contains(res.Plan.Steps[0].Citations[0].Quote, "l’accord") && !strings.Contains(res.Plan.Steps[0].Citations[0].Quote, "l'accord") {
		t.Fatalf("the stored quote must be the doctrine's own text: %q", res.Plan.Steps[0].Citations[0].Quote)
	}
}

func TestLLMBadClaims(t *testing.T) {
	d := newDemo(t)
	f := &fakeModel{answer: func(prompt string) (int, string) {
		id, s := firstSentence(prompt, "Prévention des expulsions")
		return 200, planJSON(
			step("Contacter le bailleur pour un plan d'apurement.", "P99", s),                                                // not retrieved
			step("Saisir le juge des référés en urgence.", id, "Saisir le juge des référés en urgence dans les huit jours."), // quote absent
			step("Demander au préfet une réquisition d'un logement vacant pour la famille.", id, s),                          // unsupported
			step("Dès le premier impayé de loyer, contacter le bailleur.", id, s),                                            // fine
		)
	}}
	res, err := d.llmPlanner(t, f, 5*time.Second).Plan(ctx, d.org.ID, rentCase)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Plan.Steps) != 1 || !strings.HasPrefix(res.Plan.Steps[0].Action, "Dès le premier impayé") {
		t.Fatalf("kept steps: %+v", res.Plan.Steps)
	}
	d.checkCitations(t, res.Plan.Steps)
	reasons := map[string]string{}
	for _, s := range res.Plan.NotCovered {
		reasons[s.Action] = s.Reason
		if len(s.Citations) != 0 {
			t.Errorf("a step set apart keeps citations: %+v", s)
		}
	}
	for action, want := range map[string]string{
		"Contacter le bailleur pour un plan d'apurement.":                          "not among the passages retrieved",
		"Saisir le juge des référés en urgence.":                                   "is not in that passage",
		"Demander au préfet une réquisition d'un logement vacant pour la famille.": "support",
	} {
		if !strings.Contains(reasons[action], want) {
			t.Errorf("step %q: reason %q, want it to say %q", action, reasons[action], want)
		}
	}
}

func TestLLMFallbacks(t *testing.T) {
	d := newDemo(t)
	tests := []struct {
		name    string
		model   *fakeModel
		timeout time.Duration
		says    string
		calls   int
	}{
		{"malformed JSON", &fakeModel{answer: func(string) (int, string) { return 200, `{"steps": [{"action": "x",` }}, time.Second, "malformed JSON", 2},
		{"server error", &fakeModel{answer: func(string) (int, string) { return 500, "CUDA out of memory" }}, time.Second, "answered 500", 2},
		{"slow answer", &fakeModel{delay: 400 * time.Millisecond, answer: func(string) (int, string) { return 200, planJSON() }}, 150 * time.Millisecond, "did not answer within", 2},
		{"no step", &fakeModel{answer: func(string) (int, string) { return 200, `{"steps": []}` }}, time.Second, "no step", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := d.llmPlanner(t, tt.model, tt.timeout).Plan(ctx, d.org.ID, rentCase)
			if err != nil {
				t.Fatal(err)
			}
			if res.Plan.Generator != "extractive" || !strings.Contains(res.Fallback, tt.says) {
				t.Fatalf("generator %q, fallback %q: want the extractive generator, saying %q", res.Plan.Generator, res.Fallback, tt.says)
			}
			if len(res.Plan.Steps) == 0 {
				t.Fatal("the fallback plan is empty")
			}
			d.checkCitations(t, res.Plan.Steps)
			if n := len(tt.model.received()); n != tt.calls {
				t.Fatalf("%d requests, want %d", n, tt.calls)
			}
		})
	}
}
