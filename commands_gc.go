package main

import (
	"math"
	"os"
	"runtime/debug"
)

// reel runs one command and exits, so the collector is tuned to the work
// at hand; a GOGC or GOMEMLIMIT the user set is always left alone.

// loadingGCPercent is the collector's target while manifests load. A full
// load makes about 100 KB of garbage per manifest (YAML nodes, schema
// checks) while what it keeps grows steadily, so the default of collecting
// whenever the heap doubles spends a third of the CPU collecting. At 200
// the load of 10,000 manifests took about a tenth less CPU (5.1 s -> 4.6 s
// user), for a peak of about 340 MB: near the 320 MB it took at 100 before
// request bodies were kept as bytes.
const loadingGCPercent = 200

// gcForLoading raises the collector's target for a load, with no memory
// limit, and returns the function that puts back what was set before.
func gcForLoading() (restore func()) { return setGC(loadingGCPercent, math.MaxInt64) }

// snapshotMemoryLimit bounds the heap while the collector is off for a
// plan read from the snapshot: at ten thousand videos such a plan, with a
// manifest edited and re-planned, peaks near 29 MB of memory in all.
const snapshotMemoryLimit = 64 << 20

// snapshotFew is the most edited manifests a plan from the snapshot
// re-plans without the collector: more make garbage like a load.
const snapshotFew = 64

// gcForSnapshot turns the collector off (soft-limited to
// snapshotMemoryLimit) while a plan is read from the snapshot, and returns
// the function that puts back what was set before. Such a plan reads a 5
// MB snapshot, stats ten thousand files and, after an edit, splits ten
// thousand action lines to splice a few: a few megabytes of garbage, all
// of it gone when the process ends. Collecting it cost about 8 ms of a
// no-op's 120 ms of CPU, and more of an edit's re-plan, whose target is
// the no-op's time plus 5 ms.
func gcForSnapshot() (restore func()) { return setGC(-1, snapshotMemoryLimit) }

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
