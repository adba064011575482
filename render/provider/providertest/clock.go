package providertest

import (
	"sync"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// StallClock is a provider.Clock for tests in which a request hangs only
// where a fake stalls it (fake.SlowBody): its timers never go off with
// time, only when a fake it watches starts to stall a request, and then
// every timer running at that instant goes off, the stalled request's
// bound among them. So a stalled request is given up on at once, and no
// answer is ever given up on for being slow on a loaded machine. It suits
// clients with one request in flight at a time, as a timer of another
// request running at that instant would go off too.
type StallClock struct {
	mu      sync.Mutex
	running map[*stallTimer]bool
	expired bool
}

// NewStallClock returns a clock that watches the given fakes' stalls.
func NewStallClock(servers ...*fake.Server) *StallClock {
	c := &StallClock{running: map[*stallTimer]bool{}}
	c.Watch(servers...)
	return c
}

// Watch adds fakes whose stalls set the clock's timers off.
func (c *StallClock) Watch(servers ...*fake.Server) {
	for _, s := range servers {
		s.OnStall(c.fire)
	}
}

// Expire makes every running timer, and every timer started or reset from
// now on, go off at once: for a hang no fake knows of, such as a chaos
// proxy's latency.
func (c *StallClock) Expire() {
	c.mu.Lock()
	c.expired = true
	c.mu.Unlock()
	c.fire()
}

// fire sets off every running timer.
func (c *StallClock) fire() {
	c.mu.Lock()
	var due []func()
	for t := range c.running {
		due = append(due, t.f)
		delete(c.running, t)
	}
	c.mu.Unlock()
	for _, f := range due {
		go f()
	}
}

func (c *StallClock) AfterFunc(_ time.Duration, f func()) provider.Timer {
	t := &stallTimer{c: c, f: f}
	t.Reset(0)
	return t
}

type stallTimer struct {
	c *StallClock
	f func()
}

func (t *stallTimer) Reset(time.Duration) bool {
	c := t.c
	c.mu.Lock()
	was := c.running[t]
	if c.expired {
		delete(c.running, t)
		c.mu.Unlock()
		go t.f()
		return was
	}
	c.running[t] = true
	c.mu.Unlock()
	return was
}

func (t *stallTimer) Stop() bool {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	was := c.running[t]
	delete(c.running, t)
	return was
}
