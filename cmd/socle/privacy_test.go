package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// embeddingsServer is an OpenAI-compatible embeddings endpoint that keeps every text it was
// sent: the one imitation of a model the tests allow.
type embeddingsServer struct {
	mu     sync.Mutex
	inputs []string
}

func (s *embeddingsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/embeddings" || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	var req struct {
		Model string   `json:"model"`
		Input []string `json:"input"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.inputs = append(s.inputs, req.Input...)
	s.mu.Unlock()
	type item struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	resp := struct {
		Object string `json:"object"`
		Data   []item `json:"data"`
		Model  string `json:"model"`
	}{Object: "list", Model: req.Model}
	for i, in := range req.Input {
		v := make([]float32, 8)
		for j := range v {
			v[j] = float32((len(in)+j)%7 + 1)
		}
		resp.Data = append(resp.Data, item{Object: "embedding", Index: i, Embedding: v})
	}
	_ = json.NewEncoder(w).Encode(resp)
}

func (s *embeddingsServer) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.inputs...)
}

// TestSearchReachesEmbeddingServerMasked searches with a case's identifiers in the text while
// the embedder is a server outside the process: the server must receive the search, but none of
// the names, numbers and addresses in it.
func TestSearchReachesEmbeddingServerMasked(t *testing.T) {
	fake := &embeddingsServer{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	model := []string{"--embeddings-url", srv.URL + "/v1", "--embeddings-model", "fake", "--embeddings-dim", "8"}
	data, files := t.TempDir(), t.TempDir()
	guide := writeGuide(t, files, "logement.md", situationGuide)
	if out, errs, code := socleRun(t, "org", "create", "--data", data, "--slug", "mds", "--name", "MDS"); code != 0 {
		t.Fatalf("org create: %d %s %s", code, out, errs)
	}
	if out, errs, code := socleRun(t, append([]string{"ingest", "--data", data, "--publish", "--quiet"}, append(model, guide)...)...); code != 0 {
		t.Fatalf("ingest: %d %s %s", code, out, errs)
	}
	indexed := len(fake.received())
	text := "Mme Sophie GARNIER, joignable au 06 12 34 56 78 ou à sophie.garnier@example.fr, vit au 12 rue des Lilas. Elle a reçu un commandement de payer pour trois mois de loyer."
	for _, mode := range []string{"hybrid", "situation"} {
		if out, errs, code := socleRun(t, append(append([]string{"search", "--data", data, "--mode", mode}, model...), text)...); code != 0 || !strings.Contains(out, "Impayés de loyer") {
			t.Fatalf("search --mode %s: %d\n%s\n%s", mode, code, out, errs)
		}
	}
	queries := fake.received()[indexed:]
	if len(queries) == 0 {
		t.Fatal("the searches never reached the embedding server")
	}
	for _, q := range queries {
		low := strings.ToLower(q)
		for _, id := range []string{"sophie", "garnier", "06 12 34 56 78", "example.fr", "rue des lilas"} {
			if strings.Contains(low, id) {
				t.Errorf("the embedding server received %q in %q", id, q)
			}
		}
	}
	if !strings.Contains(strings.ToLower(strings.Join(queries, " ")), "loyer") {
		t.Errorf("the embedding server did not receive the search's subject: %q", queries)
	}
}
