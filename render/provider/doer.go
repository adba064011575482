package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Doer sends one HTTP request. *http.Client is one; Retry, Timeout and Debug
// wrap one in another, so each concern stays a few lines and tests can
// stand a fake in anywhere.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// DoerFunc adapts a function to Doer.
type DoerFunc func(*http.Request) (*http.Response, error)

func (f DoerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// DefaultTimeout bounds each attempt of a call: the API calls reel makes
// answer in well under a second, so a call that takes 30 s is stuck.
const DefaultTimeout = 30 * time.Second

// Timeout bounds every attempt sent through next by d on clock (nil is the
// wall clock), from sending the request to closing the response body, so
// a server that stalls mid-body cannot hang reel. Each retry attempt gets
// its own d. d <= 0 adds no bound. A bound that went off reads as a
// context.DeadlineExceeded that says how long it was.
func Timeout(next Doer, d time.Duration, clock Clock) Doer {
	if d <= 0 {
		return next
	}
	clock = orWall(clock)
	return DoerFunc(func(r *http.Request) (*http.Response, error) {
		parent := r.Context()
		ctx, cancel := context.WithCancel(parent)
		watchdog := startBound(clock, d, cancel)
		resp, err := next.Do(r.WithContext(ctx))
		if err != nil {
			watchdog.stop()
			cancel()
			if parent.Err() == nil && watchdog.wentOff() {
				err = timeoutErr(err, d)
			}
			return nil, err
		}
		resp.Body = &cancelBody{ReadCloser: resp.Body, bound: watchdog, cancel: cancel, parent: parent, d: d}
		return resp, nil
	})
}

// timeoutErr says what happened instead of "context canceled", keeping the
// *url.Error shape http.Client returns.
func timeoutErr(err error, d time.Duration) error {
	why := said{fmt.Sprintf("no response within %s", d), context.DeadlineExceeded}
	var ue *url.Error
	if errors.As(err, &ue) {
		c := *ue
		c.Err = why
		return &c
	}
	return why
}

// cancelBody releases the attempt's context and bound when the body is
// closed, and names the bound when it cut a body short.
type cancelBody struct {
	io.ReadCloser
	bound  *bound
	cancel context.CancelFunc
	parent context.Context
	d      time.Duration
}

func (b *cancelBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.parent.Err() == nil && b.bound.wentOff() {
		err = said{fmt.Sprintf("body not complete within %s", b.d), context.DeadlineExceeded}
	}
	return n, err
}

func (b *cancelBody) Close() error {
	b.bound.stop()
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// MediaStall is how long a media download may go without a byte before
// reel gives up on it. A download has no overall bound (a long video on a
// slow link takes what it takes), but a CDN connection that stops sending
// would otherwise hang a run, and a CI job, for ever.
const MediaStall = time.Minute

// Stall bounds requests sent through next by idleness rather than by
// length, on clock (nil is the wall clock): the answer must start within
// d, and every read of its body must bring data within d of the last one
// that did. A slow transfer that keeps going is never cut off, unlike with
// Timeout. d <= 0 adds no bound.
func Stall(next Doer, d time.Duration, clock Clock) Doer {
	if d <= 0 {
		return next
	}
	clock = orWall(clock)
	return DoerFunc(func(r *http.Request) (*http.Response, error) {
		parent := r.Context()
		ctx, cancel := context.WithCancel(parent)
		stalled := startBound(clock, d, cancel)
		resp, err := next.Do(r.WithContext(ctx))
		if err != nil {
			stalled.stop()
			cancel()
			if parent.Err() == nil && stalled.wentOff() {
				err = stallErr(err, d)
			}
			return nil, err
		}
		stalled.reset(d)
		resp.Body = &stallBody{ReadCloser: resp.Body, timer: stalled, cancel: cancel, parent: parent, d: d}
		return resp, nil
	})
}

// bound is the timer of one request's Timeout or Stall, and whether it
// went off (then it cancelled the request's context).
type bound struct {
	t    Timer
	mu   sync.Mutex
	went bool
}

// startBound starts a bound that cancels after d on clock.
func startBound(clock Clock, d time.Duration, cancel context.CancelFunc) *bound {
	b := &bound{}
	b.mu.Lock() // the timer may go off before t is set
	defer b.mu.Unlock()
	b.t = clock.AfterFunc(d, func() { b.fire(); cancel() })
	return b
}

func (b *bound) fire() {
	b.mu.Lock()
	b.went = true
	b.mu.Unlock()
}

func (b *bound) wentOff() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.went
}

func (b *bound) stop() {
	b.mu.Lock()
	t := b.t
	b.mu.Unlock()
	t.Stop()
}

func (b *bound) reset(d time.Duration) {
	b.mu.Lock()
	t := b.t
	b.mu.Unlock()
	t.Reset(d)
}

// stallErr says what happened instead of "context canceled", keeping the
// *url.Error shape http.Client returns.
func stallErr(err error, d time.Duration) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		c := *ue
		c.Err = said{fmt.Sprintf("stalled: no data for %s", d), ue.Err}
		return &c
	}
	return said{fmt.Sprintf("stalled: no data for %s", d), err}
}

// said is an error as it reads to a person: what happened, not the name
// Go's context package gives it ("context deadline exceeded"). errors.Is
// and errors.As still see the error it stands for.
type said struct {
	text string
	err  error
}

func (s said) Error() string { return s.text }
func (s said) Unwrap() error { return s.err }

// stallBody restarts the idle timer on every read that brings data.
type stallBody struct {
	io.ReadCloser
	timer  *bound
	cancel context.CancelFunc
	parent context.Context
	d      time.Duration
}

func (b *stallBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.timer.reset(b.d)
	}
	if err != nil && err != io.EOF && b.parent.Err() == nil && b.timer.wentOff() {
		err = said{fmt.Sprintf("stalled: no data for %s", b.d), err}
	}
	return n, err
}

func (b *stallBody) Close() error {
	b.timer.stop()
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
