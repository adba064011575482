package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestClientSendsAuthOnlyToItsHost(t *testing.T) {
	other := newScript(t, reply(200, `{}`))
	s := newScript(t, reply(200, `{"ok":true}`))
	c := testClient(t, s.srv, &sleeps{})
	ctx := context.Background()
	if err := c.JSON(ctx, Request{Op: "get job", Path: "jobs/j%2F1", Query: url.Values{"logs": {"1"}}}, nil); err != nil {
		t.Fatal(err)
	}
	// The same server by another loopback name is another origin.
	foreign := strings.Replace(other.srv.URL, "127.0.0.1", "localhost", 1) + "/status"
	if err := c.JSON(ctx, Request{Op: "get status", Path: foreign}, nil); err != nil {
		t.Fatal(err)
	}
	got := s.seen()[0]
	if got.Header.Get("X-Api-Key") != testKey || got.URL != "/api/v1/jobs/j%2F1?logs=1" {
		t.Fatalf("API host got %s with key %q", got.URL, got.Header.Get("X-Api-Key"))
	}
	if k := other.seen()[0].Header.Get("X-Api-Key"); k != "" {
		t.Fatalf("foreign host got the key %q", k)
	}
}

func TestClientRefusesPlainHTTPFromTheAPI(t *testing.T) {
	s := newScript(t, reply(200, `{}`))
	c := testClient(t, s.srv, &sleeps{})
	err := c.JSON(context.Background(), Request{Op: "get status", Path: "http://queue.example.com/status"}, nil)
	if err == nil || !strings.Contains(err.Error(), "plain http:// is refused") || len(s.seen()) != 0 {
		t.Fatalf("err = %v", err)
	}
}

func TestClientErrorReadsWell(t *testing.T) {
	s := newScript(t, reply(402, `{"error":{"code":"insufficient_credit","message":"Insufficient credit","param":null}}`, "X-Request-Id", "req_42"))
	c := testClient(t, s.srv, &sleeps{}, func(c *ClientConfig) { c.Name = "heygen" })
	err := c.JSON(context.Background(), Request{Op: "create video", Method: "POST", Path: "/v3/videos?token=abc", JSON: map[string]int{}}, nil)
	want := fmt.Sprintf("heygen create video: 402 insufficient_credit: Insufficient credit (POST %s/api/v1/v3/videos?token=REDACTED)", s.srv.URL)
	if err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
	var h *HTTPError
	if !errors.As(err, &h) || h.RequestID != "req_42" || Uncertain(err) {
		t.Fatalf("%#v", err)
	}
}

// TestClientErrorIsOneLine: an API's error code and message with a
// newline and an escape sequence read as one line of text: printed, or
// recorded in reel.lock, they neither drive a terminal nor start a line
// of a CI log of their own.
func TestClientErrorIsOneLine(t *testing.T) {
	s := newScript(t, reply(400, `{"error":{"code":"bad\u001b[2J","message":"Voice not found\n::add-mask::x"}}`))
	err := testClient(t, s.srv, &sleeps{}).JSON(context.Background(), Request{Op: "create video", Method: "POST", Path: "videos", JSON: map[string]int{}}, nil)
	var h *HTTPError
	if !errors.As(err, &h) || h.Code != "bad [2J" || h.Message != "Voice not found ::add-mask::x" || strings.ContainsAny(err.Error(), "\n\x1b") {
		t.Fatalf("got %q; want the code and message on one line, without the escape", err)
	}
}

func TestClientNeverPrintsTheKey(t *testing.T) {
	echo := func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"error":{"code":"bad_key %s","message":"key %s rejected"}}`+"\nX-Api-Key: %s", r.Header.Get("X-Api-Key"), r.Header.Get("X-Api-Key"), r.Header.Get("X-Api-Key"))
	}
	s := newScript(t, echo)
	err := testClient(t, s.srv, &sleeps{}).JSON(context.Background(), Request{Op: "get job", Path: "jobs/1"}, nil)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		if strings.Contains(text, testKey) {
			t.Fatalf("error text holds the key: %s", text)
		}
	}
	a := Auth{Header: "X-Api-Key", Key: testKey}
	for _, text := range []string{fmt.Sprint(a), fmt.Sprintf("%+v %#v %s", a, a, a)} {
		if strings.Contains(text, testKey) {
			t.Fatalf("Auth prints the key: %s", text)
		}
	}
}

func TestClientBodiesThatAreNotJSON(t *testing.T) {
	truncated := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, `{"jobId":"jo`)
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
		want string
	}{
		{"html", reply(200, "<html><head><title>Captive portal</title></head></html>"), "200: response is not JSON"},
		{"empty", reply(200, ""), "200: response is not JSON"},
		{"wrong type", reply(200, `{"jobId":42}`), "200: unexpected response"},
		{"truncated", truncated, "200: reading response: unexpected EOF"},
		{"nginx 502", reply(502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>"), "502: 502 Bad Gateway"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScript(t, tc.h)
			var out struct{ JobID string }
			err := testClient(t, s.srv, &sleeps{}).JSON(context.Background(), createVideo(""), &out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if !Uncertain(err) {
				t.Fatalf("a create whose answer was lost must be uncertain: %v", err)
			}
		})
	}
}

