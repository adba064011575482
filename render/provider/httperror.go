package provider

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// HTTPError is a failed call to a provider: the provider answered with a
// status reel does not accept, its answer could not be read, or no answer
// arrived (Status 0). It carries what a user needs to act and what support
// needs to look it up, and by construction never the API key: URL is
// redacted and Body and Message are scrubbed of the key before they are
// stored.
type HTTPError struct {
	Op         string        // "heygen create video"
	Method     string        // "POST"
	URL        string        // redacted: no user info, presigned parameters masked
	Status     int           // HTTP status; 0 when no response arrived
	Code       string        // provider code, numbers as their decimal text
	Message    string        // provider message
	Body       string        // at most 8 lines / 512 bytes of the response body
	RequestID  string        // the provider's request id header, for support
	RetryAfter time.Duration // the server's Retry-After, when it sent one
	Err        error         // transport or decoding failure, when there was one
	// NotSent says that no byte of the request can have left the machine:
	// every attempt failed before a connection was held (DNS, a refused
	// dial, TLS, a proxy's CONNECT). Such a call had no effect anywhere.
	NotSent bool
}

// Error reads like
//
//	heygen create video: 402 insufficient_credit: Insufficient credit (POST https://api.heygen.com/v3/videos)
func (e *HTTPError) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.Status != 0 {
		b.WriteString(strconv.Itoa(e.Status))
		if e.Code != "" {
			b.WriteString(" " + e.Code)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.reason())
	if e.URL != "" {
		b.WriteString(" (" + e.Method + " " + e.URL + ")")
	}
	return b.String()
}

func (e *HTTPError) reason() string {
	switch {
	case e.Err != nil:
		return e.Err.Error()
	case e.Message != "":
		return e.Message
	}
	if s := summary(e.Body); s != "" {
		return s
	}
	if t := http.StatusText(e.Status); t != "" {
		return t
	}
	return "no reason given"
}

func (e *HTTPError) Unwrap() error { return e.Err }

// Uncertain reports whether a failed call may have taken effect at the
// provider anyway: a write that got no answer, a 5xx (a proxy can fail after
// the API acted), or a 2xx whose body could not be read. After an uncertain
// create a job may exist and may be charged; the caller must look it up or
// rely on an idempotency key, never simply send the create again. A call
// that was not sent (HTTPError.NotSent) is not uncertain: it did nothing.
func Uncertain(err error) bool {
	var h *HTTPError
	if !errors.As(err, &h) || readMethod(h.Method) || h.NotSent {
		return false
	}
	return h.Status == 0 || h.Status >= 500 || (h.Status < 300 && h.Err != nil)
}

// Expired reports whether a media download failed the way an expired
// presigned URL fails (403, 404 or 410); a new Result call gives fresh URLs.
func Expired(err error) bool {
	var h *HTTPError
	if !errors.As(err, &h) {
		return false
	}
	return h.Status == http.StatusForbidden || h.Status == http.StatusNotFound || h.Status == http.StatusGone
}

// StatusOf returns the HTTP status of a failed call, 0 when err is not an
// HTTPError or no response arrived.
func StatusOf(err error) int {
	var h *HTTPError
	if errors.As(err, &h) {
		return h.Status
	}
	return 0
}

func readMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
