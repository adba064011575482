package provider

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A paced create's 429 goes back to the caller at once, with its
// Retry-After, and is not sent again: the caller's own limit adapts to it.
func TestPacedCreateReturns429AtOnce(t *testing.T) {
	s := newScript(t, reply(429, `{"error":{"code":"rate_limit_exceeded","message":"Too many concurrent videos"}}`, "Retry-After", "7"), reply(200, `{"id":"v1"}`))
	var sl sleeps
	err := testClient(t, s.srv, &sl).JSON(Paced(context.Background()), createVideo("k1"), nil)
	var h *HTTPError
	if !errors.As(err, &h) || h.Status != 429 || h.RetryAfter != 7*time.Second {
		t.Fatalf("err = %#v, want the 429 with Retry-After 7s", err)
	}
	if n := len(s.seen()); n != 1 || len(sl.got()) != 0 {
		t.Fatalf("%d requests, slept %v; want one request and no sleep", n, sl.got())
	}
}

// Pacing is about 429 only: a paced read still retries a 503.
func TestPacedReadStillRetries5xx(t *testing.T) {
	s := newScript(t, reply(503, `{}`), reply(200, `{}`))
	var sl sleeps
	req := Request{Op: "get video", Method: "GET", Path: "videos/v1"}
	if err := testClient(t, s.srv, &sl).JSON(Paced(context.Background()), req, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(s.seen()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}
