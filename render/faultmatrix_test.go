package render_test

// The fault matrix: every provider's fake, every step of a render, every
// way that step can fail, one small project per cell, with real clients on
// a manual clock. Each cell checks what DESIGN.md's invariants 2, 3 and 4
// promise under that fault, then clears it and checks that a rerun renders
// what is missing without paying again for what was paid.

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/fake"
)

func TestFaultMatrix(t *testing.T) {
	cells := mxCells()
	start := time.Now()
	t.Cleanup(func() {
		t.Logf("fault matrix: %d cells (%d providers × their steps × the faults each step can meet) in %s",
			len(cells), len(mxProviders), time.Since(start).Round(time.Millisecond))
	})
	for _, c := range cells {
		t.Run(c.name(), func(t *testing.T) {
			t.Parallel()
			runCell(t, c, 0)
		})
	}
}

// On a machine so loaded that every answer comes later than mxTimeout,
// the cells end as they do on an idle one: the bounds go off where a fake
// stalls a request, never because an answer was slow. These cells once
// failed under load, when the bounds were 150 ms of wall time.
func TestFaultMatrixOnALoadedMachine(t *testing.T) {
	lag := 2 * mxTimeout
	cells := []string{"fal/status/502", "heygen/v2/create/truncated body", "heygen/av4/status/hang past the timeout",
		"pixeldojo/create/numeric code", "heygen/v3/upload/error echoing the key"}
	ran := 0
	for _, c := range mxCells() {
		if slices.Contains(cells, c.name()) {
			ran++
			t.Run(c.name(), func(t *testing.T) {
				t.Parallel()
				runCell(t, c, lag)
			})
		}
	}
	if ran != len(cells) {
		t.Fatalf("found %d of the cells %q", ran, cells)
	}
}

// runCell runs one cell, every answer to its provider's clients coming
// lag late.
func runCell(t *testing.T, c mxCell, lag time.Duration) {
	w := mxWorld(t, c)
	w.lag = lag
	s := w.servers()[c.p.vendor]
	id, want := c.p.video, c.want()
	if c.f.broke {
		setCredits(w, c.p.vendor, 0)
	} else {
		s.Inject(c.route, c.f.fault)
	}

	// A stuck job is stopped once the fakes' clock is far past its
	// timeline, as a user's Ctrl-C would stop it.
	var stuck func() bool
	if c.f.fault.Kind == fake.Stuck {
		stuck = func() bool { return w.clock.Now().Sub(fake.Epoch) > mxStuckAfter }
	}
	res, events := mxRun(context.Background(), w, c.p.vendor, stuck)
	got, err := outcome(res, id)
	if got != want.outcome {
		t.Fatalf("first run: %s (%v), want %s", got, err, want.outcome)
	}
	if err != nil {
		checkMessage(t, c, want, id, err.Error(), events)
	}
	l := w.lock()
	if st := lockState(l, id); st != want.lock {
		t.Fatalf("after the first run reel.lock has %s %s, want %s", id, st, want.lock)
	}
	w.checkLockClean()
	w.checkOutputs()
	failed := map[string]bool{}
	if want.failedJob {
		failed[c.p.vendor+"/"+l.Videos[id].Job] = true
	}
	// A create the provider acted on before its answer was lost is paid
	// for, and reel does not know its job yet.
	gap := c.step == stepCreate && c.f.acted
	paidBefore := checkPaid(t, w, failed, gap)

	// The fault clears (a stuck job finally moves); the next run renders
	// what is missing and pays for nothing paid already.
	s.Clear(c.route)
	s.Unstick()
	setCredits(w, c.p.vendor, 1<<20)
	creates := w.creates()
	if want.outcome != outDone {
		res, _ = mxRun(context.Background(), w, c.p.vendor, nil)
		if want.refused {
			got, err := outcome(res, id)
			if got != outFailed || !strings.Contains(err.Error(), "cannot replay it safely") || !strings.Contains(err.Error(), "reel forget "+id) {
				t.Fatalf("rerun after an unconfirmed create: %s (%v), want a refusal that says what to do", got, err)
			}
			if w.creates() != creates {
				t.Fatalf("the refusing rerun sent %d creates", w.creates()-creates)
			}
			if c.f.acted {
				// The create gap README names: the job exists and is paid,
				// reel could not learn its id, and it will not pay again.
				checkPaid(t, w, failed, true)
				return
			}
			// Nothing reached the provider: forgetting the video, as the
			// message says, renders it once.
			if _, err := lock.Update(w.lockPath(), func(l *lock.Lock) error { l.Remove(id); return nil }); err != nil {
				t.Fatal(err)
			}
			res, _ = mxRun(context.Background(), w, c.p.vendor, nil)
		}
		if got, err := outcome(res, id); got != outDone {
			t.Fatalf("rerun after the fault cleared: %s (%v), want done", got, err)
		}
	}
	if st := lockState(w.lock(), id); st != lockDone {
		t.Fatalf("after the rerun reel.lock has %s %s, want done", id, st)
	}
	w.checkLockClean()
	w.checkOutputs()
	paidAfter := checkPaid(t, w, failed, false)
	if len(paidBefore) > 0 && !slices.Equal(paidBefore, paidAfter) {
		t.Fatalf("the first run paid for %v; after the rerun %v are paid: a paid render was paid again", paidBefore, paidAfter)
	}
	if n := w.creates() - creates; len(paidBefore) > 0 && n != 0 && !c.p.idempotent {
		t.Fatalf("the rerun sent %d creates for a render already paid", n)
	}
	// A third run has nothing to do and leaves reel.lock alone.
	before := w.lockBytes()
	if p := w.plan(); p.Pending() {
		t.Fatalf("after the rerun the plan still has work: %v", kinds(p))
	}
	if string(w.lockBytes()) != string(before) {
		t.Fatal("planning changed reel.lock")
	}
}

