package snapshot

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reel-dev/reel/internal/uring"
)

// Unusable is why a snapshot cannot be used at all; Usable when it can.
type Unusable int

const (
	Usable     Unusable = iota
	NoSnapshot          // none was saved, or it did not read
	OtherStamp          // saved by another build of reel, or under other flags
	RacyInput           // an input modified just before the plan: its recorded hash may not be what the plan read
)

// Check is what has become of a snapshot's inputs.
type Check struct {
	// Unusable says why the snapshot cannot be used at all: another
	// stamp, or an input whose recorded state is not to be trusted (Racy).
	Unusable Unusable
	Racy     string // the input modified just before the plan, when RacyInput
	// Changed are the indices in Files of the inputs whose content is not
	// what the plan read; the rest are as they were.
	Changed []int
	// Touched reports that some inputs were rewritten with the same
	// content (a git checkout): Files now has their new mtimes, and the
	// snapshot is worth saving again.
	Touched bool
	// Read is how many inputs were confirmed by reading their content:
	// what their stat, and git's index, could not vouch for; Batched, how
	// many of those were read in batches through io_uring.
	Read, Batched int
}

// Check stats every input in parallel and confirms the ones whose stat
// cannot tell (rewritten with the same size, as a checkout does, or
// modified just before the snapshot: racy) by git's index where it
// vouches for them (gitTrust), else by their content: each worker reads
// the files of its share in one batch through io_uring where the system
// has it (batchread.go), else one by one. A stat is a system call, so
// it runs more workers than cores. changed, if not nil, is called once, as
// soon as an input is found changed, with its index in Files, by the
// worker that found it: the caller can do there what it will then need,
// while the other workers go on checking. (Work handed to a goroutine of
// its own instead waits to be scheduled, often till the check ends: the
// workers never block.)
func (s *Snapshot) Check(stamp string, changed func(first int)) Check {
	switch {
	case s == nil:
		return Check{Unusable: NoSnapshot}
	case s.Stamp != stamp:
		return Check{Unusable: OtherStamp}
	}
	start := time.Now().UnixNano()
	chk := &checker{s: s, start: start, git: sync.OnceValue(func() *gitTrust { return loadGitTrust(s.root, s.Files) })}
	vs := &verdicts{flags: make([]verdictFlags, len(s.Files))}
	// Workers take the next few files in order as they go, so the inputs
	// are checked front to back whichever workers the scheduler runs: with
	// a fixed share each, a change in the share of a worker left waiting
	// was found only as the check ended, too late for what changed starts.
	var next atomic.Int64
	var wg sync.WaitGroup
	var called, calling atomic.Bool
	first := statRing(len(s.Files))
	for i := range checkWorkers(len(s.Files), first != nil) {
		var ring *uring.Ring
		if i == 0 {
			ring = first
		}
		wg.Go(func() {
			w := worker{h: newContentHash(), readQueue: readQueue{ring: ring}}
			defer w.release()
			defer vs.handIn(&w)
			found := func(i int) {
				if vs.changed(i) && changed != nil && called.CompareAndSwap(false, true) {
					calling.Store(true)
					changed(i)
					calling.Store(false)
				}
			}
			for {
				lo := int(next.Add(share)) - share
				if lo >= len(s.Files) {
					return
				}
				hi := min(lo+share, len(s.Files))
				if useUringStat && w.hasRing() {
					w.st.prefetch(w.ring, s.Files[lo:hi], lo)
				}
				for i := lo; i < hi; i++ {
					vs.record(&w, i, s.Files[i], chk.judge(&w, i, s.Files[i]))
					found(i)
				}
				chk.readPending(&w, vs, found)
				// While changed runs, the others yield after each batch:
				// once the scheduler preempts it (it takes milliseconds),
				// it would otherwise wait behind the never-blocking
				// workers, often till their last batch, and hold up the
				// check's end by what it had left to do.
				if calling.Load() {
					runtime.Gosched()
				}
			}
		})
	}
	wg.Wait()
	c := vs.apply(s)
	if c.Unusable != Usable {
		return c
	}
	// Every input is now known to be what the plan read, as of start.
	s.Written = start
	return c
}

// share is how many inputs a check worker takes at a time: the files of
// those it must read by content go to the kernel in one batch.
const share = 64

