// Package providertest is the conformance suite every provider client
// passes against its fake: the lifecycle of a job, late failures, rate
// limits, creates that must not be paid twice, expiring media and secrets
// kept out of errors. A vendor package runs it from one test:
//
//	func TestConformance(t *testing.T) {
//		providertest.Run(t, func(t *testing.T, o provider.HTTPOptions) (provider.Provider, providertest.Fake) {
//			f := fake.NewPixelDojo(fake.PixelDojoOptions{})
//			t.Cleanup(f.Close)
//			c, err := pixeldojo.New(pixeldojo.Config{BaseURL: f.BaseURL(), Key: f.Key(), HTTPOptions: o})
//			if err != nil {
//				t.Fatal(err)
//			}
//			return c, f
//		})
//	}
package providertest

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// Fake is the control handle of a vendor's fake that the suite drives.
type Fake interface {
	// Server is the shared fake machinery: clock, faults, ledger, log. Its
	// routes must include fake.RouteCreate, fake.RouteStatus and
	// fake.RouteMedia, and it must run on a fake.ManualClock.
	Server() *fake.Server
	// Body is a create request the API accepts, speaking text.
	Body(text string) json.RawMessage
	// Key is the API key the client under test holds.
	Key() string
	// Idempotent reports whether the API replays a create re-sent with the
	// same idempotency key (HeyGen v3) instead of charging again.
	Idempotent() bool
}

// Setup starts a fresh fake and a client pointed at it, built with the
// given HTTP options (they carry the suite's recorded sleeps). It is called
// once per test; register cleanups on t.
type Setup func(t *testing.T, o provider.HTTPOptions) (provider.Provider, Fake)

// Run runs the suite. Tests run in parallel, each with its own fake.
func Run(t *testing.T, setup Setup) {
	for _, tc := range []struct {
		name string
		test func(*testing.T, Setup)
	}{
		{"SubmitPollDownload", testLifecycle},
		{"StatusInOrderWithUnknownJob", testStatusOrder},
		{"LateFailureSurfacesReason", testLateFailure},
		{"StuckJobKeepsProcessing", testStuck},
		{"CancelledJobFails", testCancelled},
		{"RateLimitHonoursRetryAfter", testRetryAfter},
		{"RateLimitThatPersists", testRateLimitPersists},
		{"CreateNotPaidTwice", testCreateFaults},
		{"NoCreditsRefusal", testNoCredits},
		{"ReplayedCreateCostsNothing", testReplay},
		{"StatusRetriedAfterServerError", testStatusRetried},
		{"ExpiredMediaRefreshedByResult", testExpiredMedia},
		{"TruncatedMediaDetected", testTruncatedMedia},
		{"ErrorsNeverHoldTheKey", testNoKeyInErrors},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.test(t, setup)
		})
	}
}

// env is one test's client, fake and recorded sleeps.
type env struct {
	t      *testing.T
	ctx    context.Context
	p      provider.Provider
	f      Fake
	s      *fake.Server
	sleeps *recorder
}

// start builds an env; mod adjusts the HTTP options (a stall clock, say).
// The default bound of an attempt is a wide backstop on the wall clock,
// which no loopback answer comes near.
func start(t *testing.T, setup Setup, mod ...func(*provider.HTTPOptions)) *env {
	t.Helper()
	rec := &recorder{}
	o := provider.HTTPOptions{
		Timeout: 10 * time.Second, // a backstop only: no fault here waits for it
		Retry:   provider.RetryPolicy{Sleep: rec.sleep, Jitter: func() float64 { return 1 }},
		Debug:   discard{},
	}
	for _, m := range mod {
		m(&o)
	}
	p, f := setup(t, o)
	if c, ok := o.Clock.(*StallClock); ok {
		c.Watch(f.Server())
	}
	return &env{t: t, ctx: context.Background(), p: p, f: f, s: f.Server(), sleeps: rec}
}

// recorder stands in for the retry sleep: it records and returns at once.
type recorder struct {
	mu sync.Mutex
	d  []time.Duration
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.d = append(r.d, d)
	return ctx.Err()
}

func (r *recorder) got() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.d...)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
