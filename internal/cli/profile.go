package cli

import (
	"os"
	"runtime/pprof"
)

// Profiled runs run, writing a CPU profile of it to the file
// REEL_CPUPROFILE names, if it names one: for finding where a slow run
// spends its time (go tool pprof reel FILE).
func Profiled(run func() int) int {
	path := os.Getenv("REEL_CPUPROFILE")
	if path == "" {
		return run()
	}
	f, err := os.Create(path)
	if err != nil {
		return run()
	}
	defer f.Close()
	pprof.StartCPUProfile(f)
	defer pprof.StopCPUProfile()
	return run()
}
