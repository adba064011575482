package fake

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// FaultKind is one way an API or the network between misbehaves.
type FaultKind int

const (
	// Status answers with Fault.Status (default 500) in the API's error
	// envelope, with Retry-After when Fault.RetryAfter is set.
	Status FaultKind = iota + 1
	// Reset drops the connection with a TCP reset instead of answering.
	Reset
	// SlowBody sends the real answer's headers and half its body, then
	// stalls until the client gives up (see Server.OnStall).
	SlowBody
	// Truncated sends the real answer cut in half under its full
	// Content-Length, then closes the connection.
	Truncated
	// NonJSON answers with an HTML page, as a proxy in front of the API does
	// (status Fault.Status, default 502).
	NonJSON
	// LateFailure lets the create succeed; the job fails when it would have
	// completed, with Fault.Code and Fault.Message.
	LateFailure
	// Stuck lets the create succeed; the job never leaves processing.
	Stuck
	// EchoAuth answers 400 with the request's credential headers in the
	// error message, as a debugging proxy might; clients must not repeat it.
	EchoAuth
	// Raw writes Fault.Body on the connection as the whole answer (status
	// line, headers and body), then closes it: a server that lies in ways
	// net/http keeps a handler from, such as a body longer than its
	// Content-Length. testdata/media/hostile holds such answers.
	Raw
	// Cancelled lets the create succeed; the job is cancelled at the
	// provider when it leaves the queue, as one cancelled in the provider's
	// console is. Each fake reports it in its API's words.
	Cancelled
)

var kindNames = map[FaultKind]string{Status: "status", Reset: "reset", SlowBody: "slow body", Truncated: "truncated",
	NonJSON: "non-JSON", LateFailure: "late failure", Stuck: "stuck", EchoAuth: "echo auth", Raw: "raw",
	Cancelled: "cancelled"}

func (k FaultKind) String() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault is injected on a route with Server.Inject.
type Fault struct {
	Kind       FaultKind
	Status     int    // Status and NonJSON: the HTTP status
	RetryAfter string // Status: the Retry-After header value, if any
	// After lets the real handler act first (the job is created and
	// charged) before a Status, Reset or NonJSON fault replaces its answer:
	// the case where a client must not pay twice by re-sending. SlowBody and
	// Truncated always act first.
	After bool
	// Times is how many requests the fault hits; 0 means every request
	// until Clear.
	Times int
	// Code and Message are the job's failure for LateFailure, and override
	// the error body of Status.
	Code, Message string
	// Body is the answer Raw writes, byte for byte.
	Body []byte
	// Match, when set, limits the fault to requests whose body contains
	// it (a script's words, say), so one video of many can be made to
	// fail; requests it does not match pass the fault by.
	Match string
}

type fateKey struct{}

// withFate hands a LateFailure, Stuck or Cancelled fault to the handler
// that creates the job (see Server.NewJob).
func withFate(ctx context.Context, f Fault) context.Context {
	return context.WithValue(ctx, fateKey{}, f)
}

func fateFrom(ctx context.Context) (Fault, bool) {
	f, ok := ctx.Value(fateKey{}).(Fault)
	return f, ok
}

// apply carries out f for one request that h would otherwise answer.
func (s *Server) apply(f Fault, w http.ResponseWriter, r *http.Request, h http.HandlerFunc) {
	switch f.Kind {
	case LateFailure, Stuck, Cancelled:
		h(w, r.WithContext(withFate(r.Context(), f)))
	case Status:
		s.actFirst(f, r, h)
		status := orDefault(f.Status, http.StatusInternalServerError)
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		s.WriteError(w, status, f.Code, f.Message)
	case Reset:
		s.actFirst(f, r, h)
		resetConn(w)
	case NonJSON:
		s.actFirst(f, r, h)
		status := orDefault(f.Status, http.StatusBadGateway)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
			status, http.StatusText(status), status, http.StatusText(status))
	case SlowBody, Truncated:
		rec := httptest.NewRecorder()
		h(rec, r)
		body := rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		w.Write(body[:len(body)/2])
		w.(http.Flusher).Flush()
		if f.Kind == SlowBody {
			s.stalling()
			select {
			case <-r.Context().Done():
			case <-s.done:
			}
		}
		panic(http.ErrAbortHandler)
	case EchoAuth:
		s.WriteError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("rejected credentials Authorization=%q X-Api-Key=%q",
			r.Header.Get("Authorization"), r.Header.Get("X-Api-Key")))
	case Raw:
		writeRaw(w, f.Body)
	default:
		panic(fmt.Sprintf("fake: unknown fault %v", f.Kind))
	}
}

// actFirst runs the real handler, discarding its answer, when the fault
// strikes after the server acted.
func (s *Server) actFirst(f Fault, r *http.Request, h http.HandlerFunc) {
	if f.After {
		h(httptest.NewRecorder(), r)
	}
}

// resetConn closes the connection with SO_LINGER 0, so the client reads a
// TCP reset rather than a clean EOF.
func resetConn(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// writeRaw takes the connection over, writes answer on it as it is and
// closes it. The request log gets the status its first line gives.
func writeRaw(w http.ResponseWriter, answer []byte) {
	if rec, ok := w.(*recorder); ok {
		line, _, _ := bytes.Cut(answer, []byte("\r\n"))
		if f := strings.Fields(string(line)); len(f) > 1 {
			if code, err := strconv.Atoi(f[1]); err == nil {
				rec.answered(code)
			}
		}
	}
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	buf.Write(answer)
	buf.Flush()
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
