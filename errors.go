package socle

import (
	"errors"
	"fmt"
)

// ErrorKind says what sort of failure an error is, so that the HTTP layer and the CLI can pick a
// status and a message without parsing strings.
type ErrorKind string

const (
	ENOTFOUND     ErrorKind = "not_found"    // the object does not exist for this organization
	EINVALID      ErrorKind = "invalid"      // the input is wrong; the message says how to fix it
	ECONFLICT     ErrorKind = "conflict"     // the object exists already or changed meanwhile
	EUNAUTHORIZED ErrorKind = "unauthorized" // no valid identity
	EFORBIDDEN    ErrorKind = "forbidden"    // identity known, action not allowed for its role
	ETOOLARGE     ErrorKind = "too_large"    // input over a size, page or time limit
	ETOOMANY      ErrorKind = "too_many"     // too many attempts or requests: wait and try again
	EUNSUPPORTED  ErrorKind = "unsupported"  // a body of a type the address does not take
	EUNAVAILABLE  ErrorKind = "unavailable"  // a dependency (database, model server) cannot be reached
	EINTERNAL     ErrorKind = "internal"     // anything else; details go to the log only
)

// Error is an error with a kind and a message that is safe to show to the user. The wrapped
// cause, if any, is for logs.
type Error struct {
	Kind    ErrorKind
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind. The formatted text becomes the user-facing
// message; a %w argument is kept as the cause.
func Errorf(kind ErrorKind, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: kind, Message: err.Error(), Err: errors.Unwrap(err)}
}

// KindOf returns the kind of the first *Error in err's chain, or EINTERNAL.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return EINTERNAL
}

// MessageOf returns the user-facing message of the first *Error in err's chain, or a generic
// message that reveals nothing of the cause.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != EINTERNAL {
		return e.Message
	}
	return "internal error"
}

// IsKind reports whether err carries the given kind.
func IsKind(err error, kind ErrorKind) bool { return err != nil && KindOf(err) == kind }

// ErrDatabaseUnavailable is in the chain of every error that says the database cannot be reached
// (down, restarting, or cut off by the network), so that the HTTP layer can tell people, in
// their language, that the service is interrupted and will come back by itself.
var ErrDatabaseUnavailable = errors.New("the database cannot be reached")
