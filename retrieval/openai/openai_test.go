package openai

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socle-project/socle"
)

// fakeServer is an OpenAI-compatible embeddings endpoint whose vectors are a function of the
// text: dimension dim, component i = len(text)+i. fail answers the first requests with a
// status instead.
type fakeServer struct {
	dim      int
	fail     []int // statuses of the first requests, in order
	delay    time.Duration
	requests atomic.Int32
	inputs   atomic.Int32
	lastAuth atomic.Value
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(f.requests.Add(1))
	f.lastAuth.Store(r.Header.Get("Authorization"))
	if r.URL.Path != "/v1/embeddings" || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	if n <= len(f.fail) {
		if f.fail[n-1] == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
		}
		http.Error(w, `{"error":{"message":"busy"}}`, f.fail[n-1])
		return
	}
	var req request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.inputs.Add(int32(len(req.Input)))
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
	// Answer in reverse order: the client must put vectors back by index.
	for i := len(req.Input) - 1; i >= 0; i-- {
		v := make([]float32, f.dim)
		for j := range v {
			v[j] = float32(len(req.Input[i]) + j)
		}
		resp.Data = append(resp.Data, item{Object: "embedding", Index: i, Embedding: v})
	}
	_ = json.NewEncoder(w).Encode(resp)
}

func newFake(t *testing.T, f *fakeServer, cfg Config) *Embedder {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	cfg.BaseURL = srv.URL + "/v1"
	if cfg.Model == "" {
		cfg.Model = "test-model"
	}
	if cfg.Backoff == 0 {
		cfg.Backoff = time.Millisecond
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// want returns the normalized vector the fake server gives for text.
func want(text string, dim int) []float32 {
	v := make([]float32, dim)
	var s float64
	for j := range v {
		v[j] = float32(len(text) + j)
		s += float64(v[j]) * float64(v[j])
	}
	for j := range v {
		v[j] /= float32(math.Sqrt(s))
	}
	return v
}

func TestEmbedBatchesAndOrders(t *testing.T) {
	f := &fakeServer{dim: 4}
	e := newFake(t, f, Config{Dim: 4, BatchSize: 3, APIKey: "secret"})
	texts := []string{"a", "bb", "ccc", "dddd", "", "ffffff", "g"}
	got, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(texts) {
		t.Fatalf("got %d vectors, want %d", len(got), len(texts))
	}
	for i, txt := range texts {
		if txt == "" {
			txt = " " // empty input is sent as one space
		}
		w := want(txt, 4)
		for j := range w {
			if math.Abs(float64(got[i][j]-w[j])) > 1e-6 {
				t.Fatalf("vector %d = %v, want %v", i, got[i], w)
			}
		}
	}
	if n := f.requests.Load(); n != 3 {
		t.Errorf("requests = %d, want 3 batches of at most 3", n)
	}
	if a, _ := f.lastAuth.Load().(string); a != "Bearer secret" {
		t.Errorf("Authorization = %q, want the bearer token", a)
	}
	if e.Model() != "openai-compatible:test-model" || e.Dim() != 4 {
		t.Errorf("Model, Dim = %q, %d", e.Model(), e.Dim())
	}
}

func TestEmbedRetries(t *testing.T) {
	tests := []struct {
		name     string
		fail     []int
		retries  int
		wantErr  socle.ErrorKind // "" for success
		requests int32
	}{
		{"429 then ok", []int{429}, 0, "", 2},
		{"503 twice then ok", []int{503, 503}, 0, "", 3},
		{"500 every time", []int{500, 500, 500, 500, 500, 500}, 2, socle.EUNAVAILABLE, 3},
		{"400 is not retried", []int{400}, 0, socle.EINVALID, 1},
		{"401 says to check the key", []int{401}, 0, socle.EUNAVAILABLE, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeServer{dim: 3, fail: tt.fail}
			e := newFake(t, f, Config{Dim: 3, MaxRetries: tt.retries})
			_, err := e.Embed(context.Background(), []string{"x"})
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Embed: %v", err)
			}
			if tt.wantErr != "" && socle.KindOf(err) != tt.wantErr {
				t.Fatalf("Embed error = %v (kind %s), want kind %s", err, socle.KindOf(err), tt.wantErr)
			}
			if n := f.requests.Load(); n != tt.requests {
				t.Errorf("requests = %d, want %d", n, tt.requests)
			}
		})
	}
}

func TestEmbedSlowServerTimesOut(t *testing.T) {
	f := &fakeServer{dim: 3, delay: 2 * time.Second}
	e := newFake(t, f, Config{Dim: 3, Timeout: 50 * time.Millisecond, MaxRetries: 1})
	_, err := e.Embed(context.Background(), []string{"x"})
	if socle.KindOf(err) != socle.EUNAVAILABLE {
		t.Fatalf("Embed error = %v, want EUNAVAILABLE", err)
	}
	if !strings.Contains(err.Error(), "did not answer within") {
		t.Errorf("error %q does not say the server was too slow", err)
	}
	if n := f.requests.Load(); n != 2 {
		t.Errorf("requests = %d, want 2 (one retry)", n)
	}
}

func TestEmbedWrongDimension(t *testing.T) {
	f := &fakeServer{dim: 5}
	e := newFake(t, f, Config{Dim: 8})
	_, err := e.Embed(context.Background(), []string{"x"})
	if socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("Embed error = %v, want EINVALID", err)
	}
	if !strings.Contains(err.Error(), "dimension 5") {
		t.Errorf("error %q does not name the dimension the server returns", err)
	}
}

func TestProbeLearnsDimension(t *testing.T) {
	f := &fakeServer{dim: 7}
	e := newFake(t, f, Config{})
	if e.Dim() != 0 {
		t.Fatalf("Dim before probe = %d, want 0", e.Dim())
	}
	if err := e.Probe(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e.Dim() != 7 {
		t.Errorf("Dim after probe = %d, want 7", e.Dim())
	}
}

func TestEmbedCancelled(t *testing.T) {
	f := &fakeServer{dim: 3, fail: []int{503, 503, 503, 503, 503}}
	e := newFake(t, f, Config{Dim: 3, Backoff: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.Embed(ctx, []string{"x"})
	if socle.KindOf(err) != socle.EUNAVAILABLE {
		t.Fatalf("Embed error = %v, want EUNAVAILABLE", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("Embed kept waiting after its context ended")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no URL", Config{Model: "m"}},
		{"not http", Config{BaseURL: "localhost:11434/v1", Model: "m"}},
		{"no model", Config{BaseURL: "http://localhost:11434/v1"}},
		{"negative dim", Config{BaseURL: "http://localhost:11434/v1", Model: "m", Dim: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); socle.KindOf(err) != socle.EINVALID {
				t.Errorf("New(%+v) error = %v, want EINVALID", tt.cfg, err)
			}
		})
	}
}

func TestClip(t *testing.T) {
	e, err := New(Config{BaseURL: "http://x/v1", Model: "m", MaxInputBytes: 5})
	if err != nil {
		t.Fatal(err)
	}
	for in, out := range map[string]string{"abc": "abc", "abcdefg": "abcde", "ééé": "éé", "  ": " "} {
		if got := e.clip(in); got != out {
			t.Errorf("clip(%q) = %q, want %q", in, got, out)
		}
	}
}
