// Package openai is a client for OpenAI-compatible /v1/embeddings servers (Ollama, vLLM,
// llama.cpp, text-embeddings-inference, Mistral, Albert, OpenAI). It meets the
// retrieval.Embedder contract: batches, retries with backoff on 429 and 5xx, a timeout per
// request, and errors that say what to fix.
package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/socle-project/socle"
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
	cfg Config
	url string
	dim atomic.Int64
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
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = 4
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 500 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.MaxInputBytes <= 0 {
		cfg.MaxInputBytes = 8000
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	e := &Embedder{cfg: cfg, url: base + "/embeddings"}
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

// attemptError is the outcome of one failed attempt: whether to retry, and how long the
// server asked us to wait.
type attemptError struct {
	err        error
	retry      bool
	retryAfter time.Duration
}

func (e *Embedder) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	input := make([]string, len(texts))
	for i, t := range texts {
		input[i] = e.clip(t)
	}
	body, err := json.Marshal(request{Model: e.cfg.Model, Input: input, EncodingFormat: "float"})
	if err != nil {
		return nil, fmt.Errorf("openai: encode request: %w", err)
	}
	wait := e.cfg.Backoff
	for attempt := 0; ; attempt++ {
		vecs, ae := e.attempt(ctx, body, len(texts))
		if ae == nil {
			return vecs, nil
		}
		if !ae.retry || attempt >= e.cfg.MaxRetries || ctx.Err() != nil {
			if ae.retry {
				return nil, socle.Errorf(socle.EUNAVAILABLE, "embedding server %s: %v (after %d attempts)", e.url, ae.err, attempt+1)
			}
			return nil, ae.err
		}
		d := wait
		if ae.retryAfter > 0 {
			d = ae.retryAfter
		}
		d = min(d, e.cfg.MaxBackoff)
		// Jitter spreads the retries of concurrent callers.
		d += time.Duration(rand.Int64N(int64(d)/4 + 1))
		select {
		case <-ctx.Done():
			return nil, socle.Errorf(socle.EUNAVAILABLE, "embedding server %s: %v (gave up: %v)", e.url, ae.err, ctx.Err())
		case <-time.After(d):
		}
		wait *= 2
	}
}

func (e *Embedder) attempt(ctx context.Context, body []byte, n int) ([][]float32, *attemptError) {
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bytes.NewReader(body))
	if err != nil {
		return nil, &attemptError{err: socle.Errorf(socle.EINVALID, "embedding server URL %s: %v", e.url, err)}
	}
	req.Header.Set("Content-Type", "application/json")
	if e.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+e.cfg.APIKey)
	}
	resp, err := e.cfg.HTTPClient.Do(req)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %v", e.cfg.Timeout)
		}
		return nil, &attemptError{err: err, retry: true}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, &attemptError{err: fmt.Errorf("read response: %w", err), retry: true}
	}
	if len(data) > maxResponseBytes {
		return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "embedding server %s: response over %d bytes", e.url, maxResponseBytes)}
	}
	if resp.StatusCode != http.StatusOK {
		msg := fmt.Sprintf("HTTP %d: %s", resp.StatusCode, snippet(data))
		switch {
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
			return nil, &attemptError{err: errors.New(msg), retry: true, retryAfter: retryAfter(resp.Header.Get("Retry-After"))}
		case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
			return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "embedding server %s refused the request (%s): check the API key", e.url, msg)}
		case resp.StatusCode == http.StatusNotFound:
			return nil, &attemptError{err: socle.Errorf(socle.EINVALID, "embedding server %s: %s: check that the base URL ends in /v1 and that model %q is served", e.url, msg, e.cfg.Model)}
		default:
			return nil, &attemptError{err: socle.Errorf(socle.EINVALID, "embedding server %s rejected the request (%s): check the model name %q", e.url, msg, e.cfg.Model)}
		}
	}
	var r response
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "embedding server %s: response is not OpenAI embeddings JSON: %v", e.url, err)}
	}
	if r.Error != nil {
		return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "embedding server %s: %s", e.url, r.Error.Message)}
	}
	return e.vectors(&r, n)
}

// vectors puts the response's vectors in input order and checks their count and dimension.
func (e *Embedder) vectors(r *response, n int) ([][]float32, *attemptError) {
	if len(r.Data) != n {
		return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "embedding server %s returned %d vectors for %d texts", e.url, len(r.Data), n)}
	}
	out := make([][]float32, n)
	for _, d := range r.Data {
		if d.Index < 0 || d.Index >= n || out[d.Index] != nil {
			return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "embedding server %s returned a vector for input %d of %d, or twice", e.url, d.Index, n)}
		}
		dim := int64(len(d.Embedding))
		if dim == 0 {
			return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "embedding server %s returned an empty vector", e.url)}
		}
		// The first vector fixes an unknown dimension; every later one must match it.
		if e.dim.CompareAndSwap(0, dim) || e.dim.Load() == dim {
			out[d.Index] = normalized(d.Embedding)
			continue
		}
		return nil, &attemptError{err: socle.Errorf(socle.EINVALID, "embedding model %q returns vectors of dimension %d, not the %d configured: set the dimension to %d, or use the model the index was built with", e.cfg.Model, dim, e.dim.Load(), dim)}
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

// retryAfter reads a Retry-After header given in seconds; dates are rare enough from model
// servers to be ignored.
func retryAfter(h string) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}
