package main

import (
	"os"
	"runtime/debug"
)

// loadingGCPercent is the collector's target while manifests load. A full
// load makes about 100 KB of garbage per manifest (YAML nodes, schema
// checks) while what it keeps grows steadily, so the default of collecting
// whenever the heap doubles spends a third of the CPU collecting. At 200
// the load of 10,000 manifests took about a tenth less CPU (5.1 s -> 4.6 s
// user), for a peak of about 340 MB: near the 320 MB it took at 100 before
// request bodies were kept as bytes.
const loadingGCPercent = 200

// gcForLoading raises the collector's target for a load and returns the
// function that puts it back; a GOGC the user set is left alone.
func gcForLoading() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(loadingGCPercent)
	return func() { debug.SetGCPercent(old) }
}

// replanMemoryLimit bounds the heap while the collector is off for a
// re-plan: a re-plan of a few edited manifests of ten thousand stays near
// 40 MB.
const replanMemoryLimit = 64 << 20

// replanFew is the most edited manifests a re-plan runs without the
// collector: more would work against the limit.
const replanFew = 64

// gcForReplan turns the collector off while a few edited manifests are
// re-planned (soft-limited to replanMemoryLimit) and returns the function
// that turns it back on. The re-plan decodes the snapshot's ten thousand
// actions to splice a few: the garbage is a few megabytes, and collecting
// it cost 8 to 18 ms of a plan whose target is the no-op's time plus 5
// ms. A re-plan of more than replanFew manifests, and a GOGC or
// GOMEMLIMIT the user set, are left alone.
func gcForReplan(edited int) (restore func()) {
	if edited > replanFew || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(replanMemoryLimit)
	old := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(limit)
	}
}
