package render

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/registry"
)

// OutOfCredits is a provider whose account ran out of money during a run:
// it refused a create for want of credit (HTTP 402, or its own code for
// it), or failed a job for that reason. reel sent it no create after that,
// in this run: each would be refused again, or taken and failed. Its jobs
// already in flight were still waited for and downloaded, and the other
// providers' videos went on.
type OutOfCredits struct {
	Vendor string // the provider: heygen, fal, ...
	// Err is the refusal or failure that said so, the first of the run.
	Err error
	// HeldBack are the videos whose creates reel then did not send,
	// sorted.
	HeldBack []string
}

// Error says what happened and what to do next.
func (o OutOfCredits) Error() string {
	display, topUp := registry.TopUp(o.Vendor)
	where := "add credits at " + display
	if topUp != "" {
		where = "add credits at " + topUp
	}
	held := ""
	if n := len(o.HeldBack); n > 0 {
		held = fmt.Sprintf(" (%s held back: %s)", english.Count(n, "video"), strings.Join(o.HeldBack, ", "))
	}
	return fmt.Sprintf("%s is out of credits: %v. reel sent %s no more creates in this run%s; jobs already there were waited for and downloaded. %s, then run reel render again: what was rendered or is in flight is recorded in reel.lock, so nothing is paid twice",
		display, o.Err, display, held, upper(where))
}

func upper(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// HeldBackError is the failure of a video whose create reel did not send,
// because its provider had refused an earlier create of the run for want
// of credit: nothing was sent for it in this run (a create resumed from an
// earlier run stays pending, as it was), and the next run sends it.
type HeldBackError struct {
	Vendor string
	Cause  error // the provider's refusal
}

func (e *HeldBackError) Error() string {
	display, _ := registry.TopUp(e.Vendor)
	return fmt.Sprintf("not sent: %s refused an earlier create of this run for want of credit, so reel sent it no more; nothing was sent for this video, and the next reel render sends it", display)
}

func (e *HeldBackError) Unwrap() error { return e.Cause }

// heldBackLocked is the error of a create the gate holds back, or nil
// while the provider still takes creates.
func (g *gate) heldBackLocked() error {
	if g.broke == nil {
		return nil
	}
	return &HeldBackError{Vendor: g.vendor, Cause: g.broke}
}

// brokeLocked records the first sign that the provider's account cannot
// pay, and wakes every waiter so it learns its create is held back.
func (g *gate) brokeLocked(err error) {
	if g.broke == nil {
		g.broke = err
	}
	g.wakeLocked()
}

// noCredits holds back the provider's creates from now on: err says the
// account cannot pay (a job failed for want of credit, an upload refused).
func (s *slot) noCredits(err error) {
	if s == nil {
		return
	}
	s.g.mu.Lock()
	defer s.g.mu.Unlock()
	s.g.brokeLocked(err)
}

// heldBack is the error of a create the slot's provider no longer takes,
// or nil, so that a held-back video uploads nothing either.
func (s *slot) heldBack() error {
	if s == nil {
		return nil
	}
	s.g.mu.Lock()
	defer s.g.mu.Unlock()
	return s.g.heldBackLocked()
}

// notStarted is the error of a create that startCreate did not let go:
// held back for want of credit, or stopped before anything was sent.
func notStarted(ctx context.Context, err error) error {
	var hb *HeldBackError
	if errors.As(err, &hb) {
		return hb
	}
	return stopped(ctx, stoppedBeforeSubmit, "", "")
}

// outOfCredits lists the providers of gates that stopped taking creates,
// with the videos each held back (from failed, the run's failures).
func outOfCredits(gates map[string]*gate, failed map[string]error) []OutOfCredits {
	var out []OutOfCredits
	for vendor, g := range gates {
		g.mu.Lock()
		broke := g.broke
		g.mu.Unlock()
		if broke == nil {
			continue
		}
		o := OutOfCredits{Vendor: vendor, Err: broke}
		for id, err := range failed {
			var hb *HeldBackError
			if errors.As(err, &hb) && hb.Vendor == vendor {
				o.HeldBack = append(o.HeldBack, id)
			}
		}
		sort.Strings(o.HeldBack)
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Vendor < out[j].Vendor })
	return out
}

// noCreditsFailure is the cause recorded for a job the provider failed
// for want of credit.
func noCreditsFailure(prov provider.Provider, job string, e *provider.JobError) error {
	return fmt.Errorf("job %s at %s failed for want of credit: %w", job, prov.Name(), e)
}
