package web

import (
	"errors"
	"net/http"

	"github.com/socle-project/socle"
)

// While the database is down (PostgreSQL restarting, a failover, the network cut), every route
// that needs it answers 503 at once with Retry-After and a message in the reader's language,
// instead of each request waiting for a connection timeout; the server itself keeps running
// and serves again as soon as the store's probe reaches the database (see
// store/postgres/outage.go). Liveness, readiness and static files still answer.

// outageRetryAfter is the Retry-After, in seconds, of a request refused during an outage: the
// store probes the database twice a second.
const outageRetryAfter = "2"

var outageMessages = catalog{
	"fr": {
		"outage.refused": "La base de données ne répond pas : le service est interrompu et reprendra de lui-même dès qu'elle répondra. Rien n'a été fait pour cette demande ; réessayez dans un instant.",
		"outage.cut":     "La base de données a cessé de répondre pendant cette demande : le service reprendra de lui-même dès qu'elle répondra. S'il s'agissait d'un enregistrement, vérifiez dans un instant s'il a été fait avant de le refaire : il a été fait entièrement ou pas du tout.",
	},
	"en": {
		"outage.refused": "The database does not answer: the service is interrupted and will come back by itself as soon as it answers. Nothing was done for this request; try again in a moment.",
		"outage.cut":     "The database stopped answering during this request: the service will come back by itself as soon as it answers. If it was a change, check in a moment whether it was saved before making it again: it was saved whole or not at all.",
	},
}

// errRefused marks the errors of requests refused before they touched the database.
var errRefused = errors.New("refused while the database is down")

// failFast answers 503 at once while the store knows the database to be down.
func (s *Server) failFast(rt Route, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var err error
		if s.Unavailable != nil { // set by Handler
			err = s.Unavailable()
		}
		if err == nil {
			next.ServeHTTP(w, r)
			return
		}
		err = &socle.Error{Kind: socle.EUNAVAILABLE, Message: socle.MessageOf(err), Err: errors.Join(errRefused, err)}
		if rt.API {
			s.writeError(w, r, err)
		} else {
			s.renderError(w, r, nil, err)
		}
	})
}

// outageError turns an internal error met while the database is down into the outage's
// EUNAVAILABLE: a store method whose failure was not given a kind still failed because the
// database did not answer, which the store's gate knows.
func (s *Server) outageError(err error) error {
	if socle.KindOf(err) != socle.EINTERNAL || s.Unavailable == nil {
		return err
	}
	if down := s.Unavailable(); down != nil {
		return &socle.Error{Kind: socle.EUNAVAILABLE, Message: socle.MessageOf(down), Err: errors.Join(down, err)}
	}
	return err
}

// messageFor returns the message to show for err, in the reader's language when it is the
// database's outage.
func messageFor(r *http.Request, err error) string {
	if socle.KindOf(err) == socle.EUNAVAILABLE && errors.Is(err, socle.ErrDatabaseUnavailable) {
		key := "outage.cut"
		if errors.Is(err, errRefused) {
			key = "outage.refused"
		}
		return messages[lang(r)][key]
	}
	return socle.MessageOf(err)
}

// setOutageRetryAfter sends Retry-After on the outage's errors.
func setOutageRetryAfter(w http.ResponseWriter, err error) {
	if socle.KindOf(err) == socle.EUNAVAILABLE && errors.Is(err, socle.ErrDatabaseUnavailable) && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", outageRetryAfter)
	}
}
