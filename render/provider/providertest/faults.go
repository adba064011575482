package providertest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

func testRetryAfter(t *testing.T, setup Setup) {
	e := start(t, setup)
	e.s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.Status, Status: 429, RetryAfter: "7", Times: 1})
	id := e.submit("rate limited")
	if got := e.sleeps.got(); !slices.Equal(got, []time.Duration{7 * time.Second}) {
		t.Fatalf("waited %v before re-sending, want [7s] from Retry-After", got)
	}
	if n, l := e.creates(), e.s.Ledger(); n != 2 || len(l) != 1 || l[0].JobID != id {
		t.Fatalf("%d creates, ledger %+v; want 2 creates and one charge", n, l)
	}
	e.s.Inject(fake.RouteStatus, fake.Fault{Kind: fake.Status, Status: 429, RetryAfter: "3", Times: 1})
	e.status(id)
	if got := e.sleeps.got(); !slices.Equal(got, []time.Duration{7 * time.Second, 3 * time.Second}) {
		t.Fatalf("waited %v, want [7s 3s]", got)
	}
}

func testRateLimitPersists(t *testing.T, setup Setup) {
	e := start(t, setup)
	e.s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.Status, Status: 429})
	_, err := e.p.Submit(e.ctx, provider.Submission{Key: renderKey("x"), Body: e.f.Body("x")})
	if provider.StatusOf(err) != 429 || provider.Uncertain(err) {
		t.Fatalf("err = %v, want a certain 429", err)
	}
	if n := e.creates(); n != 3 || len(e.s.Ledger()) != 0 {
		t.Fatalf("%d creates, ledger %v; want 3 and nothing charged", n, e.s.Ledger())
	}
}

// testCreateFaults: a create that fails after the server may have acted is
// never re-sent without idempotency (one create, at most one charge, an
// uncertain error); with idempotency it is re-sent and replayed (same job,
// one charge).
func testCreateFaults(t *testing.T, setup Setup) {
	for _, tc := range []struct {
		name  string
		fault fake.Fault
		acted bool // the server created the job before the fault
		opts  func(*provider.HTTPOptions)
	}{
		{"500 before acting", fake.Fault{Kind: fake.Status, Status: 500}, false, nil},
		{"503 before acting", fake.Fault{Kind: fake.Status, Status: 503}, false, nil},
		{"502 after acting", fake.Fault{Kind: fake.Status, Status: 502, After: true}, true, nil},
		{"504 after acting", fake.Fault{Kind: fake.Status, Status: 504, After: true}, true, nil},
		{"reset after acting", fake.Fault{Kind: fake.Reset, After: true}, true, nil},
		{"proxy page after acting", fake.Fault{Kind: fake.NonJSON, Status: 502, After: true}, true, nil},
		{"truncated answer", fake.Fault{Kind: fake.Truncated}, true, nil},
		{"timeout after acceptance", fake.Fault{Kind: fake.SlowBody}, true,
			func(o *provider.HTTPOptions) { o.Clock = NewStallClock() }}, // the stall ends the attempt
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var mods []func(*provider.HTTPOptions)
			if tc.opts != nil {
				mods = append(mods, tc.opts)
			}
			e := start(t, setup, mods...)
			f := tc.fault
			f.Times = 1
			e.s.Inject(fake.RouteCreate, f)
			job, err := e.p.Submit(e.ctx, provider.Submission{Key: renderKey(tc.name), Body: e.f.Body(tc.name)})
			ledger := e.s.Ledger()
			if !e.f.Idempotent() {
				want := 0
				if tc.acted {
					want = 1
				}
				if err == nil || !provider.Uncertain(err) || e.creates() != 1 || len(ledger) != want {
					t.Fatalf("err %v (uncertain %v), %d creates, %d charges; want an uncertain error, 1 create, %d charges",
						err, provider.Uncertain(err), e.creates(), len(ledger), want)
				}
				return
			}
			if err != nil || e.creates() != 2 || len(ledger) != 1 || ledger[0].JobID != job.ID {
				t.Fatalf("job %+v err %v, %d creates, ledger %+v; want the replayed job, 2 creates, one charge", job, err, e.creates(), ledger)
			}
			// The create this Submit re-sent made the job: it was charged.
			if job.Replayed {
				t.Fatalf("job %+v: a create re-sent within one Submit is reported replayed, though its first attempt was charged", job)
			}
		})
	}
}

