package main

import (
	"strings"
	"sync"
	"syscall"
	"testing"
)

// concurrentVideos is the size of the project several reels render at once.
const concurrentVideos = 10

// testConcurrentRenders starts n reel render processes at once on one
// project. Each either renders (exit 0) or finds another reel rendering
// the project, waits briefly and gives up saying so (exit 5). A last
// reel render then finishes whatever is left: every video is done and
// recorded once, and the sandbox charged one job per render key.
func testConcurrentRenders(t *testing.T, bin string, n int) {
	p := newProcProject(t, bin, concurrentVideos)
	runs := make([]procRun, n)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runs[i] = p.start(runTimeout, syscall.SIGKILL, "render", "--provider", "sandbox", "--poll", "20ms")
		}()
	}
	wg.Wait()
	for i, r := range runs {
		switch {
		case r.signalled:
			t.Errorf("reel %d of %d did not finish within %v:\n%s", i+1, n, runTimeout, r.stderr)
		case r.code == exitOK:
			t.Logf("reel %d of %d: exit 0: %s", i+1, n, lastLine(r.stdout))
		case r.code == exitBusy:
			if !strings.Contains(r.stderr, "another reel") {
				t.Errorf("reel %d of %d exited 5 (busy) without saying another reel is running:\n%s", i+1, n, r.stderr)
			}
			t.Logf("reel %d of %d: exit 5: %s", i+1, n, lastLine(r.stderr))
		default:
			t.Errorf("reel %d of %d exited %d; want 0, or 5 when another reel holds the project:\n%s%s", i+1, n, r.code, r.stdout, r.stderr)
		}
	}
	p.checkLockIntact()
	p.finish()
	p.checkDone()
}

// checkLockIntact asserts the lock decodes and names no video twice or
// that no manifest makes, before anything repairs it.
func (p *procProject) checkLockIntact() {
	p.t.Helper()
	l := p.readLock()
	want := map[string]bool{}
	for _, id := range p.ids() {
		want[id] = true
	}
	for id, e := range l.Videos {
		if !want[id] || e.ID != id {
			p.t.Errorf("reel.lock holds an entry %q (id %q) no manifest makes", id, e.ID)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
