package store

import (
	"errors"
	"fmt"
)

// Kind is why a store operation failed. It is an error itself, so a caller
// decides its flow with errors.Is(err, store.Unreachable) and never by
// reading a message.
type Kind int

// The kinds of failure. Unreachable and Refused matter most to a run: on
// either the run goes on locally and the next run uploads what is missing;
// Refused also needs the user to fix a setting.
const (
	// NotFound: the object is not in the store.
	NotFound Kind = iota + 1
	// Conflict: a conditional write lost, because another writer changed
	// the object first (HTTP 412 or 409).
	Conflict
	// Unreachable: the store could not be asked or did not answer in
	// time: no route, a refused connection, a timeout, a 5xx, a missing
	// shared folder.
	Unreachable
	// Refused: the store answered no for a reason a user must fix: bad
	// credentials, no permission, no such bucket.
	Refused
	// Corrupt: an object's bytes do not match the hash they are stored
	// under, or a record or lease could not be decoded.
	Corrupt
	// Held: a lease is held by another machine and has not expired.
	Held
	// Lost: a lease was taken over after it expired, or was released.
	Lost
	// Invalid: the caller passed something that cannot be stored: a key
	// that is not 64 hex digits, bytes that do not match their hash.
	Invalid
)

var kindText = map[Kind]string{
	NotFound:    "not found",
	Conflict:    "changed by another writer",
	Unreachable: "store unreachable",
	Refused:     "store refused the request",
	Corrupt:     "stored object is corrupt",
	Held:        "lease held by another machine",
	Lost:        "lease lost",
	Invalid:     "invalid request",
}

var kindHint = map[Kind]string{
	Unreachable: "check the store URL, AWS_ENDPOINT_URL_S3 and the network; reel goes on locally and the next run uploads what is missing",
	Refused:     "check the credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE), the bucket name and its permissions",
	Corrupt:     "the object will be fetched again from where it came from; remove it from the store if this repeats",
}

func (k Kind) Error() string {
	if t, ok := kindText[k]; ok {
		return t
	}
	return fmt.Sprintf("store error %d", int(k))
}

// Error is a failed store operation: what was attempted, on which object,
// and why. It never holds a credential or a signed URL.
type Error struct {
	Op   string // "put output", "get record", "acquire lease", ...
	Name string // the object's name below the store's prefix
	Kind Kind
	Err  error // the underlying cause, if any
}

func (e *Error) Error() string {
	msg := "store: " + e.Op
	if e.Name != "" {
		msg += " " + e.Name
	}
	msg += ": " + e.Kind.Error()
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if h := kindHint[e.Kind]; h != "" {
		msg += " (" + h + ")"
	}
	return msg
}

// Unwrap gives both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// fail makes an *Error, keeping the kind of an *Error it wraps so a kind
// decided by a backend survives the layers above it.
func fail(op, name string, kind Kind, err error) error {
	var se *Error
	if errors.As(err, &se) {
		return &Error{Op: op, Name: name, Kind: se.Kind, Err: se.Err}
	}
	return &Error{Op: op, Name: name, Kind: kind, Err: err}
}

// rewrap names the operation of a backend's error, keeping its kind.
func rewrap(op string, err error) error {
	var se *Error
	if errors.As(err, &se) {
		return &Error{Op: op, Name: se.Name, Kind: se.Kind, Err: se.Err}
	}
	return err
}

// KindOf is the kind of a store error, or 0 for nil and foreign errors.
func KindOf(err error) Kind {
	var se *Error
	if errors.As(err, &se) {
		return se.Kind
	}
	return 0
}
