package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/socle-project/socle/web"
)

// TestReadyzIndexLag checks that /readyz says how far the search index is behind the store's
// change feed, and answers 503 past the bound, so that a load balancer skips a server that
// would answer from old doctrine.
func TestReadyzIndexLag(t *testing.T) {
	var lag atomic.Int64
	f := newFixtureWith(t, func(s *web.Server) {
		s.IndexLag = func(context.Context) (int64, error) { return lag.Load(), nil }
		s.MaxIndexLag = 5
	})
	for _, tc := range []struct {
		lag  int64
		code int
	}{{0, 200}, {5, 200}, {6, 503}, {40, 503}, {1, 200}} {
		lag.Store(tc.lag)
		resp, err := http.Get(f.srv.URL + "/readyz")
		must(t, err)
		var got struct {
			Status   string
			IndexLag *int64 `json:"index_lag"`
		}
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if err != nil || resp.StatusCode != tc.code || got.IndexLag == nil || *got.IndexLag != tc.lag {
			t.Fatalf("/readyz with the index %d changes behind (bound 5): %d %+v %v; want %d with index_lag %d", tc.lag, resp.StatusCode, got, err, tc.code, tc.lag)
		}
	}
}
