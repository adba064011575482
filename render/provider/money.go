package provider

import (
	"errors"
	"net/http"
	"strings"
)

// ErrNoCredits is what errors.Is finds in a call a provider refused
// because the account cannot pay for it (see NoCreditsError). The runner
// sends that provider no more creates for the rest of the run: every one
// would be refused the same way, and on APIs that take a create first and
// fail it later, each would be a job that goes nowhere.
var ErrNoCredits = errors.New("the account is out of credits")

// NoCreditsError is a call refused for want of credit: HTTP 402, or the
// provider's own code or words for it. It wraps the refusal (an
// *HTTPError), whose text it keeps, so the status, the provider's code and
// its message still reach the user.
type NoCreditsError struct{ Err error }

func (e *NoCreditsError) Error() string { return e.Err.Error() }

func (e *NoCreditsError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrNoCredits) hold for every NoCreditsError.
func (e *NoCreditsError) Is(target error) bool { return target == ErrNoCredits }

// Money is how one API says an account cannot pay, beyond HTTP 402 (which
// every API means that way). Each vendor package declares its own from its
// documentation, so that no code or wording of one provider is read as
// another's.
type Money struct {
	// Codes are the API's error codes for it (HeyGen's
	// insufficient_credit, PixelDojo's insufficient_credits), in a refusal
	// or in a job's failure; case does not matter.
	Codes []string
	// Says, when set, reports whether a refusal says it in words only:
	// fal answers 403 with a detail that names an exhausted balance.
	Says func(status int, message string) bool
}

// Refusal returns err as a *NoCreditsError when it is a refusal for want
// of credit, and err unchanged otherwise (nil stays nil). A refusal that
// already is one is left as it is.
func (m Money) Refusal(err error) error {
	var h *HTTPError
	if err == nil || errors.Is(err, ErrNoCredits) || !errors.As(err, &h) {
		return err
	}
	if h.Status == http.StatusPaymentRequired || m.code(h.Code) || (m.Says != nil && m.Says(h.Status, h.Message)) {
		return &NoCreditsError{Err: err}
	}
	return err
}

// Failed marks a job's failure that says the account could not pay for
// it (HeyGen's v2 takes a create and fails the video at poll time with
// MOVIO_PAYMENT_INSUFFICIENT_CREDIT), and returns it.
func (m Money) Failed(e *JobError) *JobError {
	if e != nil && m.code(e.Code) {
		e.NoCredits = true
	}
	return e
}

func (m Money) code(c string) bool {
	for _, known := range m.Codes {
		if c != "" && strings.EqualFold(c, known) {
			return true
		}
	}
	return false
}
