package render

import (
	"context"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
)

var refusal = &provider.HTTPError{Op: "create video", Status: 429, Code: "rate_limit_exceeded"}

// mustStart starts a create that must be let go at once.
func mustStart(t *testing.T, s *slot) {
	t.Helper()
	if err := s.startCreate(cancelled()); err != nil {
		t.Fatalf("startCreate waited: %v", err)
	}
}

// cancelled is a context a blocking wait returns from at once.
func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestGateProbesOneCreateAtATimeUntilTheLimitIsKnown(t *testing.T) {
	g := newGate(4)
	a, _ := g.acquire(context.Background())
	b, _ := g.acquire(context.Background())
	mustStart(t, a)
	if err := b.startCreate(cancelled()); err == nil {
		t.Fatal("a second create above what the provider has accepted went out beside the probe")
	}
	if a.endCreate(nil) {
		t.Fatal("an accepted create reported refused")
	}
	mustStart(t, b) // the next probe
}

func TestGateLowersItsLimitOnA429ForTheRun(t *testing.T) {
	g := newGate(5)
	var slots []*slot
	for range 3 {
		s, err := g.acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		mustStart(t, s)
		s.endCreate(nil)
		slots = append(slots, s)
	}
	fourth, _ := g.acquire(context.Background())
	fifth, _ := g.acquire(context.Background())
	mustStart(t, fourth)
	if !fourth.endCreate(refusal) {
		t.Fatal("a 429 was not reported as a refusal")
	}
	if l := fourth.limitNow(); l != 3 {
		t.Fatalf("limit %d after a 429 with 3 jobs running, want 3", l)
	}
	// Five slots are taken against a limit of 3: a create from above the
	// limit gives its slot back and waits.
	if err := fifth.startCreate(cancelled()); err == nil {
		t.Fatal("a create went out above the learned limit")
	}
	fifth.release()
	fourth.release()
	// A job finishes: its slot goes to the refused create, which the
	// provider now takes; the limit stays at 3, the most ever accepted.
	slots[0].release()
	again, _ := g.acquire(cancelled())
	if again == nil {
		t.Fatal("no slot after a job finished")
	}
	mustStart(t, again)
	again.endCreate(nil)
	for range 10 { // many accepted creates never raise it above 3
		slots[1].release()
		s, err := g.acquire(cancelled())
		if err != nil {
			t.Fatalf("no slot: %v", err)
		}
		mustStart(t, s)
		s.endCreate(nil)
		slots[1] = s
	}
	if l := again.limitNow(); l != 3 {
		t.Fatalf("limit %d, want it to stay at the 3 jobs the provider accepted", l)
	}
	if _, err := g.acquire(cancelled()); err == nil {
		t.Fatal("a fourth slot at a limit of 3")
	}
}

func TestNilSlotIsNoLimit(t *testing.T) {
	var s *slot
	mustStart(t, s)
	if !s.endCreate(refusal) || s.endCreate(nil) {
		t.Fatal("a nil slot misreports refusals")
	}
	s.release()
	s.started()
}

// The wait between two checks of a job never exceeds a sixteenth of what
// it has waited (with jitter), once that is more than Poll: a finished job
// is noticed within about 6% of its render time.
func TestBackoffFollowsTheTimeWaited(t *testing.T) {
	r := &Runner{Poll: 2 * time.Second}
	for _, waited := range []time.Duration{0, time.Second, time.Minute, 4 * time.Minute, time.Hour} {
		bound := max(r.Poll, waited/16)
		for n := range 20 {
			if d := r.backoff(n, waited); d > bound*6/5 || d < min(r.Poll, bound)*4/5 {
				t.Fatalf("backoff(%d, %s) = %s, want at most %s", n, waited, d, bound*6/5)
			}
		}
	}
}