// The bound of each attempt runs on a manual clock that the test moves
// once the server holds the request, so no answer is given up on for
// being slow and the test waits for nothing.
func TestClientTimesOutEachAttempt(t *testing.T) {
	arrived := make(chan struct{}, 1)
	hang := func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	}
	s := newScript(t, hang)
	clock := &manualClock{}
	c := testClient(t, s.srv, &sleeps{}, func(c *ClientConfig) { c.Timeout = 20 * time.Millisecond; c.Clock = clock })
	call := func(r Request) error {
		return whileHeld(arrived, clock, 20*time.Millisecond, func() error { return c.JSON(context.Background(), r, nil) })
	}
	err := call(createVideo(""))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no response within 20ms") || strings.Contains(err.Error(), "context") {
		t.Fatalf("err = %v, want what happened in words, still a DeadlineExceeded", err)
	}
	if len(s.seen()) != 1 || !Uncertain(err) {
		t.Fatalf("a timed-out create was sent %d times; uncertain=%v", len(s.seen()), Uncertain(err))
	}
	// A read is tried again after a timeout, each attempt with its own bound.
	err = call(Request{Op: "get job", Path: "jobs/1"})
	if len(s.seen()) != 4 || StatusOf(err) != 0 || !strings.Contains(err.Error(), "no response within 20ms") {
		t.Fatalf("err = %v after %d requests", err, len(s.seen()))
	}
}

func TestClientTimesOutStalledBody(t *testing.T) {
	stall := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, `{"id":`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	s := newScript(t, stall)
	clock := &manualClock{}
	arrived := make(chan struct{}, 1) // the answer's headers came; its body stalls
	headers := DoerFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultClient.Do(r)
		arrived <- struct{}{}
		return resp, err
	})
	c := testClient(t, s.srv, &sleeps{}, func(c *ClientConfig) { c.Timeout = 20 * time.Millisecond; c.Clock = clock; c.Transport = headers })
	err := whileHeld(arrived, clock, 20*time.Millisecond, func() error { return c.JSON(context.Background(), createVideo(""), nil) })
	if err == nil || !Uncertain(err) || StatusOf(err) != 200 || !strings.Contains(err.Error(), "body not complete within 20ms") || strings.Contains(err.Error(), "context") {
		t.Fatalf("err = %v", err)
	}
}

// whileHeld runs call, moving clock by d each time the server signals on
// arrived that it holds a request without finishing its answer.
func whileHeld(arrived <-chan struct{}, clock *manualClock, d time.Duration, call func() error) error {
	done := make(chan error, 1)
	go func() { done <- call() }()
	for {
		select {
		case <-arrived:
			clock.Advance(d)
		case err := <-done:
			return err
		}
	}
}

func TestNewClientRefusesBadBase(t *testing.T) {
	u, _ := url.Parse("http://api.example.com")
	if _, err := NewClient(ClientConfig{Name: "x", Base: u}); err == nil {
		t.Fatal("plain http base accepted")
	}
	if _, err := NewClient(ClientConfig{Name: "x"}); err == nil {
		t.Fatal("missing base accepted")
	}
}

func TestDefaultTransportDropsKeyOnCrossHostRedirect(t *testing.T) {
	target := newScript(t, reply(200, `{}`))
	redirect := func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(target.srv.URL, "127.0.0.1", "localhost", 1)+"/elsewhere", http.StatusFound)
	}
	s := newScript(t, redirect)
	c := testClient(t, s.srv, &sleeps{}, func(c *ClientConfig) { c.Transport = nil })
	if err := c.JSON(context.Background(), Request{Path: "x"}, nil); err != nil {
		t.Fatal(err)
	}
	if k := target.seen()[0].Header.Get("X-Api-Key"); k != "" {
		t.Fatalf("redirect target got key %q", k)
	}
}
