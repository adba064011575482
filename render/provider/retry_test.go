package provider

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"
)

func createVideo(idempotencyKey string) Request {
	r := Request{Op: "create video", Method: http.MethodPost, Path: "videos", JSON: map[string]string{"script": "hi"}}
	if idempotencyKey != "" {
		r.Header = http.Header{"Idempotency-Key": {idempotencyKey}}
	}
	return r
}

func TestRetry429HonoursRetryAfterSecondsOnCreate(t *testing.T) {
	s := newScript(t, reply(429, `{"error":{"code":"rate_limit_exceeded","message":"slow down"}}`, "Retry-After", "7"), reply(200, `{"id":"v1"}`))
	var sl sleeps
	var out struct{ ID string }
	if err := testClient(t, s.srv, &sl).JSON(context.Background(), createVideo(""), &out); err != nil {
		t.Fatal(err)
	}
	if out.ID != "v1" || len(s.seen()) != 2 {
		t.Fatalf("id %q after %d requests, want v1 after 2", out.ID, len(s.seen()))
	}
	if got := sl.got(); !slices.Equal(got, []time.Duration{7 * time.Second}) {
		t.Fatalf("slept %v, want [7s]", got)
	}
	if a, b := s.seen()[0].Body, s.seen()[1].Body; a != b || a == "" {
		t.Fatalf("re-sent body %q, first %q", b, a)
	}
}

func TestRetry429HTTPDate(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	date := now.Add(9 * time.Second).Format(http.TimeFormat)
	s := newScript(t, reply(429, `{}`, "Retry-After", date), reply(200, `{}`))
	var sl sleeps
	c := testClient(t, s.srv, &sl, func(c *ClientConfig) { c.Retry.Now = func() time.Time { return now } })
	if err := c.JSON(context.Background(), createVideo(""), nil); err != nil {
		t.Fatal(err)
	}
	if got := sl.got(); !slices.Equal(got, []time.Duration{9 * time.Second}) {
		t.Fatalf("slept %v, want [9s]", got)
	}
}

func TestRetry429CapsRetryAfterAndGivesUp(t *testing.T) {
	s := newScript(t, reply(429, `{"error":{"code":"rate_limit_exceeded","message":"Daily rate limit exceeded"}}`, "Retry-After", "3600"))
	var sl sleeps
	err := testClient(t, s.srv, &sl).JSON(context.Background(), createVideo(""), nil)
	var h *HTTPError
	if !errors.As(err, &h) || h.Status != 429 || h.Code != "rate_limit_exceeded" || h.RetryAfter != time.Hour {
		t.Fatalf("err = %#v, want a 429 HTTPError carrying Retry-After 1h", err)
	}
	if got := sl.got(); !slices.Equal(got, []time.Duration{30 * time.Second, 30 * time.Second}) {
		t.Fatalf("slept %v, want two capped waits of 30s", got)
	}
	if n := len(s.seen()); n != 3 {
		t.Fatalf("%d requests, want 3 (2 retries)", n)
	}
}

func TestRetryBackoffWithoutRetryAfter(t *testing.T) {
	s := newScript(t, reply(503, `upstream down`))
	var sl sleeps
	err := testClient(t, s.srv, &sl).JSON(context.Background(), Request{Op: "get video", Path: "videos/v1"}, nil)
	if StatusOf(err) != 503 {
		t.Fatalf("err = %v, want 503", err)
	}
	if got := sl.got(); !slices.Equal(got, []time.Duration{time.Second, 2 * time.Second}) {
		t.Fatalf("slept %v, want [1s 2s]", got)
	}
}

func TestRetryJitterBounds(t *testing.T) {
	p := RetryPolicy{}.withDefaults()
	for range 1000 {
		for attempt, base := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
			d := p.backoff(attempt)
			if d < base*3/4 || d >= base*5/4 {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v)", attempt, d, base*3/4, base*5/4)
			}
		}
	}
	if d := p.backoff(10); d > 30*time.Second {
		t.Fatalf("backoff(10) = %v, want at most the 30s cap", d)
	}
}

