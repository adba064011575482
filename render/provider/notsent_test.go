package provider

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A create stopped before any byte of it could leave the machine (no DNS
// answer, a refused connection, a failed TLS handshake) was surely not
// sent: it is not uncertain, and it says so. One whose body reached the
// server stays uncertain however its answer was lost.
func TestCreateNotSent(t *testing.T) {
	plain := newScript(t, reply(200, `{}`)) // speaks HTTP, not TLS
	for _, tc := range []struct {
		name string
		base string
		dial func(*http.Transport)
		want string
	}{
		{"DNS", "https://reel-test.invalid/api", noDNS, "lookup reel-test.invalid"},
		{"refused", "http://" + closedPort(t), nil, "connection refused"},
		{"TLS handshake", strings.Replace(plain.srv.URL, "http://", "https://", 1), nil, "http: server gave HTTP response to HTTPS client|tls"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := &http.Transport{}
			if tc.dial != nil {
				tc.dial(tr)
			}
			c := baseClient(t, tc.base, &http.Client{Transport: tr})
			err := c.JSON(context.Background(), createVideo(""), nil)
			var h *HTTPError
			if !errors.As(err, &h) || !h.NotSent || Uncertain(err) {
				t.Fatalf("err = %v (not sent %v, uncertain %v), want a create surely not sent", err, h != nil && h.NotSent, Uncertain(err))
			}
			if !matches(err.Error(), tc.want) {
				t.Fatalf("err = %v, want the reason (%s)", err, tc.want)
			}
		})
	}
	if n := len(plain.seen()); n != 0 {
		t.Fatalf("the plain server handled %d requests", n)
	}
}

func TestCreateResetAfterItsBodyIsUncertain(t *testing.T) {
	s := newScript(t, reset)
	err := testClient(t, s.srv, &sleeps{}).JSON(context.Background(), createVideo(""), nil)
	var h *HTTPError
	if !errors.As(err, &h) || h.NotSent || !Uncertain(err) || len(s.seen()) != 1 || s.seen()[0].Body == "" {
		t.Fatalf("err = %v after %d requests, want an uncertain create that reached the server", err, len(s.seen()))
	}
}

// A transport that does not say when it connected (not net/http's) leaves
// a failed create uncertain: reel does not guess that it was not sent.
func TestCreateThroughOpaqueTransportIsUncertain(t *testing.T) {
	refuse := DoerFunc(func(*http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	})
	c := baseClient(t, "https://api.example.com", refuse)
	err := c.JSON(context.Background(), createVideo(""), nil)
	if !Uncertain(err) {
		t.Fatalf("err = %v: an opaque transport's failure must stay uncertain", err)
	}
}

// A create re-sent after a 502 (it carries an Idempotency-Key) whose
// second attempt cannot connect was sent once all the same: it stays
// uncertain.
func TestCreateSentThenRefusedIsUncertain(t *testing.T) {
	s := newScript(t, reply(http.StatusBadGateway, `{}`))
	c := testClient(t, s.srv, &sleeps{}, func(c *ClientConfig) {
		c.Retry.Sleep = func(context.Context, time.Duration) error { s.srv.Close(); return nil }
	})
	err := c.JSON(context.Background(), createVideo("idem-1"), nil)
	var h *HTTPError
	if !errors.As(err, &h) || h.NotSent || !Uncertain(err) || len(s.seen()) != 1 {
		t.Fatalf("err = %v after %d requests, want an uncertain create", err, len(s.seen()))
	}
}

func matches(s, alternatives string) bool {
	for _, a := range strings.Split(alternatives, "|") {
		if strings.Contains(s, a) {
			return true
		}
	}
	return false
}

// noDNS makes every name lookup fail, as a machine without DNS or a name
// that does not exist does, without asking the network.
func noDNS(tr *http.Transport) {
	r := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no DNS server in this test")
	}}
	tr.DialContext = (&net.Dialer{Resolver: r}).DialContext
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// baseClient is a client of base through transport, with no retry waits.
func baseClient(t *testing.T, base string, transport Doer) *Client {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(ClientConfig{Name: "acme", Base: u, Auth: Auth{Header: "X-Api-Key", Key: testKey},
		HTTPOptions: HTTPOptions{Transport: transport, Retry: RetryPolicy{Sleep: (&sleeps{}).sleep}, Debug: io.Discard}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
