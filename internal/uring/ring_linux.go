package uring

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Ring is one io_uring with slots for direct descriptors: files the ring
// opens, reads and closes without the process's descriptor table. One
// goroutine uses a Ring at a time.
type Ring struct {
	fd      int
	rings   []byte // the SQ and CQ rings, one mapping
	sqeMem  []byte // the request array
	entries uint32
	files   int // direct descriptor slots: the files of one batch

	sqHead, sqTail, sqMask *uint32
	sqArray                unsafe.Pointer // uint32 per request slot
	cqHead, cqTail, cqMask *uint32
	cqes                   unsafe.Pointer

	// buf and paths are a batch's read buffers and NUL-terminated paths,
	// which the kernel reads and writes while the batch is in flight: Go
	// heap memory (it does not move), kept referenced by the Ring.
	buf, paths []byte
	broken     bool // an io_uring_enter failed: the ring is no longer used

	stats    []unix.Statx_t // a StatFiles batch's results, written by the kernel
	statRes  []int32
	statErrs []error
}

// setupFailed remembers that New failed: a process asks the kernel once.
var setupFailed struct {
	sync.Mutex
	err error
}

// New returns a ring for batches of up to files files (at most 256). It
// fails with an error wrapping ErrUnsupported where io_uring, or any
// feature this package needs (one mapping for both rings, sparse direct
// descriptors: Linux 5.19), is missing or refused; having failed once, it
// fails at once from then on.
func New(files int) (*Ring, error) {
	setupFailed.Lock()
	defer setupFailed.Unlock()
	if setupFailed.err != nil {
		return nil, setupFailed.err
	}
	files = max(1, min(files, 256))
	r, err := newRing(files)
	if err != nil {
		setupFailed.err = fmt.Errorf("%w: %v", ErrUnsupported, err)
		return nil, setupFailed.err
	}
	return r, nil
}

// newRing sets up a ring with room for three requests per file.
func newRing(files int) (*Ring, error) {
	entries := uint32(1)
	for entries < uint32(3*files) {
		entries <<= 1
	}
	var p params
	fd, err := setup(entries, &p)
	if err != nil {
		return nil, fmt.Errorf("io_uring_setup: %w", err)
	}
	r := &Ring{fd: fd, entries: p.sqEntries, files: files}
	if err := r.mmap(&p); err != nil {
		r.Close()
		return nil, err
	}
	if err := registerSparseFiles(fd, uint32(files)); err != nil {
		r.Close()
		return nil, fmt.Errorf("registering sparse files: %w", err)
	}
	return r, nil
}

// mmap maps the rings and the request array and finds their fields.
func (r *Ring) mmap(p *params) error {
	if p.features&featSingleMmap == 0 {
		return fmt.Errorf("no IORING_FEAT_SINGLE_MMAP")
	}
	size := max(p.sqOff.arrayOrFlags+p.sqEntries*4, p.cqOff.droppedOrCQEs+p.cqEntries*uint32(unsafe.Sizeof(cqe{})))
	var err error
	r.rings, err = unix.Mmap(r.fd, offSQRing, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return fmt.Errorf("mapping the rings: %w", err)
	}
	r.sqeMem, err = unix.Mmap(r.fd, offSQEs, int(p.sqEntries)*int(unsafe.Sizeof(sqe{})), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return fmt.Errorf("mapping the requests: %w", err)
	}
	at := func(off uint32) unsafe.Pointer { return unsafe.Pointer(&r.rings[off]) }
	r.sqHead, r.sqTail, r.sqMask = (*uint32)(at(p.sqOff.head)), (*uint32)(at(p.sqOff.tail)), (*uint32)(at(p.sqOff.ringMask))
	r.sqArray = at(p.sqOff.arrayOrFlags)
	r.cqHead, r.cqTail, r.cqMask = (*uint32)(at(p.cqOff.head)), (*uint32)(at(p.cqOff.tail)), (*uint32)(at(p.cqOff.ringMask))
	r.cqes = at(p.cqOff.droppedOrCQEs)
	return nil
}

// breaks marks the ring broken, for err: it is used no more, and its
// buffers are handed to abandoned, since the kernel may still hold
// requests that write into them.
func (r *Ring) breaks(err error) error {
	r.broken = true
	abandoned.Lock()
	abandoned.buffers = append(abandoned.buffers, r.buf, r.paths)
	abandoned.stats = append(abandoned.stats, r.stats)
	abandoned.Unlock()
	r.buf, r.paths, r.stats = nil, nil, nil
	return err
}

// Close releases the ring.
func (r *Ring) Close() error {
	if r == nil {
		return nil
	}
	if r.sqeMem != nil {
		unix.Munmap(r.sqeMem)
		r.sqeMem = nil
	}
	if r.rings != nil {
		unix.Munmap(r.rings)
		r.rings = nil
	}
	err := unix.Close(r.fd)
	r.fd = -1
	return err
}

// abandoned holds the buffers of broken rings for the life of the
// process: the kernel may not be done with them.
var abandoned struct {
	sync.Mutex
	buffers [][]byte
	stats   [][]unix.Statx_t
}

// push queues one request; run hands the queued requests to the kernel.
func (r *Ring) push(s sqe) {
	tail := atomic.LoadUint32(r.sqTail)
	i := tail & *r.sqMask
	*(*sqe)(unsafe.Add(unsafe.Pointer(&r.sqeMem[0]), uintptr(i)*unsafe.Sizeof(sqe{}))) = s
	*(*uint32)(unsafe.Add(r.sqArray, uintptr(i)*4)) = i
	atomic.StoreUint32(r.sqTail, tail+1)
}

// run submits the n queued requests and calls done with each completion
// as it is reaped, until all n are: one io_uring_enter, more only when a
// signal interrupts the wait. An error means the ring is broken.
func (r *Ring) run(n int, done func(userData uint64, res int32)) error {
	submitted, reaped := 0, 0
	for reaped < n {
		toSubmit := uint32(n - submitted)
		got, err := enter(r.fd, toSubmit, uint32(n-reaped), enterGetEvents)
		switch {
		case err == unix.EINTR:
		case err != nil:
			return r.breaks(fmt.Errorf("io_uring_enter: %w", err))
		case toSubmit > 0 && got == 0:
			return r.breaks(fmt.Errorf("io_uring_enter took none of %d requests", toSubmit))
		}
		if err == nil {
			submitted += got
		}
		reaped += r.reap(done)
	}
	return nil
}

// reap calls done with each completion waiting in the CQ ring and
// returns how many there were.
func (r *Ring) reap(done func(userData uint64, res int32)) int {
	head, tail := atomic.LoadUint32(r.cqHead), atomic.LoadUint32(r.cqTail)
	for i := head; i != tail; i++ {
		c := (*cqe)(unsafe.Add(r.cqes, uintptr(i&*r.cqMask)*unsafe.Sizeof(cqe{})))
		done(c.userData, c.res)
	}
	atomic.StoreUint32(r.cqHead, tail)
	return int(tail - head)
}
