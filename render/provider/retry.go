package provider

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy is HeyGen's published client retry policy (heygen-cli
// internal/client/retry.go), which reel applies to every API:
//
//   - 429 is retried on any method: the server refused without acting.
//   - 500, 502, 503, 504 and network errors are retried only on reads and on
//     writes that carry an Idempotency-Key, because the server may have
//     acted before failing; re-sending a create would pay twice.
//   - Retry-After (seconds or HTTP date) is honoured, else the wait is
//     Base·2^attempt times a jitter in [0.75, 1.25); every wait is capped.
//
// The zero value is the default policy.
type RetryPolicy struct {
	Retries int           // retries after the first attempt; 0 means 2, negative means none
	Base    time.Duration // first backoff; 0 means 1 s
	Cap     time.Duration // longest wait, Retry-After included; 0 means 30 s
	// Sleep waits d or until ctx ends; tests inject one that records d and
	// returns at once. nil sleeps on a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns the backoff factor; nil draws uniformly from [0.75, 1.25).
	Jitter func() float64
	// Now reads the clock for Retry-After dates; nil is time.Now.
	Now func() time.Time
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	switch {
	case p.Retries == 0:
		p.Retries = 2
	case p.Retries < 0:
		p.Retries = 0
	}
	if p.Base <= 0 {
		p.Base = time.Second
	}
	if p.Cap <= 0 {
		p.Cap = 30 * time.Second
	}
	if p.Sleep == nil {
		p.Sleep = sleep
	}
	if p.Jitter == nil {
		p.Jitter = func() float64 { return 0.75 + rand.Float64()/2 }
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	return p
}

// Retry sends requests through next, re-sending them as the policy allows.
// A request whose body cannot be rewound (no GetBody) is never re-sent.
func Retry(next Doer, p RetryPolicy) Doer {
	p = p.withDefaults()
	return DoerFunc(func(req *http.Request) (*http.Response, error) {
		for attempt := 0; ; attempt++ {
			resp, err := next.Do(req)
			if err == nil && attempt < p.Retries && Replayable(req) && resp.StatusCode/100 == 2 {
				if err = buffer(resp); err != nil {
					resp = nil
				}
			}
			wait, again := p.decide(req, resp, err, attempt)
			if !again {
				return resp, err
			}
			if err == nil {
				_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
				resp.Body.Close()
			}
			if err := p.Sleep(req.Context(), wait); err != nil {
				return nil, err
			}
			if req, err = rewind(req); err != nil {
				return nil, err
			}
		}
	})
}

// decide says whether to send req again after this outcome, and after how
// long.
func (p RetryPolicy) decide(req *http.Request, resp *http.Response, err error, attempt int) (time.Duration, bool) {
	if attempt >= p.Retries || (req.Body != nil && req.Body != http.NoBody && req.GetBody == nil) {
		return 0, false
	}
	if err != nil {
		return p.backoff(attempt), req.Context().Err() == nil && Replayable(req)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		if req.Context().Value(pacedKey{}) != nil {
			return 0, false
		}
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if !Replayable(req) {
			return 0, false
		}
	default:
		return 0, false
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), p.Now()); ok {
		return min(d, p.Cap), true
	}
	return p.backoff(attempt), true
}

// pacedKey marks a context whose caller paces its own requests.
type pacedKey struct{}

// Paced returns a context whose requests are not retried on 429: the
// caller adapts its own rate to the refusal (the runner lowers its limit of
// jobs at once and waits for one to finish), which a blind retry after
// Retry-After would hide from it, trading one refusal for many.
func Paced(ctx context.Context) context.Context {
	return context.WithValue(ctx, pacedKey{}, true)
}

func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.Base
	for i := 0; i < attempt && d < p.Cap; i++ {
		d *= 2
	}
	return min(time.Duration(float64(d)*p.Jitter()), p.Cap)
}

// Replayable reports whether sending req twice has the effect of sending it
// once: a read, or a write the server deduplicates by Idempotency-Key.
func Replayable(req *http.Request) bool {
	return readMethod(req.Method) || req.Header.Get("Idempotency-Key") != ""
}

// parseRetryAfter reads Retry-After as delta seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// rewind returns a copy of req with a fresh body for the next attempt.
func rewind(req *http.Request) (*http.Request, error) {
	c := req.Clone(req.Context())
	if req.GetBody == nil {
		return c, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	c.Body = body
	return c, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// maxBuffered bounds the answer Retry reads ahead; a larger one streams.
const maxBuffered = 32 << 20

// buffer reads a replayable request's answer ahead, so a body cut short by
// a reset or a stall is retried like any network error instead of failing
// the caller's decode. On error the response is closed.
func buffer(resp *http.Response) error {
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBuffered))
	if err != nil {
		resp.Body.Close()
		return err
	}
	if len(b) == maxBuffered {
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
		return nil
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return nil
}
