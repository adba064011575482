package snapshot

import "github.com/reel-dev/reel/internal/uring"

// useUring says whether a check reads the inputs it must confirm by
// content in batches through io_uring, where the system has it, rather
// than one by one: one system call per batch instead of an open, a read
// and a close per file. Tests check both ways.
var useUring = true

// useUringStat says whether a check also stats its inputs in batches
// through io_uring (IORING_OP_STATX), a worker's share at a time.
var useUringStat = true

// readQueue is what a check worker queues to read in one go through its ring.
type readQueue struct {
	ring    *uring.Ring
	noRing  bool // no ring was to be had: every file is read one by one
	pending []pendingRead
	paths   []string
	limits  []int64
}

// pendingRead is an input queued for the worker's next batch.
type pendingRead struct {
	i        int   // its index in Files
	mtime    int64 // its mtime, as just stated
	withBlob bool  // take its blob id too
}

// deferRead queues input i, f, stated with mtime, for the next batch, if
// it is to be read through the ring: a file, not a folder, small enough
// to be read whole, and there is a ring.
func (b *readQueue) deferRead(i int, f File, mtime int64, withBlob bool) bool {
	if f.Dir || f.Size >= uring.MaxRead || !b.hasRing() {
		return false
	}
	b.pending = append(b.pending, pendingRead{i: i, mtime: mtime, withBlob: withBlob})
	b.paths, b.limits = append(b.paths, f.Path), append(b.limits, f.Size)
	return true
}

// hasRing reports whether the batch has a ring, taking one on first need.
func (b *readQueue) hasRing() bool {
	if b.ring == nil && !b.noRing {
		if useUring {
			b.ring = rings.get()
		}
		b.noRing = b.ring == nil
	}
	return b.ring != nil
}

// statRing is the ring of a check's first worker, taken before the
// workers start, so that the check knows how many to start (checkWorkers):
// nil where a check of files inputs stats them with plain system calls.
func statRing(files int) *uring.Ring {
	if files == 0 || !useUring || !useUringStat {
		return nil
	}
	return rings.get()
}

// readPending confirms the inputs queued by deferRead, in one batch, and
// records each verdict in vs, then calls found with its index.
func (c *checker) readPending(w *worker, vs *verdicts, found func(i int)) {
	if len(w.pending) == 0 {
		return
	}
	w.ring.ReadFiles(w.paths, w.limits, func(j int, data []byte, err error) {
		p := w.pending[j]
		f := c.s.Files[p.i]
		v := verdict{changed: true}
		if err == nil {
			w.h.begin(f, p.withBlob)
			w.h.Write(data)
			v = w.hashed(f)
		}
		v.batched = v.read
		vs.record(w, p.i, f, c.confirmed(f, p.mtime, v))
	})
	for _, p := range w.pending {
		found(p.i)
	}
	clear(w.paths) // no path outlives its check
	w.pending, w.paths, w.limits = w.pending[:0], w.paths[:0], w.limits[:0]
}

// release hands the worker's ring back for the next check.
func (b *readQueue) release() {
	if b.ring != nil {
		rings.put(b.ring)
		b.ring = nil
	}
}

// ringBatch is how many files a ring reads at once: a check worker's
// share of inputs.
const ringBatch = share

// rings keeps the rings of finished checks for the next (reel watch
// checks again on every save), as many as a check has workers on a
// machine of a few cores; the rest are closed.
var rings = ringPool{free: make(chan *uring.Ring, 16)}

// ringPool is a bounded pool of rings.
type ringPool struct{ free chan *uring.Ring }

// get returns a free ring, or a new one; nil where the system has no
// io_uring (uring.New remembers that, so it is asked once).
func (p ringPool) get() *uring.Ring {
	select {
	case r := <-p.free:
		return r
	default:
	}
	r, err := uring.New(ringBatch)
	if err != nil {
		return nil
	}
	return r
}

// put keeps r for the next check, or closes it if enough are kept.
func (p ringPool) put(r *uring.Ring) {
	select {
	case p.free <- r:
	default:
		r.Close()
	}
}
