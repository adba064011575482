package provider

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// script is a test server that answers the n-th request with the n-th
// handler (the last one repeats) and remembers what it was sent.
type script struct {
	mu       sync.Mutex
	steps    []http.HandlerFunc
	requests []seen
	srv      *httptest.Server
}

type seen struct {
	Method string
	Header http.Header
	Body   string
	URL    string
}

func newScript(t *testing.T, steps ...http.HandlerFunc) *script {
	t.Helper()
	s := &script{steps: steps}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		n := len(s.requests)
		s.requests = append(s.requests, seen{r.Method, r.Header.Clone(), string(b), r.URL.String()})
		step := s.steps[min(n, len(s.steps)-1)]
		s.mu.Unlock()
		step(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *script) seen() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.requests...)
}

func reply(status int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// reset drops the connection with a TCP RST, the way a crashing proxy does.
func reset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// sleeps records the waits the retry policy asks for instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

const testKey = "sk_test_5f3c9a7e1b2d4c6e8f0a"

// testClient is a Client for srv with recorded sleeps, no jitter and no
// debug output.
func testClient(t *testing.T, srv *httptest.Server, sl *sleeps, mod ...func(*ClientConfig)) *Client {
	t.Helper()
	base, err := BaseURL(srv.URL+"/api/v1", "", "")
	if err != nil {
		t.Fatal(err)
	}
	cfg := ClientConfig{
		Name: "acme",
		Base: base,
		Auth: Auth{Header: "X-Api-Key", Key: testKey},
		HTTPOptions: HTTPOptions{
			Retry: RetryPolicy{Sleep: sl.sleep, Jitter: func() float64 { return 1 }},
			Debug: io.Discard,
		},
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
