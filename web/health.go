package web

import (
	"context"
	"net/http"
	"time"
)

// healthz answers 200 while the process serves: for liveness probes.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.Version})
}

// readyz answers 200 when the server can answer queries, 503 otherwise: for load balancers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	// During a known database outage, say so at once rather than wait for a ping to time out.
	if err := s.Unavailable(); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Ready(ctx); err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.IndexLag == nil {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
		return
	}
	lag, err := s.IndexLag(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if lag > s.MaxIndexLag {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "index behind", "index_lag": lag, "max_index_lag": s.MaxIndexLag})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "index_lag": lag})
}
