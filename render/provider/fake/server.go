package fake

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Route names every fake uses for the calls the conformance suite drives,
// so a test can inject a fault on "the create call" of any API.
const (
	RouteCreate = "create" // submit a render
	RouteStatus = "status" // poll a job
	RouteResult = "result" // fetch a result, where separate from status
	RouteUpload = "upload" // upload an asset
	RouteCancel = "cancel" // cancel a job
	RouteMedia  = "media"  // download a presigned media URL
	// RouteAccount asks what the account can still spend (HeyGen's
	// GET /v3/users/me).
	RouteAccount = "account"
)

// Options configure the shared part of a fake.
type Options struct {
	Clock    Clock         // nil: a ManualClock at Epoch
	Timeline Timeline      // zero: DefaultTimeline
	MediaTTL time.Duration // how long a media URL works; 0: one hour
	// Media maps file names ("16x9.mp4") to the bytes served for finished
	// jobs; nil serves BuiltinMP4 as "builtin.mp4".
	Media map[string][]byte
	// IDPrefix starts every job id, e.g. "job_".
	IDPrefix string
	// RandomIDs makes job ids 16 random hex characters (after IDPrefix),
	// unique across processes, as a fake that outlives its process needs
	// (the sandbox). The default is a per-fake sequence, the same in every
	// run, which tests may rely on.
	RandomIDs bool
	// ErrorBody renders an error in the API's envelope; nil is
	// {"error":{"code":…,"message":…}}.
	ErrorBody func(status int, code, message string) []byte
	// Jobs, when set, keeps the jobs beyond this fake's life (see
	// JobStore): the fal and PixelDojo fakes of the sandbox.
	Jobs JobStore
}

// Server is the infrastructure every fake shares: an API server and a
// separate media host (as a CDN is), the clock, jobs, faults, the ledger
// and the request log. It is safe for concurrent use.
type Server struct {
	opts     Options
	clock    Clock
	api      *httptest.Server
	mediaSrv *httptest.Server
	mux      *http.ServeMux
	signKey  []byte
	done     chan struct{}
	close    sync.Once

	mu      sync.Mutex
	stalls  []func() // OnStall's hooks
	faults  map[string][]Fault
	log     []Request
	ledger  []Charge
	charged map[string]bool // job ids the ledger holds
	jobs    map[string]*Job
	order   []string
	byKey   map[string]string
	seq     int
	nonce   int
}

// Request is one request a fake received.
type Request struct {
	Route  string
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
	At     time.Time // by the fake's clock
	Status int       // the answer's status; 0 if none was sent (a reset)
}

// NewServer starts a fake's shared part on loopback. The API's routes are
// added with Handle; Close stops both servers.
func NewServer(o Options) *Server {
	if o.Clock == nil {
		o.Clock = NewManualClock(Epoch)
	}
	if o.Timeline == (Timeline{}) {
		o.Timeline = DefaultTimeline
	}
	if o.MediaTTL <= 0 {
		o.MediaTTL = time.Hour
	}
	if o.Media == nil {
		o.Media = map[string][]byte{"builtin.mp4": BuiltinMP4}
	}
	if o.ErrorBody == nil {
		o.ErrorBody = nestedError
	}
	s := &Server{
		opts:    o,
		clock:   o.Clock,
		mux:     http.NewServeMux(),
		signKey: make([]byte, 32),
		done:    make(chan struct{}),
		faults:  map[string][]Fault{},
		jobs:    map[string]*Job{},
		charged: map[string]bool{},
		byKey:   map[string]string{},
	}
	rand.Read(s.signKey)
	s.api = httptest.NewServer(s.mux)
	media := http.NewServeMux()
	media.HandleFunc("GET /files/{job}/{name}", s.wrap(RouteMedia, s.serveMedia))
	s.mediaSrv = httptest.NewServer(media)
	return s
}

// URL is the API server's root, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.api.URL }

// MediaBase is the media host's root, where MediaURL points: a test can put
// a proxy in front of it.
func (s *Server) MediaBase() string { return s.mediaSrv.URL }

// Clock is the clock the fake reads.
func (s *Server) Clock() Clock { return s.clock }

// Advance moves a fake on a ManualClock forward; it panics on any other
// clock, since only tests advance time.
func (s *Server) Advance(d time.Duration) {
	s.clock.(*ManualClock).Advance(d)
}

// MediaTTL is how long a media URL works after it was handed out.
func (s *Server) MediaTTL() time.Duration { return s.opts.MediaTTL }

