package modelserver_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/modelserver"
)

func server(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

type answer struct{ OK bool }

func TestRetries(t *testing.T) {
	var calls atomic.Int32
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer k" {
			t.Errorf("Authorization: %q", r.Header.Get("Authorization"))
		}
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			http.Error(w, "overloaded", http.StatusBadGateway)
		default:
			w.Write([]byte(`{"ok": true}`))
		}
	})
	c, _ := modelserver.New(modelserver.Config{BaseURL: s.URL + "/v1/", APIKey: "k", Backoff: time.Millisecond})
	var a answer
	start := time.Now()
	if err := c.Post(context.Background(), "/x", map[string]string{"q": "r"}, &a); err != nil || !a.OK {
		t.Fatalf("Post: %v %+v", err, a)
	}
	if calls.Load() != 3 || time.Since(start) < time.Second {
		t.Fatalf("%d calls in %s: want 3, with the Retry-After second honoured", calls.Load(), time.Since(start))
	}
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		says    string
		calls   int32
	}{
		{"server error every time", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) }, "answered 500", 3},
		{"bad key", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 401) }, "API key", 1},
		{"no such route", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, "/v1", 1},
		{"request refused", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "unknown model", 400) }, "check the model name", 1},
		{"not JSON", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>")) }, "not the expected JSON", 1},
		{"too slow", func(w http.ResponseWriter, r *http.Request) { time.Sleep(300 * time.Millisecond) }, "did not answer within", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			s := server(t, func(w http.ResponseWriter, r *http.Request) { calls.Add(1); tt.handler(w, r) })
			c, _ := modelserver.New(modelserver.Config{BaseURL: s.URL + "/v1", MaxRetries: 2, Backoff: time.Millisecond, Timeout: 100 * time.Millisecond})
			var a answer
			err := c.Post(context.Background(), "/x", struct{}{}, &a)
			want := socle.EUNAVAILABLE
			if tt.name == "no such route" || tt.name == "request refused" {
				want = socle.EINVALID // the configuration needs fixing, not patience
			}
			if socle.KindOf(err) != want || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("got %v, want %s saying %q", err, want, tt.says)
			}
			if calls.Load() != tt.calls {
				t.Fatalf("%d calls, want %d", calls.Load(), tt.calls)
			}
		})
	}
	if _, err := modelserver.New(modelserver.Config{BaseURL: "localhost:11434"}); socle.KindOf(err) != socle.EINVALID {
		t.Fatalf("URL without a scheme: %v", err)
	}
	c, _ := modelserver.New(modelserver.Config{BaseURL: "http://127.0.0.1:1/v1", MaxRetries: -1})
	if err := c.Post(context.Background(), "/x", struct{}{}, &answer{}); socle.KindOf(err) != socle.EUNAVAILABLE || !strings.Contains(err.Error(), "cannot reach") {
		t.Fatalf("nothing listening: %v", err)
	}
}