func testStatusRetried(t *testing.T, setup Setup) {
	e := start(t, setup)
	id := e.submit("status retried")
	e.s.Inject(fake.RouteStatus, fake.Fault{Kind: fake.Status, Status: 503, Times: 1})
	e.s.Inject(fake.RouteStatus, fake.Fault{Kind: fake.Status, Status: 502, Times: 1})
	e.status(id)
	if got := e.sleeps.got(); !slices.Equal(got, []time.Duration{time.Second, 2 * time.Second}) {
		t.Fatalf("waited %v, want backoff [1s 2s]", got)
	}
}

// testNoKeyInErrors provokes every kind of error and greps each for the key.
func testNoKeyInErrors(t *testing.T, setup Setup) {
	e := start(t, setup)
	id := e.submit("secrets")
	sub := provider.Submission{Key: renderKey("s2"), Body: e.f.Body("s2")}
	errs := map[string]error{}
	_, errs["invalid request"] = e.p.Submit(e.ctx, provider.Submission{Body: []byte(`{}`)})
	e.s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.EchoAuth, Times: 1})
	_, errs["proxy echoing headers"] = e.p.Submit(e.ctx, sub)
	e.s.Inject(fake.RouteStatus, fake.Fault{Kind: fake.Status, Status: 500})
	_, errs["status 500"] = e.p.Status(e.ctx, id)
	e.s.Clear(fake.RouteStatus)
	e.s.Inject(fake.RouteStatus, fake.Fault{Kind: fake.Reset})
	_, errs["status reset"] = e.p.Status(e.ctx, id)
	e.s.Clear(fake.RouteStatus)
	e.s.Inject(fake.RouteStatus, fake.Fault{Kind: fake.NonJSON, Status: 200})
	_, errs["status not JSON"] = e.p.Status(e.ctx, id)
	e.s.Clear(fake.RouteStatus)
	_, errs["result of unknown job"] = e.p.Result(e.ctx, "unknown0123456789abcdef")
	e.poll(id)
	m, err := e.p.Result(e.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	e.s.Advance(e.s.MediaTTL() + time.Minute)
	_, errs["expired download"] = e.download(m.VideoURL)
	key := e.f.Key()
	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		text := fmt.Sprintf("%v\n%+v\n%#v", err, err, err)
		if strings.Contains(text, key) {
			t.Errorf("%s: error holds the API key: %s", name, text)
		}
	}
}

// testReplay sends one create twice, as a rerun does after a lost answer.
// An API with idempotency answers the second with the first's job, marked
// replayed, and charges once; one without makes (and charges) a second
// job, and must not call it a replay.
func testReplay(t *testing.T, setup Setup) {
	e := start(t, setup)
	first := e.submit("sent twice")
	again, err := e.p.Submit(e.ctx, provider.Submission{Key: renderKey("sent twice"), Body: e.f.Body("sent twice")})
	if err != nil {
		t.Fatal(err)
	}
	ledger := e.s.Ledger()
	switch {
	case e.f.Idempotent() && (again.ID != first || !again.Replayed || len(ledger) != 1):
		t.Fatalf("second create %+v, ledger %+v; want job %s replayed and one charge", again, ledger, first)
	case !e.f.Idempotent() && (again.ID == first || again.Replayed || len(ledger) != 2):
		t.Fatalf("second create %+v, ledger %+v; want a new job, charged, not a replay", again, ledger)
	}
}

// testNoCredits: a create refused with 402, in the API's own error
// envelope, is a certain provider.ErrNoCredits, sent once and charged
// nothing: the runner stops that provider's creates on it.
func testNoCredits(t *testing.T, setup Setup) {
	e := start(t, setup)
	e.s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.Status, Status: http.StatusPaymentRequired, Message: "Not enough credits", Times: 1})
	_, err := e.p.Submit(e.ctx, provider.Submission{Key: renderKey("no credits"), Body: e.f.Body("no credits")})
	if !errors.Is(err, provider.ErrNoCredits) || provider.Uncertain(err) || !strings.Contains(err.Error(), "Not enough credits") {
		t.Fatalf("a create refused with 402: %v; want a certain ErrNoCredits with the provider's reason", err)
	}
	if e.creates() != 1 || len(e.s.Ledger()) != 0 {
		t.Fatalf("%d creates, %d charges; want 1 and 0", e.creates(), len(e.s.Ledger()))
	}
}
