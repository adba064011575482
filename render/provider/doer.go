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

// Timeout bounds every attempt sent through next by d, from sending the
// request to closing the response body, so a server that stalls mid-body
// cannot hang reel. Each retry attempt gets its own d. d <= 0 adds no bound.
func Timeout(next Doer, d time.Duration) Doer {
	if d <= 0 {
		return next
	}
	return DoerFunc(func(r *http.Request) (*http.Response, error) {
		parent := r.Context()
		ctx, cancel := context.WithTimeout(parent, d)
		resp, err := next.Do(r.WithContext(ctx))
		if err != nil {
			cancel()
			if parent.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				err = timeoutErr(err, d)
			}
			return nil, err
		}
		resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel, parent: parent, d: d}
		return resp, nil
	})
}

// timeoutErr rewrites "context deadline exceeded" as what happened, keeping
// the *url.Error shape http.Client returns.
func timeoutErr(err error, d time.Duration) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		c := *ue
		c.Err = fmt.Errorf("no response within %s: %w", d, ue.Err)
		return &c
	}
	return fmt.Errorf("no response within %s: %w", d, err)
}

// cancelBody releases the attempt's context when the body is closed and
// names the timeout when it cut a body short.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
	parent context.Context
	d      time.Duration
}

func (b *cancelBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.parent.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("body not complete within %s: %w", b.d, err)
	}
	return n, err
}

func (b *cancelBody) Close() error {
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
// length: the answer must start within d, and every read of its body must
// bring data within d of the last one that did. A slow transfer that keeps
// going is never cut off, unlike with Timeout. d <= 0 adds no bound.
func Stall(next Doer, d time.Duration) Doer {
	if d <= 0 {
		return next
	}
	return DoerFunc(func(r *http.Request) (*http.Response, error) {
		parent := r.Context()
		ctx, cancel := context.WithCancel(parent)
		stalled := &stallTimer{}
		stalled.t = time.AfterFunc(d, func() { stalled.fire(); cancel() })
		resp, err := next.Do(r.WithContext(ctx))
		if err != nil {
			stalled.t.Stop()
			cancel()
			if parent.Err() == nil && stalled.fired() {
				err = stallErr(err, d)
			}
			return nil, err
		}
		stalled.t.Reset(d)
		resp.Body = &stallBody{ReadCloser: resp.Body, timer: stalled, cancel: cancel, parent: parent, d: d}
		return resp, nil
	})
}

// stallTimer is the idle timer of one request, and whether it went off.
type stallTimer struct {
	t    *time.Timer
	mu   sync.Mutex
	went bool
}

func (s *stallTimer) fire() {
	s.mu.Lock()
	s.went = true
	s.mu.Unlock()
}

func (s *stallTimer) fired() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.went
}

// stallErr says what happened instead of "context canceled", keeping the
// *url.Error shape http.Client returns.
func stallErr(err error, d time.Duration) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		c := *ue
		c.Err = fmt.Errorf("stalled: no data for %s: %w", d, ue.Err)
		return &c
	}
	return fmt.Errorf("stalled: no data for %s: %w", d, err)
}

// stallBody restarts the idle timer on every read that brings data.
type stallBody struct {
	io.ReadCloser
	timer  *stallTimer
	cancel context.CancelFunc
	parent context.Context
	d      time.Duration
}

func (b *stallBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.timer.t.Reset(b.d)
	}
	if err != nil && err != io.EOF && b.parent.Err() == nil && b.timer.fired() {
		err = fmt.Errorf("stalled: no data for %s: %w", b.d, err)
	}
	return n, err
}

func (b *stallBody) Close() error {
	b.timer.t.Stop()
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
