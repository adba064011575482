// Package gctune is the garbage collector's tuning for a process that runs
// one reel command and exits, the one place reel sets it: the collector is
// tuned to the work at hand, and a GOGC or GOMEMLIMIT the user set is
// always left alone. The planner reaches it through its GC hook (For),
// which package main sets; a library must not tune the collector of the
// program it is part of. The effect of each setting is measured by the
// Plan*10k benchmarks and scripts/scale.sh.
package gctune

import (
	"math"
	"os"
	"runtime/debug"

	"github.com/reel-dev/reel/render/planner"
)

// For is the planner's GC hook: the collector's setting for a phase of
// planning, and the function that puts back what was set before.
func For(phase planner.Phase) (restore func()) {
	switch phase {
	case planner.ReadingSnapshot:
		return Snapshot()
	case planner.Loading:
		return Loading()
	}
	return func() {}
}

// loadingGCPercent is the collector's target while manifests load: the
// default, collecting whenever the heap doubles. A full load makes much
// garbage per manifest (YAML nodes, schema checks) while what it keeps
// grows steadily; collecting at three times the live heap cost a little
// less CPU, but took a full plan of 10,000 manifests over its memory
// bound (scripts/vs-ninja.sh prints the peak).
const loadingGCPercent = 100

// Loading raises the collector's target for a load, with no memory limit,
// and returns the function that puts back what was set before.
func Loading() (restore func()) { return setGC(loadingGCPercent, math.MaxInt64) }

// snapshotMemoryLimit bounds the heap while the collector is off for a
// plan read from the snapshot, far above what such a plan, with a few
// manifests edited and re-planned, takes in all.
const snapshotMemoryLimit = 64 << 20

// Snapshot turns the collector off (soft-limited to
// snapshotMemoryLimit) while a plan is read from the snapshot, and returns
// the function that puts back what was set before. Such a plan reads the
// snapshot, stats every input and, after an edit, splits every action line
// to splice a few: a few megabytes of garbage, all of it gone when the
// process ends, which collecting would only add to a no-op's time and more
// to an edit's re-plan.
func Snapshot() (restore func()) { return setGC(-1, snapshotMemoryLimit) }

// setGC sets the collector's target and the soft memory limit, unless the
// user set either, and returns the function that puts both back.
func setGC(percent int, limit int64) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	oldLimit := debug.SetMemoryLimit(limit) // first: never off without a limit
	old := debug.SetGCPercent(percent)
	return func() {
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(oldLimit)
	}
}
