package gctune

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/reel-dev/reel/render/planner"
)

// current reads the collector's target and memory limit without changing
// them.
func current() (int, int64) {
	percent := debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

// TestFor: each phase sets the collector as it says, and restore puts back
// what was set before; a GOGC or GOMEMLIMIT the user set is left alone.
func TestFor(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	beforePercent, beforeLimit := current()
	for _, c := range []struct {
		phase   planner.Phase
		percent int
		limit   int64
	}{
		{planner.ReadingSnapshot, -1, snapshotMemoryLimit},
		{planner.Loading, loadingGCPercent, math.MaxInt64},
	} {
		restore := For(c.phase)
		if p, l := current(); p != c.percent || l != c.limit {
			t.Errorf("phase %d: GC percent %d, limit %d; want %d, %d", c.phase, p, l, c.percent, c.limit)
		}
		restore()
		if p, l := current(); p != beforePercent || l != beforeLimit {
			t.Errorf("phase %d restored to %d, %d; want %d, %d", c.phase, p, l, beforePercent, beforeLimit)
		}
	}
	t.Setenv("GOGC", "50")
	restore := For(planner.ReadingSnapshot)
	if p, l := current(); p != beforePercent || l != beforeLimit {
		t.Errorf("with GOGC set: GC percent %d, limit %d; want them left at %d, %d", p, l, beforePercent, beforeLimit)
	}
	restore()
}
