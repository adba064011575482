package provider

import "time"

// Clock starts the timers that bound requests (Timeout, Stall). The wall
// clock is the default; tests pass one they drive, so that no answer is
// given up on for being slow on a loaded machine, and a request a fake
// holds stalled is given up on at once rather than after a wait.
type Clock interface {
	// AfterFunc calls f in its own goroutine after d, unless stopped.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a started timer; *time.Timer is one.
type Timer interface {
	Stop() bool
	Reset(d time.Duration) bool
}

// WallClock is the real time.
type WallClock struct{}

func (WallClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

func orWall(c Clock) Clock {
	if c == nil {
		return WallClock{}
	}
	return c
}
