package web

import (
	"net/http"
	"time"
)

// measure counts a route's requests and times them under the route's pattern, never its path,
// so that no identifier, slug or query reaches the metrics. Requests refused during a database
// outage are counted too (failFast runs inside it).
func (s *Server) measure(rt Route, next http.Handler) http.Handler {
	if s.Metrics == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		s.Metrics.Request(rt.Pattern, rec.status, time.Since(start))
	})
}