// ringedShare is the fewest inputs a check worker is started for when
// the stats go through rings: each worker sets up a ring of its own, and
// with it come the ring's fresh pages and the kernel's worker threads
// that run its stats, which in a small project cost more than the
// parallel stats save (BenchmarkCheckUnchangedFirst2k). From about
// 16,000 inputs on two cores the workers are as many as before.
var ringedShare = 2048 // a variable so that a test can run many workers over rings

// checkWorkers is how many workers check files inputs: more than cores,
// as a stat is a system call that may wait, but none for fewer than
// share inputs, or ringedShare where the stats go through rings.
func checkWorkers(files int, ringed bool) int {
	per := share
	if ringed {
		per = ringedShare
	}
	return min(runtime.GOMAXPROCS(0)*4, (files+per-1)/per)
}

// verdict is one input's fate.
type verdict struct {
	untrusted bool   // its recorded hash may not be what the plan read
	changed   bool   // its content is not what the plan read
	mtime     int64  // its mtime now, if unchanged
	blob      string // its blob id, learnt as its content was confirmed
	read      bool   // its content was read
	batched   bool   // read in a batch through io_uring
	pending   bool   // to be read in its worker's next batch
}

// checker is what one Check's workers share.
type checker struct {
	s     *Snapshot
	start int64            // when the check began
	git   func() *gitTrust // the git index, read when a file first needs it
}

// worker is what one check worker reuses from file to file.
type worker struct {
	st      statter
	h       *contentHash
	near    int      // where its last lookup in git's index ended
	updates []update // the blob ids it learnt (verdicts.go)
	readQueue
}

// judge decides input i, f: unchanged by stat, or by content where the
// stat cannot tell. A hash stands for the plan's input if it was taken
// from the bytes the plan read (Exact), or from a file not modified near
// the plan. An input to be read in w's next batch is pending.
func (c *checker) judge(w *worker, i int, f File) verdict {
	now, err := w.st.statAt(i, f.Path)
	switch {
	case err != nil || now.Size != f.Size || now.Dir != f.Dir:
		return verdict{changed: true}
	case f.Size < 0:
		return verdict{mtime: f.Mtime} // still missing
	case now.Mtime == f.Mtime && c.s.Trusted(f):
		return verdict{mtime: f.Mtime}
	case !f.Exact && !c.s.Trusted(f):
		return verdict{untrusted: true}
	case f.SHA256 == "":
		return verdict{changed: true}
	}
	withBlob, vouched := c.vouched(w, f)
	switch {
	case vouched:
		return c.confirmed(f, now.Mtime, verdict{})
	case w.deferRead(i, f, now.Mtime, withBlob):
		return verdict{pending: true}
	}
	return c.confirmed(f, now.Mtime, w.read(f, withBlob))
}

// confirmed is the verdict v on f, stated with mtime: if its content is
// confirmed, with the mtime to record.
func (c *checker) confirmed(f File, mtime int64, v verdict) verdict {
	if v.changed {
		return v
	}
	v.mtime = mtime
	if c.start-mtime < int64(racyWindow) {
		// Modified this very second: the content is confirmed, but the
		// mtime is kept as it was, so the next check looks again.
		v.mtime = f.Mtime
	}
	return v
}

// vouched reports whether git's index vouches that the file f records,
// just stated by w, still holds the bytes recorded; and, when it does
// not, whether reading the file is to take its blob id too: git tracks
// it, so that the next check need not read it.
func (c *checker) vouched(w *worker, f File) (withBlob, ok bool) {
	var e gitEntry
	var tracked bool
	if !f.Dir {
		e, tracked = c.git().entry(f.Path, &w.near)
	}
	if tracked && f.Blob != "" {
		if now, ok := w.st.gitStat(); ok && c.git().vouches(e, now, f.Blob) {
			return false, true
		}
	}
	return tracked && f.Blob == "", false
}

// read confirms f by reading it with plain system calls.
func (w *worker) read(f File, withBlob bool) verdict {
	if w.h.file(f, withBlob) != nil {
		return verdict{changed: true}
	}
	return w.hashed(f)
}

// hashed is the verdict on f by the content w has just hashed.
func (w *worker) hashed(f File) verdict {
	if !w.h.sumIs(f.SHA256) {
		return verdict{changed: true}
	}
	return verdict{blob: w.h.blobHex(f.Size), read: true}
}
