package web

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/socle-project/socle"
)

// statusOf is the one table from error kinds to HTTP statuses.
var statusOf = map[socle.ErrorKind]int{
	socle.ENOTFOUND:     http.StatusNotFound,
	socle.EINVALID:      http.StatusBadRequest,
	socle.ECONFLICT:     http.StatusConflict,
	socle.EUNAUTHORIZED: http.StatusUnauthorized,
	socle.EFORBIDDEN:    http.StatusForbidden,
	socle.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	socle.ETOOMANY:      http.StatusTooManyRequests,
	socle.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	socle.EUNAVAILABLE:  http.StatusServiceUnavailable,
	socle.EINTERNAL:     http.StatusInternalServerError,
}

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error struct {
		Kind    socle.ErrorKind `json:"kind"`
		Message string          `json:"message"`
	} `json:"error"`
}

// statusFor returns the HTTP status of an error's kind.
func statusFor(err error) int {
	if status, ok := statusOf[socle.KindOf(err)]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// retryAfter is an error that says when to try again: a throttled sign-in, a busy server.
type retryAfter interface{ RetryAfter() time.Duration }

// setRetryAfter sends Retry-After when err says when to try again.
func setRetryAfter(w http.ResponseWriter, err error) {
	var ra retryAfter
	if errors.As(err, &ra) {
		secs := int(math.Ceil(ra.RetryAfter().Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	}
}

// writeError answers with the error's status and safe message; internal details go to the log.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	err = s.outageError(err)
	kind := socle.KindOf(err)
	status := statusFor(err)
	if status == http.StatusInternalServerError {
		s.Log.Error("internal error", "path", r.URL.Path, "err", err)
	}
	setRetryAfter(w, err)
	setOutageRetryAfter(w, err)
	var body errorBody
	body.Error.Kind, body.Error.Message = kind, messageFor(r, err)
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

func errNoRoute(r *http.Request) error {
	return socle.Errorf(socle.ENOTFOUND, "no API route %s %s: see the API reference in docs/api.md", r.Method, r.URL.Path)
}