func TestRetry5xxOnlyWhereReplayable(t *testing.T) {
	for _, tc := range []struct {
		name     string
		req      Request
		status   int
		requests int
	}{
		{"create without key on 500", createVideo(""), 500, 1},
		{"create without key on 502", createVideo(""), 502, 1},
		{"create without key on 504", createVideo(""), 504, 1},
		{"create with Idempotency-Key on 502", createVideo("k1"), 502, 2},
		{"read on 500", Request{Op: "get video", Path: "videos/v1"}, 500, 2},
		{"read on 400", Request{Op: "get video", Path: "videos/v1"}, 400, 1},
		{"read on 501", Request{Op: "get video", Path: "videos/v1"}, 501, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScript(t, reply(tc.status, `{"error":{"code":"boom","message":"failed"}}`), reply(200, `{}`))
			var sl sleeps
			err := testClient(t, s.srv, &sl).JSON(context.Background(), tc.req, nil)
			if n := len(s.seen()); n != tc.requests {
				t.Fatalf("%d requests, want %d (err %v)", n, tc.requests, err)
			}
			if tc.requests == 1 && StatusOf(err) != tc.status {
				t.Fatalf("err = %v, want status %d", err, tc.status)
			}
			if tc.requests == 2 {
				if err != nil {
					t.Fatal(err)
				}
				if k := s.seen()[1].Header.Get("Idempotency-Key"); k != tc.req.Header.Get("Idempotency-Key") {
					t.Fatalf("retry carried Idempotency-Key %q", k)
				}
			}
		})
	}
}

func TestRetryNetworkErrorOnlyWhereReplayable(t *testing.T) {
	for _, tc := range []struct {
		name     string
		req      Request
		requests int
	}{
		{"create", createVideo(""), 1},
		{"create with key", createVideo("k1"), 2},
		{"read", Request{Op: "get video", Path: "videos/v1"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScript(t, reset, reply(200, `{}`))
			var sl sleeps
			err := testClient(t, s.srv, &sl).JSON(context.Background(), tc.req, nil)
			if n := len(s.seen()); n != tc.requests {
				t.Fatalf("%d requests, want %d (err %v)", n, tc.requests, err)
			}
			if tc.requests == 1 {
				if StatusOf(err) != 0 || !Uncertain(err) {
					t.Fatalf("err = %v, want an uncertain transport error", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	s := newScript(t, reply(429, `{}`, "Retry-After", "5"))
	ctx, cancel := context.WithCancel(context.Background())
	sl := func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	c := testClient(t, s.srv, nil, func(c *ClientConfig) { c.Retry.Sleep = sl })
	err := c.JSON(ctx, Request{Op: "get video", Path: "videos/v1"}, nil)
	if !errors.Is(err, context.Canceled) || len(s.seen()) != 1 {
		t.Fatalf("err = %v after %d requests, want context.Canceled after 1", err, len(s.seen()))
	}
}

func TestRetryDisabled(t *testing.T) {
	s := newScript(t, reply(429, `{}`))
	var sl sleeps
	c := testClient(t, s.srv, &sl, func(c *ClientConfig) { c.Retry.Retries = -1 })
	if err := c.JSON(context.Background(), Request{Path: "x"}, nil); StatusOf(err) != 429 || len(s.seen()) != 1 {
		t.Fatalf("err = %v after %d requests, want one 429", err, len(s.seen()))
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"12", 12 * time.Second, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
	} {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestRetryReadsAheadSoACutBodyIsRetried(t *testing.T) {
	cut := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, `{"id":`)
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
	for _, tc := range []struct {
		name     string
		req      Request
		requests int
	}{
		{"read", Request{Op: "get video", Path: "videos/v1"}, 2},
		{"create with key", createVideo("k1"), 2},
		{"create", createVideo(""), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScript(t, cut, reply(200, `{"id":"v1"}`))
			var out struct{ ID string }
			err := testClient(t, s.srv, &sleeps{}).JSON(context.Background(), tc.req, &out)
			if n := len(s.seen()); n != tc.requests {
				t.Fatalf("%d requests, want %d", n, tc.requests)
			}
			if tc.requests == 2 && (err != nil || out.ID != "v1") {
				t.Fatalf("err %v id %q", err, out.ID)
			}
			if tc.requests == 1 && !Uncertain(err) {
				t.Fatalf("err %v, want uncertain", err)
			}
		})
	}
}
