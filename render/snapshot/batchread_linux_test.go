package snapshot

import (
	"syscall"
	"testing"
)

// TestSmallProjectSetsUpFewRings: a check of a project of 1,000 manifests
// (about 2,100 inputs: manifests, outputs, folders), every input
// rewritten with its content, sets up no more than two rings, one per
// worker, whatever the number of cores: strace counts one io_uring_setup
// per ring, and each brings fresh pages and kernel worker threads that
// cost more than they save at this size. The verdicts are the ones of
// any other check.
func TestSmallProjectSetsUpFewRings(t *testing.T) {
	const n = 2100
	_, s := rewrittenTree(t, n)
	closeFreeRings()
	defer closeFreeRings()
	c := s.Check("s", nil)
	if len(c.Changed) != 0 || !c.Touched || c.Read != n || c.Batched != n {
		t.Fatalf("%d rewritten: changed %v, touched %v, read %d, batched %d", n, c.Changed, c.Touched, c.Read, c.Batched)
	}
	if got := len(rings.free); got > 2 {
		t.Errorf("a check of %d inputs set up %d rings, want at most 2", n, got)
	}
}

// closeFreeRings closes the rings kept for the next check, so that the
// next sets up its own, as the first check of a process does.
func closeFreeRings() {
	for {
		select {
		case r := <-rings.free:
			r.Close()
		default:
			return
		}
	}
}

// BenchmarkCheckUnchangedFirst2k checks a snapshot of 2,000 manifests in
// 200 folders (about what a project of 1,000 manifests and their outputs
// gives), nothing moved, as the first check of a process does: no ring
// kept from a check before, each worker sets up its own. cpu-ns/op is
// the process's CPU, the kernel's threads that run the ring's stats
// included: what a plan pays on one core.
//
//	go test -run '^$' -bench 'First2k' -benchtime 200x ./render/snapshot/
func BenchmarkCheckUnchangedFirst2k(b *testing.B) {
	dir, _ := checkTree(b, "unchanged", 2_000)
	defer closeFreeRings()
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for b.Loop() {
		closeFreeRings()
		c := Load(dir).Check("s", nil)
		if c.Unusable != Usable || len(c.Changed) != 0 || c.Read != 0 {
			b.Fatalf("%+v, want nothing changed or read", c)
		}
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := func(r *syscall.Rusage) int64 { return r.Utime.Nano() + r.Stime.Nano() }
	b.ReportMetric(float64(cpu(&after)-cpu(&before))/float64(b.N), "cpu-ns/op")
}
