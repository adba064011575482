package render

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/reel-dev/reel/render/provider"
)

// gate is one provider's limit on jobs in flight, which adapts to what the
// provider accepts.
//
// It starts at the configured limit. Until the provider has shown it takes
// that many jobs at once, creates go one at a time (probes, as TCP's slow
// start), so a provider that takes fewer refuses one create, not a burst.
// A 429 on a create lowers the limit to the jobs reel knows to be running
// there, less those a status round right then finds finished: the
// provider's own limit, learned. Slots above it go back to the queue before
// their next create. The limit is not raised again in the run: a refusal
// costs a create and a wait, and renders take minutes.
//
// A slot is held from the start of an action until its job has finished at
// the provider (a download does not count against the provider's renders)
// or the action ends.
type gate struct {
	mu        sync.Mutex
	changed   chan struct{} // closed when a slot frees or the limit moves
	limit     int           // slots now
	busy      int           // slots taken
	probing   bool          // a probe is out
	running   int           // jobs the provider accepted that reel has not seen finish
	trusted   bool          // the provider took limit jobs at once, or refused one
	freed     int           // running jobs that have finished, ever
	atRefusal int           // jobs running at the last refusal
	vendor    string        // whose limit it is: heygen, fal, ...
	broke     error         // why the provider takes no more creates (see noCredits)
}

func newGate(limit int) *gate { return &gate{limit: max(1, limit)} }

// wakeLocked tells every waiter that something changed.
func (g *gate) wakeLocked() {
	if g.changed != nil {
		close(g.changed)
		g.changed = nil
	}
}

// waitLocked waits, with g.mu held, until ok holds or ctx ends.
func (g *gate) waitLocked(ctx context.Context, ok func() bool) error {
	for !ok() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if g.changed == nil {
			g.changed = make(chan struct{})
		}
		ch := g.changed
		g.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
		}
		g.mu.Lock()
	}
	return nil
}

// acquire waits for a slot within the limit. Once the provider takes no
// more creates, the wait ends at once with a slot outside the limit: the
// action can only fetch or follow a job, or learn that its create is held
// back.
func (g *gate) acquire(ctx context.Context) (*slot, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.waitLocked(ctx, func() bool { return g.busy < g.limit || g.broke != nil }); err != nil {
		return nil, err
	}
	if g.busy >= g.limit {
		return &slot{g: g}, nil
	}
	g.busy++
	return &slot{g: g, held: true}, nil
}

// slot is one action's place at a provider. A nil slot is no limit.
type slot struct {
	g       *gate
	held    bool // counted in g.busy
	running bool // counted in g.running
	probe   bool // this create is the probe
}

// release gives the slot back; the job, if any, no longer counts as
// running. Calling it again does nothing.
func (s *slot) release() {
	if s == nil {
		return
	}
	g := s.g
	g.mu.Lock()
	defer g.mu.Unlock()
	s.stopLocked()
	if s.held {
		s.held = false
		g.busy--
		g.wakeLocked()
	}
}

func (s *slot) stopLocked() {
	if s.running {
		s.running = false
		s.g.running--
		s.g.freed++
	}
}

// started counts a job this slot follows as running at the provider (a
// resumed job, seen queued or rendering).
func (s *slot) started() {
	if s == nil {
		return
	}
	g := s.g
	g.mu.Lock()
	defer g.mu.Unlock()
	if !s.running {
		s.running = true
		g.running++
	}
}

// freedCount is how many running jobs have finished so far, to tell after a
// refusal whether any of reel's jobs has made room since.
func (s *slot) freedCount() int {
	if s == nil {
		return 0
	}
	s.g.mu.Lock()
	defer s.g.mu.Unlock()
	return s.g.freed
}

// startCreate waits until a create may be sent: the slot within the limit
// (a slot above a lowered limit goes back to the queue first) and, until the
// gate trusts the limit, no other create out. Every startCreate that
// returns nil is followed by one endCreate. Once the provider has refused
// a create for want of credit, it returns a *HeldBackError instead.
func (s *slot) startCreate(ctx context.Context) error {
	if s == nil {
		return nil
	}
	g := s.g
	g.mu.Lock()
	defer g.mu.Unlock()
	for {
		if err := g.heldBackLocked(); err != nil {
			return err
		}
		if s.held && g.busy > g.limit {
			s.held = false
			g.busy--
			g.wakeLocked()
		}
		if !s.held {
			if err := g.waitLocked(ctx, func() bool { return g.busy < g.limit || g.broke != nil }); err != nil {
				return err
			}
			if g.broke != nil {
				continue
			}
			s.held = true
			g.busy++
		}
		switch {
		case g.trusted:
			return nil
		case !g.probing:
			g.probing, s.probe = true, true
			return nil
		}
		if err := g.waitLocked(ctx, func() bool { return !g.probing || g.busy > g.limit || g.broke != nil }); err != nil {
			return err
		}
	}
}

// endCreate records how a create ended (err nil: the provider accepted
// it), and reports whether the provider refused it for its concurrency
// (429), having lowered the limit. A refusal for want of credit holds
// back every create after it, before any waiter wakes.
func (s *slot) endCreate(err error) (refused bool) {
	if s == nil {
		return provider.StatusOf(err) == http.StatusTooManyRequests
	}
	g := s.g
	g.mu.Lock()
	defer g.mu.Unlock()
	defer g.wakeLocked()
	if s.probe {
		g.probing, s.probe = false, false
	}
	switch {
	case errors.Is(err, provider.ErrNoCredits):
		g.brokeLocked(err)
	case err == nil:
		if !s.running {
			s.running = true
			g.running++
		}
		g.trusted = g.trusted || g.running >= g.limit
	case provider.StatusOf(err) == http.StatusTooManyRequests:
		g.trusted = true
		g.limit = max(1, min(g.limit, g.running))
		g.atRefusal = g.running
		return true
	}
	return false
}

// finishedUnseen corrects the limit a 429 set, by the jobs reel counted as
// running then that the provider had in fact finished (reel had not yet
// asked): they took no place at the provider.
func (s *slot) finishedUnseen(n int) {
	if s == nil || n <= 0 {
		return
	}
	g := s.g
	g.mu.Lock()
	defer g.mu.Unlock()
	g.limit = max(1, min(g.limit, g.atRefusal-n))
}

// limitNow is the gate's limit, for messages.
func (s *slot) limitNow() int {
	if s == nil {
		return 0
	}
	s.g.mu.Lock()
	defer s.g.mu.Unlock()
	return s.g.limit
}
