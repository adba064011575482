//go:build unix

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/store/s3test"
)

// storeKills is how many SIGKILLs the two-clone kill loop survives at
// least (REEL_KILLS raises it, as for the one-clone loop).
const storeKills = 12

// TestStoreKillLoop: two clones render at once and are killed at random
// moments (SIGKILL), again and again, then left to finish. Every render
// key is charged once, the job charged is the one the store and both
// reel.locks record, and every output is whole in both clones and in the
// store. HeyGen v3 replays a create by its Idempotency-Key, so a clone
// resumes its own unconfirmed create; a create another machine left
// unconfirmed is not sent again (the clone says so and the owner resumes
// it).
func TestStoreKillLoop(t *testing.T) {
	srv := s3test.Start(t)
	tm := newStoreTeam(t, srv, fake.HeyGenV3, 6)
	a, b := tm.clone("a"), tm.clone("b")
	seed, want := killSeed(t), max(wantKills(t)*storeKills/20, storeKills)
	t.Logf("seed %d (rerun with REEL_KILL_SEED=%d); kills wanted %d", seed, seed, want)
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	keys := map[string]bool{}
	kills, unconfirmed := 0, 0
	for kills < want {
		runs := killedTogether(rng, a, b)
		finished := 0
		for i, r := range runs {
			switch {
			case r.signalled:
				kills++
			case r.code == 0:
				finished++
			case (r.code == exitPartial || r.code == exitError) && strings.Contains(r.stderr, "never confirmed its job"):
				// the other clone was killed in its create: its owner resumes it
				// (exit 1 when this run had nothing else to do, 3 when it did)
				unconfirmed++
			default:
				t.Fatalf("clone %d exited %d before its kill:\n%s%s", i, r.code, r.stdout, r.stderr)
			}
		}
		if finished == 2 {
			t.Logf("round %d finished with %d kills so far", tm.round, kills)
			keysOf(tm.checkClone(a), keys)
			tm.nextRound()
		}
	}
	finishAll(t, a, b)
	entries := tm.checkClone(a)
	tm.checkClone(b)
	keysOf(entries, keys)
	tm.checkStore(entries)
	tm.checkCharges(keys)
	sameOutputs(t, a, b)
	t.Logf("%d kills over %d rounds, %d render keys; %d runs met a create the other clone left unconfirmed", kills, tm.round, len(keys), unconfirmed)
}

// killedTogether renders in both clones at once, each killed after a
// delay of its own unless it ends first.
func killedTogether(rng *rand.Rand, clones ...*storeClone) []procRun {
	runs := make([]procRun, len(clones))
	delays := make([]time.Duration, len(clones))
	for i := range delays {
		delays[i] = killDelay(rng)
	}
	var wg sync.WaitGroup
	for i, c := range clones {
		wg.Go(func() {
			runs[i] = c.reel(delays[i], syscall.SIGKILL, "render", "--yes", "--poll", "20ms")
		})
	}
	wg.Wait()
	return runs
}

// finishAll renders in each clone in turn, unkilled, until both end with
// nothing left: a clone that met the other's unconfirmed create succeeds
// once the other has resumed it.
func finishAll(t *testing.T, clones ...*storeClone) {
	t.Helper()
	for pass := 0; pass < 3; pass++ {
		ok := true
		for _, c := range clones {
			if r := c.render(); r.code != 0 {
				ok = false
				t.Logf("pass %d: %s exited %d: %s", pass, c.name, r.code, lastLine(r.stderr))
			}
		}
		if ok {
			return
		}
	}
	t.Fatal("the clones did not finish in three passes each")
}

// TestStoreKilledMidRun: the store's server is killed while a clone
// renders. Nothing is lost: every job the provider charged is recorded in
// reel.lock, every output recorded is whole, the run warns that the store
// was not updated, and creates it could not lease are not sent. Once the
// store is back, the next run renders the rest and uploads what the store
// lacks, and no render key is charged twice.
func TestStoreKilledMidRun(t *testing.T) {
	srv := s3test.Start(t)
	tm := newStoreTeam(t, srv, fake.HeyGenV2, 8)
	c := tm.clone("a")
	var r procRun
	done := make(chan struct{})
	go func() {
		defer close(done)
		r = c.render()
	}()
	if !waitUntil(done, func() bool { return len(tm.hg.Server().Ledger()) > 0 }) {
		t.Fatalf("the run ended before the provider charged anything:\n%s%s", r.stdout, r.stderr)
	}
	srv.Stop()
	<-done
	if r.code != 0 && r.code != exitPartial {
		t.Fatalf("the run with its store killed: exit %d, want 0 or 3:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "was not updated") {
		t.Errorf("the run does not say the store was not updated:\n%s", r.stderr)
	}
	checkNothingLost(t, tm, c)

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	c.mustRender()
	entries := tm.checkClone(c)
	tm.checkStore(entries)
	tm.checkCharges(keysOf(entries, nil))
}

// checkNothingLost asserts that every job the fake charged is recorded in
// the clone's reel.lock, in flight or done, and that every output
// recorded done is whole.
func checkNothingLost(t *testing.T, tm *storeTeam, c *storeClone) {
	t.Helper()
	l := c.lock()
	jobs := map[string]*lock.Entry{}
	for _, e := range l.Videos {
		jobs[e.Job] = e
	}
	for _, ch := range tm.hg.Server().Ledger() {
		if e := jobs[ch.JobID]; e == nil || (e.State != lock.Done && e.State != lock.Pending) {
			t.Errorf("the fake charged job %s, which reel.lock does not record in flight or done", ch.JobID)
		}
	}
	done := map[string]*lock.Entry{}
	for id, e := range l.Videos {
		if e.State == lock.Done {
			done[id] = e
			if sum := sha256.Sum256(c.output(e.Output)); hex.EncodeToString(sum[:]) != e.SHA256 {
				t.Errorf("%s: %s is not the file recorded", id, e.Output)
			}
		}
	}
	t.Logf("with the store killed: %d charged, %d done", len(tm.hg.Server().Ledger()), len(done))
}

// waitUntil polls cond until it holds (true) or done is closed (false).
func waitUntil(done <-chan struct{}, cond func() bool) bool {
	for !cond() {
		select {
		case <-done:
			return cond()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return true
}
