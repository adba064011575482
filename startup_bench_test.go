package main

import (
	"os/exec"
	"testing"
	"time"
)

// The start-up benchmarks run the built binary, as a user does: process
// start, every package's init and the command. Each reports, beside the
// wall time, the CPU time (user+sys) of its runs. Not their peak RSS: a
// child started from the test process counts the test's own memory until
// it execs. scripts/vs-ninja.sh, from a small process, measures that, and
// compares the same commands with ninja's no-op.
//
//	go test -run '^$' -bench 'Process' -benchtime 30x .

// BenchmarkVersionProcess: reel version, which needs nothing but the
// build info: the floor of every command.
func BenchmarkVersionProcess(b *testing.B) {
	benchProcess(b, buildReel(b), b.TempDir(), "version")
}

// BenchmarkPlanNoop1kProcess: reel plan over 1,000 manifests with nothing
// to do.
func BenchmarkPlanNoop1kProcess(b *testing.B) {
	bin := buildReel(b)
	dir := renderedTreeOf(b, 1000)
	if out, err := exec.Command(bin, "-C", dir, "plan").Output(); err != nil { // the binary's own first snapshot
		b.Fatalf("reel plan: %v\n%s", err, out)
	}
	benchProcess(b, bin, dir, "plan")
}

// benchProcess runs bin with args in dir once per iteration.
func benchProcess(b *testing.B, bin, dir string, args ...string) {
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("reel %v: %v\n%s", args, err, out)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(b.N), "cpu-ms/op")
}