// checkMessage asserts that a failure, as reel render prints it ("reel:
// <video>: <error>") and as its failed or stopped event says it, names the
// video, the step and the provider's reason.
func checkMessage(t *testing.T, c mxCell, want mxWant, id, msg string, events []render.Event) {
	t.Helper()
	line := id + ": " + msg
	t.Logf("reel: %s", line)
	if !strings.HasPrefix(line, c.p.video+": ") {
		t.Errorf("message %q does not name the video", line)
	}
	if !regexp.MustCompile(want.step).MatchString(msg) {
		t.Errorf("message %q does not name the step (%s)", line, want.step)
	}
	if c.f.reason != "" && !regexp.MustCompile(c.f.reason).MatchString(msg) {
		t.Errorf("message %q does not give the provider's reason (%s)", line, c.f.reason)
	}
	if strings.Contains(msg, "Signature=") && !strings.Contains(msg, "Signature=REDACTED") {
		t.Errorf("message %q holds a signed URL", line)
	}
	for _, e := range events {
		if e.ID == id && (e.Step == outFailed || e.Step == outStopped) {
			if e.Detail != msg {
				t.Errorf("the %s event says %q, the result %q", e.Step, e.Detail, msg)
			}
			return
		}
	}
	t.Errorf("no failed or stopped event for %s in %v", id, events)
}

// checkPaid asserts at most one charged job per render key (jobs the
// provider reported failed aside, since their rerender is a new job), and
// that every charged job is one reel.lock knows, except in the create gap
// (gap true): there the one charged job is the one reel could not confirm.
// It returns the charged jobs reel knows, sorted.
func checkPaid(t *testing.T, w *world, failed map[string]bool, gap bool) []string {
	t.Helper()
	byKey, unknown := w.paidJobs(failed)
	var known []string
	for key, jobs := range byKey {
		if len(jobs) > 1 {
			t.Errorf("render key %.12s paid %d times: %v", key, len(jobs), jobs)
		}
		known = append(known, jobs...)
	}
	slices.Sort(known)
	switch {
	case gap && (len(unknown) != 1 || len(known) != 0):
		t.Errorf("create gap: charged jobs %v unknown to reel.lock and %v known; want the one unconfirmed job", unknown, known)
	case !gap && len(unknown) > 0:
		t.Errorf("charged jobs %v are not in reel.lock", unknown)
	}
	return known
}
