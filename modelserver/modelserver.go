// Package modelserver talks to OpenAI-compatible model servers (Ollama, vLLM, llama.cpp,
// text-embeddings-inference, Mistral, the French administration's Albert, OpenAI): one JSON
// POST with a timeout, retries with backoff on 429, 5xx and network errors (Retry-After
// honoured), a bound on the answer's size, and errors that say what to fix. Nothing here logs
// request or response bodies, which may hold case text.
package modelserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/socle-project/socle"
)

// Config says which server to call. Zero fields take the defaults noted.
type Config struct {
	BaseURL    string        // up to and including /v1, e.g. http://localhost:11434/v1
	APIKey     string        // sent as a bearer token when set
	Timeout    time.Duration // per attempt; 0 means 60 s
	MaxRetries int           // retries after a 429, a 5xx or a network error; 0 means 3, -1 none
	Backoff    time.Duration // first wait between attempts, doubled each time; 0 means 500 ms
	MaxBackoff time.Duration // longest wait, Retry-After included; 0 means 30 s
	MaxAnswer  int64         // bytes of an answer; 0 means 32 MiB
	HTTPClient *http.Client  // nil means a client without its own timeout (Timeout applies)
}

// Client calls one server. It is safe for concurrent use.
type Client struct {
	cfg  Config
	base string
}

// New checks the configuration; it does no I/O.
func New(cfg Config) (*Client, error) {
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		return nil, socle.Errorf(socle.EINVALID, "model server URL %q is not valid: give its base URL, e.g. http://localhost:11434/v1", cfg.BaseURL)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = 3
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 500 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.MaxAnswer <= 0 {
		cfg.MaxAnswer = 32 << 20
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	return &Client{cfg: cfg, base: base}, nil
}

// BaseURL returns the server's base URL.
func (c *Client) BaseURL() string { return c.base }

// Post sends req as JSON to path (e.g. "/chat/completions") and decodes the answer into resp.
// It retries what may succeed later; other failures come back at once.
func (c *Client) Post(ctx context.Context, path string, req, resp any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("modelserver: encode request: %w", err)
	}
	wait := c.cfg.Backoff
	for attempt := 0; ; attempt++ {
		data, aerr := c.attempt(ctx, path, body)
		if aerr == nil {
			if err := json.Unmarshal(data, resp); err != nil {
				return socle.Errorf(socle.EUNAVAILABLE, "the model server at %s answered something that is not the expected JSON: %q", c.base, snippet(data))
			}
			return nil
		}
		if !aerr.retry || attempt >= c.cfg.MaxRetries || ctx.Err() != nil {
			return aerr.err
		}
		pause := wait + rand.N(wait/2+1) // jitter, so that clients do not retry in step
		if aerr.after > 0 {
			pause = aerr.after
		}
		pause = min(pause, c.cfg.MaxBackoff)
		select {
		case <-ctx.Done():
			return aerr.err
		case <-time.After(pause):
		}
		wait = min(2*wait, c.cfg.MaxBackoff)
	}
}

// attemptError is a failed attempt: whether to retry, and after how long if the server said.
type attemptError struct {
	err   error
	retry bool
	after time.Duration
}

func (c *Client) attempt(ctx context.Context, path string, body []byte) ([]byte, *attemptError) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, &attemptError{err: fmt.Errorf("modelserver: %w", err)}
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json")
	if c.cfg.APIKey != "" {
		r.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	res, err := c.cfg.HTTPClient.Do(r)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, &attemptError{retry: true, err: socle.Errorf(socle.EUNAVAILABLE, "the model server at %s did not answer within %s", c.base, c.cfg.Timeout)}
		}
		return nil, &attemptError{retry: true, err: &socle.Error{Kind: socle.EUNAVAILABLE,
			Message: fmt.Sprintf("cannot reach the model server at %s: check that it runs and that its URL is right", c.base), Err: err}}
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, c.cfg.MaxAnswer+1))
	if err != nil {
		return nil, &attemptError{retry: true, err: socle.Errorf(socle.EUNAVAILABLE, "the model server at %s broke off its answer: %v", c.base, err)}
	}
	if int64(len(data)) > c.cfg.MaxAnswer {
		return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "the model server at %s answered more than %d MiB", c.base, c.cfg.MaxAnswer>>20)}
	}
	switch {
	case res.StatusCode == http.StatusOK:
		return data, nil
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		return nil, &attemptError{retry: true, after: retryAfter(res.Header.Get("Retry-After")),
			err: socle.Errorf(socle.EUNAVAILABLE, "the model server at %s answered %d: %s", c.base, res.StatusCode, snippet(data))}
	case res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden:
		return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "the model server at %s refused the request (%d): check the API key", c.base, res.StatusCode)}
	case res.StatusCode == http.StatusNotFound:
		return nil, &attemptError{err: socle.Errorf(socle.EINVALID, "the model server at %s has no %s (404): check that the URL ends with /v1 and that the model exists: %s", c.base, path, snippet(data))}
	case res.StatusCode >= 400 && res.StatusCode < 500:
		// The request itself was refused: a model name the server does not serve, an input it
		// will not take. Trying again will not help; the configuration needs fixing.
		return nil, &attemptError{err: socle.Errorf(socle.EINVALID, "the model server at %s refused the request (%d): check the model name: %s", c.base, res.StatusCode, snippet(data))}
	}
	return nil, &attemptError{err: socle.Errorf(socle.EUNAVAILABLE, "the model server at %s answered %d: %s", c.base, res.StatusCode, snippet(data))}
}

// retryAfter reads a Retry-After header given in seconds.
func retryAfter(h string) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}

// snippet is the start of a server's error text, for messages.
func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}
