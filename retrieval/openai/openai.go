// Package openai is a client for OpenAI-compatible /v1/embeddings servers (Ollama, vLLM,
// llama.cpp, text-embeddings-inference, Mistral, Albert, OpenAI). It meets the
// retrieval.Embedder contract: batches, retries with backoff on 429 and 5xx, a timeout per
// request, and errors that say what to fix.
package openai

import (
	"context"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/modelserver"
)

// Config says which server and model to use. Zero fields take the defaults noted.
type Config struct {
	BaseURL string // up to and including /v1, e.g. http://localhost:11434/v1
	APIKey  string // sent as a bearer token when set
	Model   string // the server's model name, e.g. "bge-m3"
	// Dim is the vectors' dimension. 0 means unknown: call Probe before anything reads Dim.
	Dim           int
	BatchSize     int           // texts per request; 0 means 64
	Timeout       time.Duration // per request; 0 means 60 s
	MaxRetries    int           // retries after a 429, a 5xx or a network error; 0 means 4, -1 none
	Backoff       time.Duration // first wait between attempts, doubled each time; 0 means 500 ms
	MaxBackoff    time.Duration // longest wait, Retry-After included; 0 means 30 s
	MaxInputBytes int           // longer texts are cut at a rune boundary; 0 means 8000
	HTTPClient    *http.Client  // nil means a client without its own timeout (Timeout applies)
}

// maxResponseBytes bounds a response body: 64 texts × 4096 numbers of JSON is about 6 MB.
const maxResponseBytes = 128 << 20

// Embedder calls the server. It is safe for concurrent use.
type Embedder struct {
	cfg    Config
	client *modelserver.Client
	dim    atomic.Int64
}

// New checks the configuration; it does no I/O.
func New(cfg Config) (*Embedder, error) {
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if base == "" || !(strings.HasPrefix(base, "http://") || strings.HasPrefix(base, "https://")) {
		return nil, socle.Errorf(socle.EINVALID, "embedding server URL %q is not valid: give its base URL, e.g. http://localhost:11434/v1", cfg.BaseURL)
	}
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, socle.Errorf(socle.EINVALID, "no embedding model named: give the model the server serves, e.g. bge-m3")
	}
	if cfg.Dim < 0 {
		return nil, socle.Errorf(socle.EINVALID, "embedding dimension %d is negative", cfg.Dim)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 64
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 4
	}
	if cfg.MaxInputBytes <= 0 {
		cfg.MaxInputBytes = 8000
	}
	// Retries, backoff, Retry-After, timeouts and the size bound are the shared model-server
	// client's.
	client, err := modelserver.New(modelserver.Config{
		BaseURL: base, APIKey: cfg.APIKey, Timeout: cfg.Timeout, MaxRetries: cfg.MaxRetries,
		Backoff: cfg.Backoff, MaxBackoff: cfg.MaxBackoff, MaxAnswer: maxResponseBytes, HTTPClient: cfg.HTTPClient,
	})
	if err != nil {
		return nil, err
	}
	e := &Embedder{cfg: cfg, client: client}
	e.dim.Store(int64(cfg.Dim))
	return e, nil
}

// Model names the vectors: the server's model name, so that vectors of two models are
// never mixed. The dimension is kept apart (Dim).
func (e *Embedder) Model() string { return "openai-compatible:" + e.cfg.Model }

// Dim returns the vectors' dimension, 0 until known.
func (e *Embedder) Dim() int { return int(e.dim.Load()) }

// Probe embeds one short text to learn the dimension (when Dim was 0) or check it, and to
// find a misconfigured server before the first search does.
func (e *Embedder) Probe(ctx context.Context) error {
	_, err := e.Embed(ctx, []string{"probe"})
	return err
}

// Embed returns one vector per text, in order, batching as configured.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += e.cfg.BatchSize {
		batch := texts[start:min(start+e.cfg.BatchSize, len(texts))]
		vecs, err := e.embedBatch(ctx, batch)
		if err != nil {
			return nil, err
		}
		out = append(out, vecs...)
	}
	return out, nil
}

type request struct {
	Model          string   `json:"model"`
	Input          []string `json:"input"`
	EncodingFormat string   `json:"encoding_format"`
}

type response struct {
	Data []struct {
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	} `json:"data"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

func (e *Embedder) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	input := make([]string, len(texts))
	for i, t := range texts {
		input[i] = e.clip(t)
	}
	var r response
	if err := e.client.Post(ctx, "/embeddings", request{Model: e.cfg.Model, Input: input, EncodingFormat: "float"}, &r); err != nil {
		return nil, err
	}
	if r.Error != nil {
		return nil, socle.Errorf(socle.EUNAVAILABLE, "embedding server %s: %s", e.client.BaseURL(), r.Error.Message)
	}
	return e.vectors(&r, len(texts))
}

// vectors puts the response's vectors in input order and checks their count and dimension.
func (e *Embedder) vectors(r *response, n int) ([][]float32, error) {
	if len(r.Data) != n {
		return nil, socle.Errorf(socle.EUNAVAILABLE, "embedding server %s returned %d vectors for %d texts", e.client.BaseURL(), len(r.Data), n)
	}
	out := make([][]float32, n)
	for _, d := range r.Data {
		if d.Index < 0 || d.Index >= n || out[d.Index] != nil {
			return nil, socle.Errorf(socle.EUNAVAILABLE, "embedding server %s returned a vector for input %d of %d, or twice", e.client.BaseURL(), d.Index, n)
		}
		dim := int64(len(d.Embedding))
		if dim == 0 {
			return nil, socle.Errorf(socle.EUNAVAILABLE, "embedding server %s returned an empty vector", e.client.BaseURL())
		}
		// The first vector fixes an unknown dimension; every later one must match it.
		if e.dim.CompareAndSwap(0, dim) || e.dim.Load() == dim {
			out[d.Index] = normalized(d.Embedding)
			continue
		}
		return nil, socle.Errorf(socle.EINVALID, "embedding model %q returns vectors of dimension %d, not the %d configured: set the dimension to %d, or use the model the index was built with", e.cfg.Model, dim, e.dim.Load(), dim)
	}
	return out, nil
}

// normalized scales v to unit length: indexes rank by dot product, and not every server
// normalizes.
func normalized(v []float32) []float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s > 0 {
		inv := float32(1 / math.Sqrt(s))
		for i := range v {
			v[i] *= inv
		}
	}
	return v
}

// clip cuts text to the configured size at a rune boundary; servers reject empty input, so
// an empty text becomes one space.
func (e *Embedder) clip(t string) string {
	if strings.TrimSpace(t) == "" {
		return " "
	}
	if len(t) <= e.cfg.MaxInputBytes {
		return t
	}
	cut := e.cfg.MaxInputBytes
	for cut > 0 && !utf8.RuneStart(t[cut]) {
		cut--
	}
	return t[:cut]
}
