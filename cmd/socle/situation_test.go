package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const situationGuide = `# Guide logement

## Impayés de loyer

Dès le premier impayé de loyer, contacter le bailleur pour proposer un plan d'apurement.

Saisir le fonds de solidarité pour le logement (FSL) lorsque le plan ne suffit pas.

## Veuvage

Après le décès du conjoint, aider la personne à demander la pension de réversion auprès des caisses de retraite.
`

// TestSituationCommands searches and evaluates in the situation mode from the command line, and
// makes a plan that shows the needs it read.
func TestSituationCommands(t *testing.T) {
	data, files := t.TempDir(), t.TempDir()
	guide := writeGuide(t, files, "logement.md", situationGuide)
	if out, errs, code := socleRun(t, "org", "create", "--data", data, "--slug", "mds", "--name", "MDS"); code != 0 {
		t.Fatalf("org create: %d %s %s", code, out, errs)
	}
	if out, errs, code := socleRun(t, "ingest", "--data", data, "--publish", "--quiet", guide); code != 0 {
		t.Fatalf("ingest: %d %s %s", code, out, errs)
	}
	situation := "Mme R., 74 ans, son mari est décédé. Elle a reçu un commandement de payer pour trois mois de loyer."
	out, errs, code := socleRun(t, "search", "--data", data, "--mode", "situation", situation)
	if code != 0 || !strings.Contains(out, "Décès d'un proche [deces]") || !strings.Contains(out, "need logement") || !strings.Contains(out, "Veuvage") {
		t.Fatalf("search --mode situation: %d\n%s\n%s", code, out, errs)
	}
	out, _, code = socleRun(t, "search", "--data", data, "--mode", "situation", "--json", situation)
	var res struct {
		Mode      string
		Situation struct{ Needs []struct{ Code string } }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || res.Mode != "situation" || len(res.Situation.Needs) < 2 {
		t.Fatalf("search --json: %d %v\n%s", code, err, out)
	}
	if _, errs, code := socleRun(t, "search", "--data", data, "--mode", "situationnel", "x"); code != 2 || !strings.Contains(errs, "bm25, vector, hybrid or situation") {
		t.Fatalf("unknown mode: %d %s", code, errs)
	}

	c := filepath.Join(files, "case.json")
	os.WriteFile(c, []byte(`{"situation": "`+situation+`"}`), 0o644)
	out, errs, code = socleRun(t, "plan", "--data", data, "--case", c)
	if code != 0 || !strings.Contains(out, "Needs detected:") || !strings.Contains(out, "[logement] (") || !strings.Contains(out, "contacter le bailleur") || !strings.Contains(out, "More passages of your guides on these needs (") {
		t.Fatalf("plan: %d\n%s\n%s", code, out, errs)
	}
	os.WriteFile(c, []byte(`{"situation": "Mme 85 ans, au 3e sans ascenseur, sa voisine lui monte ses courses, son fils habite à Nantes."}`), 0o644)
	out, errs, code = socleRun(t, "plan", "--data", data, "--case", c)
	if code != 0 || !strings.Contains(out, "Needs suggested, not searched for (add one to the case's facts.needs): Perte d'autonomie et isolement [autonomie] (") {
		t.Fatalf("plan with a need suggested: %d\n%s\n%s", code, out, errs)
	}
	if strings.Contains(out, "URGENT") {
		t.Fatalf("plan with no urgent need announces one:\n%s", out)
	}
	os.WriteFile(c, []byte(`{"situation": "Mme C., 31 ans, aide-soignante à temps plein, séparée du père de ses deux enfants. La pension alimentaire n'est plus versée depuis décembre : il dit qu'il a perdu son travail."}`), 0o644)
	out, errs, code = socleRun(t, "plan", "--data", data, "--case", c)
	if code != 0 || !strings.Contains(out, "Emploi et formation [emploi] (perdu son travail) (mentioned, likely context)") {
		t.Fatalf("plan with a need doubted: %d\n%s\n%s", code, out, errs)
	}
	os.WriteFile(c, []byte(`{"situation": "Mme L., 29 ans, son compagnon la frappe quand il a bu. Trois mois d'impayés de loyer."}`), 0o644)
	out, errs, code = socleRun(t, "plan", "--data", data, "--case", c)
	if code != 0 || !strings.Contains(out, "URGENT, and your guides give no instruction for it: Violences conjugales ou intrafamiliales [violences].") {
		t.Fatalf("plan with an urgent need not covered: %d\n%s\n%s", code, out, errs)
	}
	os.WriteFile(c, []byte(`{"situation": "`+situation+`"}`), 0o644)

	// A chat model that chooses among the candidate steps (--llm-mode select): it keeps the last.
	model := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Messages []struct{ Content string } }
		json.NewDecoder(r.Body).Decode(&req)
		last := strings.Count(req.Messages[len(req.Messages)-1].Content, "\n[")
		answer, _ := json.Marshal(map[string]any{"keep": []int{last}})
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]string{"role": "assistant", "content": string(answer)}, "finish_reason": "stop"}}})
	}))
	defer model.Close()
	out, errs, code = socleRun(t, "plan", "--data", data, "--case", c, "--json", "--llm-url", model.URL+"/v1", "--llm-model", "fake-7b", "--llm-mode", "select")
	var chosen struct {
		Generator    string
		Steps        []struct{ Action string }
		StepsOffered []struct{ Action string } `json:"steps_offered"`
	}
	if err := json.Unmarshal([]byte(out), &chosen); err != nil || code != 0 || chosen.Generator != "select:fake-7b" || len(chosen.Steps) != 1 {
		t.Fatalf("plan --llm-mode select: %d %v\n%s\n%s", code, err, out, errs)
	}
	// What the model set aside is offered beside its choice.
	if len(chosen.StepsOffered) == 0 {
		t.Fatalf("plan --llm-mode select offers nothing beside the step chosen:\n%s", out)
	}
	for _, o := range chosen.StepsOffered {
		if o.Action == chosen.Steps[0].Action {
			t.Errorf("the step the model chose is offered again: %q", o.Action)
		}
	}
	if _, errs, code := socleRun(t, "plan", "--data", data, "--case", c, "--llm-url", model.URL+"/v1", "--llm-model", "fake-7b", "--llm-mode", "choisir"); code != 2 || !strings.Contains(errs, "want write or select") {
		t.Fatalf("unknown --llm-mode: %d %s", code, errs)
	}

	// eval --mode situation, with the reference, on a tiny BEIR set.
	corpus := filepath.Join(files, "corpus.jsonl")
	os.WriteFile(corpus, []byte(`{"_id": "a", "title": "Impayés de loyer", "text": "Contacter le bailleur, saisir le FSL, plan d'apurement de la dette locative."}
{"_id": "b", "title": "Pension de réversion", "text": "Le conjoint survivant demande la pension de réversion aux caisses de retraite."}
{"_id": "c", "title": "Permis de conduire", "text": "Les points du permis se récupèrent par un stage."}
`), 0o644)
	queries := filepath.Join(files, "queries.jsonl")
	os.WriteFile(queries, []byte(`{"_id": "q1", "text": "Son mari est décédé, elle ne sait pas quoi demander aux caisses."}
`), 0o644)
	qrels := filepath.Join(files, "qrels.tsv")
	os.WriteFile(qrels, []byte("query-id\tcorpus-id\tscore\nq1\tb\t2\n"), 0o644)
	out, errs, code = socleRun(t, "eval", "--corpus", corpus, "--queries", queries, "--qrels", qrels, "--reference", "--json")
	var rep struct {
		Modes map[string]struct {
			NDCG float64 `json:"ndcg@10"`
		}
		Reference *struct {
			NDCG float64 `json:"ndcg@10"`
		} `json:"reference_bm25"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.Reference == nil {
		t.Fatalf("eval: %d %v\n%s\n%s", code, err, out, errs)
	}
	if _, ok := rep.Modes["situation"]; !ok || rep.Modes["situation"].NDCG < 0.99 {
		t.Fatalf("eval modes: %+v, want situation among them, finding the survivor's pension first", rep.Modes)
	}

	// The trained embedder from the command line; a bad name is a usage error.
	if _, errs, code := socleRun(t, "search", "--data", data, "--embedder", "glove", "loyer"); code != 2 || !strings.Contains(errs, "hashing, ppmi or sgns") {
		t.Fatalf("--embedder glove: %d %s", code, errs)
	}
	if out, errs, code := socleRun(t, "reindex", "--data", data, "--embedder", "ppmi"); code != 0 {
		t.Fatalf("reindex --embedder ppmi: %d %s %s", code, out, errs)
	}
	if out, errs, code := socleRun(t, "search", "--data", data, "--embedder", "ppmi", "--mode", "hybrid", "loyer impayé"); code != 0 || !strings.Contains(out, "Impayés de loyer") {
		t.Fatalf("search with the trained embedder: %d\n%s\n%s", code, out, errs)
	}
}
