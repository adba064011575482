package fake

import (
	"sync"
	"time"
)

// Clock is the time a fake reads: job timelines and media expiry follow it,
// so a test moves a job from queued to completed, or a URL past its expiry,
// without waiting.
type Clock interface {
	Now() time.Time
}

// Epoch is where a ManualClock starts by default: a fixed instant, so every
// run of a test sees the same times.
var Epoch = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// ManualClock moves only when told to.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a clock stopped at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t} }

func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// WallClock is the real time, for the sandbox.
type WallClock struct{}

func (WallClock) Now() time.Time { return time.Now() }