// Close stops both servers, releasing requests stalled by SlowBody first.
func (s *Server) Close() {
	s.close.Do(func() {
		close(s.done)
		s.api.Close()
		s.mediaSrv.Close()
	})
}

// Handle adds one of the API's routes: pattern as for http.ServeMux
// ("POST /api/v1/models/{model}/run"), route the name faults and the log
// use (RouteCreate, …).
func (s *Server) Handle(route, pattern string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, s.wrap(route, h))
}

// wrap logs each request and applies the route's faults before h.
func (s *Server) wrap(route string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.mu.Lock()
		n := len(s.log)
		s.log = append(s.log, Request{Route: route, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: body, At: s.clock.Now()})
		f, ok := s.takeFault(route, body)
		s.mu.Unlock()
		rec := &recorder{ResponseWriter: w, note: func(status int) {
			s.mu.Lock()
			s.log[n].Status = status
			s.mu.Unlock()
		}}
		if !ok {
			h(rec, r)
			return
		}
		s.apply(f, rec, r, h)
	}
}

// recorder notes the status a handler answered with in the request log,
// before the answer is written: a client that has read it may look at the
// log at once. It passes Flush and Hijack through, which the faults use.
type recorder struct {
	http.ResponseWriter
	status int
	note   func(status int)
}

// answered records the first status the handler gave.
func (rw *recorder) answered(code int) {
	if rw.status == 0 {
		rw.status = code
		rw.note(code)
	}
}

func (rw *recorder) WriteHeader(code int) {
	rw.answered(code)
	rw.ResponseWriter.WriteHeader(code)
}

func (rw *recorder) Write(b []byte) (int, error) {
	rw.answered(http.StatusOK)
	return rw.ResponseWriter.Write(b)
}

func (rw *recorder) Flush() { rw.ResponseWriter.(http.Flusher).Flush() }

func (rw *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return rw.ResponseWriter.(http.Hijacker).Hijack()
}

func (rw *recorder) Unwrap() http.ResponseWriter { return rw.ResponseWriter }

// Inject adds a fault to a route; faults on a route strike in the order
// they were added, each for its Times requests.
func (s *Server) Inject(route string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[route] = append(s.faults[route], f)
}

// OnStall registers f to run each time a SlowBody fault has sent its half
// answer and starts to hold the request, in that request's goroutine.
// A test's clock can then end the client's bound on the request at once
// (providertest.StallClock) instead of waiting it out.
func (s *Server) OnStall(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stalls = append(s.stalls, f)
}

// stalling runs the OnStall hooks.
func (s *Server) stalling() {
	s.mu.Lock()
	hooks := append([]func(){}, s.stalls...)
	s.mu.Unlock()
	for _, f := range hooks {
		f()
	}
}

// Clear removes every fault from a route.
func (s *Server) Clear(route string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.faults, route)
}

func (s *Server) takeFault(route string, body []byte) (Fault, bool) {
	q := s.faults[route]
	for i, f := range q {
		if f.Match != "" && !bytes.Contains(body, []byte(f.Match)) {
			continue
		}
		if f.Times > 0 {
			q[i].Times--
			if q[i].Times == 0 {
				s.faults[route] = append(q[:i:i], q[i+1:]...)
			}
		}
		return f, true
	}
	return Fault{}, false
}

// Requests returns the requests a route received, or all with route "".
func (s *Server) Requests(route string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.log {
		if route == "" || r.Route == route {
			out = append(out, r)
		}
	}
	return out
}

// WriteError answers with status and the API's error envelope. An empty
// code or message gets the usual one for the status.
func (s *Server) WriteError(w http.ResponseWriter, status int, code, message string) {
	if code == "" {
		code = defaultCodes[status]
	}
	if message == "" {
		message = http.StatusText(status)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(s.opts.ErrorBody(status, code, message))
}

var defaultCodes = map[int]string{
	http.StatusBadRequest:          "invalid_request",
	http.StatusUnauthorized:        "unauthorized",
	http.StatusPaymentRequired:     "insufficient_credits",
	http.StatusNotFound:            "not_found",
	http.StatusTooManyRequests:     "rate_limited",
	http.StatusInternalServerError: "internal_error",
	http.StatusBadGateway:          "bad_gateway",
	http.StatusServiceUnavailable:  "service_unavailable",
	http.StatusGatewayTimeout:      "gateway_timeout",
}

// nestedError is the envelope HeyGen v3 documents and PixelDojo most likely
// uses: {"error":{"code":"…","message":"…"}}.
func nestedError(_ int, code, message string) []byte {
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": message}})
	return b
}

// WriteJSON answers with status and v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}
