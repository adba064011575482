package snapshot

import "testing"

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
