package plan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/modelserver"
	"github.com/socle-project/socle/plan"
	"github.com/socle-project/socle/plan/pseudonym"
	"github.com/socle-project/socle/retrieval"
)

// recordingSearch passes searches on and keeps their text.
type recordingSearch struct {
	next    plan.Searcher
	mu      sync.Mutex
	queries []string
}

func (r *recordingSearch) Search(ctx context.Context, orgID string, q retrieval.Query) (retrieval.Result, error) {
	r.mu.Lock()
	r.queries = append(r.queries, q.Text)
	r.mu.Unlock()
	return r.next.Search(ctx, orgID, q)
}

// identifiers are planted in the case; none may leave the process or reach the store.
var identifiers = []string{"Sophie", "Garnier", "Lucas", "06 12 34 56 78", "0612345678", "sophie.garnier@example.fr",
	"2 84 05 75 112 233 45", "FR76 3000 6000 0112 3456 7890 189", "12 rue des Lilas", "03/05/1984"}

const privateSituation = "Mme Sophie GARNIER, née le 03/05/1984, vit au 12 rue des Lilas, 38000 Grenoble avec son fils Lucas. " +
	"Joignable au 06 12 34 56 78 ou à sophie.garnier@example.fr. NIR 2 84 05 75 112 233 45, IBAN FR76 3000 6000 0112 3456 7890 189. " +
	"Elle a trois mois d'impayés de loyer et le bailleur a fait délivrer un commandement de payer."

func leaks(s string) []string {
	var found []string
	f := strings.ToLower(s)
	for _, id := range identifiers {
		if strings.Contains(f, strings.ToLower(id)) {
			found = append(found, id)
		}
	}
	return found
}

func TestNoIdentifierLeaves(t *testing.T) {
	d := newDemo(t)
	pz, err := pseudonym.New(pseudonym.Options{})
	if err != nil {
		t.Fatal(err)
	}
	model := &fakeModel{answer: func(prompt string) (int, string) {
		id, s := firstSentence(prompt, "Prévention des expulsions")
		return 200, planJSON(step("Pour [PERSONNE_1] : "+strings.TrimSuffix(s, "."), id, s))
	}}
	srv := httptest.NewServer(model)
	defer srv.Close()
	client, _ := modelserver.New(modelserver.Config{BaseURL: srv.URL + "/v1", Timeout: 5 * time.Second})
	search := &recordingSearch{next: d.engine}
	var logs bytes.Buffer
	p := &plan.Planner{Store: d.store, Search: search, Pseudonymizer: pz, Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Generator: &plan.LLM{Client: client, Model: "fake"}}

	res, err := p.Plan(ctx, d.org.ID, plan.Case{Situation: privateSituation, Facts: plan.Facts{Household: "Sophie Garnier et son fils Lucas"}})
	if err != nil {
		t.Fatal(err)
	}
	bodies := model.received()
	if len(bodies) == 0 || len(search.queries) == 0 {
		t.Fatal("the model server or the search was not called")
	}
	for _, b := range bodies {
		if l := leaks(b); l != nil {
			t.Errorf("the model server received %v", l)
		}
		if !strings.Contains(b, "[PERSONNE_1]") || !strings.Contains(b, "impayés de loyer") {
			t.Errorf("the model server did not get the pseudonymized situation: %.300s", b)
		}
	}
	for _, q := range search.queries {
		if l := leaks(q); l != nil {
			t.Errorf("a retrieval query held %v: %q", l, q)
		}
	}
	if len(res.Plan.Steps) == 0 {
		t.Fatalf("no step; not covered: %+v", res.Plan.NotCovered)
	}
	// The caseworker sees the name back; the plan itself keeps the placeholder.
	if rep := res.Report(nil); !strings.Contains(rep.Steps[0].Action, "Sophie") {
		t.Errorf("restored action: %q", rep.Steps[0].Action)
	}
	saved := res.Plan
	saved.ExpiresAt = socle.Now().Add(time.Hour)
	if err := d.store.SavePlan(ctx, &saved); err != nil {
		t.Fatal(err)
	}
	back, err := d.store.Plan(ctx, d.org.ID, saved.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := json.Marshal(back)
	if l := leaks(string(stored)); l != nil {
		t.Errorf("the stored plan holds %v", l)
	}
	if !strings.Contains(back.CaseDigest, "[PERSONNE_1]") {
		t.Errorf("stored digest: %q", back.CaseDigest)
	}
	// Logging the result by accident leaks nothing either.
	p.Log.Info("plan made", "result", res, "plan", res.Plan)
	if l := leaks(logs.String()); l != nil {
		t.Errorf("the log holds %v", l)
	}
}
