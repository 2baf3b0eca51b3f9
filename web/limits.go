package web

import (
	"context"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/socle-project/socle"
	"github.com/socle-project/socle/access"
)

// Default limits of a server; each is a field of Server.
const (
	defaultMaxFormBytes   = 256 << 10 // a form: the plan form's situation is at most 8,000 characters
	defaultMaxBodyBytes   = 1 << 20   // an API call: a case, a case file (capped lower by plan), feedback
	defaultMaxUploadBytes = 64 << 20  // a guide's file, as ingest allows
	defaultExpensiveWait  = time.Second
)

// limitBody puts the route's body limit in place before anything reads the body: the upload
// limit on upload routes, the API limit on API routes, the form limit elsewhere. A body that
// says it is larger is refused at once; one that does not say is cut at the limit while being
// read. Only upload routes take multipart bodies, so that no other route ever spills a file to
// the temporary directory, and url-encoded forms are parsed here, so that a form too large is
// a 413 and not a silently empty field.
func (s *Server) limitBody(rt Route, h http.Handler) http.Handler {
	limit := s.MaxFormBytes
	switch {
	case rt.Upload:
		limit = s.MaxUploadBytes + formSlack // the file, its multipart framing and the form's other fields
	case rt.API:
		limit = s.MaxBodyBytes
	}
	over := func() error {
		if rt.Upload {
			return fileTooLarge(s.MaxUploadBytes) // says how to make the file smaller
		}
		return tooLarge(limit)
	}
	refuse := func(w http.ResponseWriter, r *http.Request, err error) {
		if rt.API {
			s.writeError(w, r, err)
		} else {
			s.renderError(w, r, nil, err)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			r.Body.Close()
			refuse(w, r, over())
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if !rt.Upload && strings.HasPrefix(ctype, "multipart/") {
			refuse(w, r, socle.Errorf(socle.EUNSUPPORTED, "this address takes no file: send the form url-encoded (application/x-www-form-urlencoded) or JSON"))
			return
		}
		if ctype == "application/x-www-form-urlencoded" && (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) {
			if err := r.ParseForm(); err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					refuse(w, r, over())
				} else {
					refuse(w, r, socle.Errorf(socle.EINVALID, "the form cannot be read: send it url-encoded"))
				}
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

func tooLarge(limit int64) error {
	return socle.Errorf(socle.ETOOLARGE, "the request body is over the limit of %d KiB for this address", limit>>10)
}

// securityHeaders are sent with every answer. Pages and API answers may carry case data: no
// cache keeps them (static files say otherwise for themselves). No address leaks to another
// site through Referer, and no answer is sniffed into another type.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// staticHandler serves the embedded static files, cacheable for an hour, and never lists a
// directory.
func staticHandler() http.Handler {
	static, _ := fs.Sub(staticFiles, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if st, err := fs.Stat(static, strings.TrimSuffix(name, "/")); name == "" || strings.HasSuffix(name, "/") || err != nil || st.IsDir() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// busyError says the server is at its cap of expensive requests.
type busyError struct{ after time.Duration }

func (e busyError) Error() string {
	return "the server is busy with other plans, digests or uploads: try again in a few seconds"
}
func (e busyError) RetryAfter() time.Duration { return e.after }

// costly runs h only when one of the server's slots for expensive requests (plans, digests,
// uploads) is free, waiting for one at most ExpensiveWait; past that it answers 503 with
// Retry-After, so that a burst of heavy requests queues briefly and then is told to come back
// instead of starving every other request of CPU.
func (s *Server) costly(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, p access.Principal) error {
		release, err := s.acquire(r.Context())
		if err != nil {
			return err
		}
		defer release()
		return h(w, r, p)
	}
}

func (s *Server) acquire(ctx context.Context) (func(), error) {
	t := time.NewTimer(s.ExpensiveWait)
	defer t.Stop()
	select {
	case s.expensive <- struct{}{}:
		return func() { <-s.expensive }, nil
	case <-t.C:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return nil, &socle.Error{Kind: socle.EUNAVAILABLE, Message: busyError{}.Error(), Err: busyError{after: 5 * time.Second}}
}

// costlyHandler is costly for a plain handler (upload routes): a busy server answers 503.
func (s *Server) costlyHandler(rt Route, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		release, err := s.acquire(r.Context())
		if err != nil {
			if rt.API {
				s.writeError(w, r, err)
			} else {
				s.renderError(w, r, nil, err)
			}
			return
		}
		defer release()
		h.ServeHTTP(w, r)
	})
}
