package uring

import (
	"io/fs"
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// openFlags are each file's open flags (and O_CLOEXEC, for a plain open:
// the kernel refuses it for a direct descriptor, which no exec can
// inherit). O_NONBLOCK: a FIFO put where a
// file was must not block the open. O_NOATIME: the caller reads a tree it
// has just checked out, whose first reads would otherwise write each
// inode back; a file not the caller's own refuses it (EPERM) and is
// opened again without.
const openFlags = unix.O_RDONLY | unix.O_NONBLOCK | unix.O_NOATIME

// fileResult is what the ring did with one file of a batch.
type fileResult struct {
	queued     bool
	err        error // why it was not queued
	buf        []byte
	open, read int32 // the completions' results
}

// ReadFiles reads each file paths[i] whole and calls fn(i, data, err)
// with its content, or why it could not be read, in the order of paths.
// data is valid only during the call. It reads at most limits[i] bytes
// and one more: a file that holds more is ErrLonger (a symlink to
// /dev/zero holds no end); a file whose read would block (a FIFO) is
// ErrNotRegular; a limit of MaxRead or more is ErrTooLarge.
// limits must be as long as paths.
//
// The files go to the kernel in batches, each file an open into a direct
// descriptor slot, a read and a close, linked. The read asks not to wait
// (RWF_NOWAIT), so that a FIFO cannot hang it; a file it leaves unsettled
// (a read that would wait, or stops short of the limit, as one may at a
// page not in memory; an open refused O_NOATIME) is read again with
// plain system calls, so each file's result is the plain loop's.
func (r *Ring) ReadFiles(paths []string, limits []int64, fn func(i int, data []byte, err error)) {
	var res []fileResult
	for lo := 0; lo < len(paths); {
		hi := r.batchEnd(paths, limits, lo)
		res = r.readBatch(paths[lo:hi], limits[lo:hi], res[:0])
		for j, fr := range res {
			data, err := settle(paths[lo+j], fr)
			fn(lo+j, data, err)
		}
		lo = hi
	}
}

// batchEnd is where the batch that starts at lo ends: at the ring's
// number of slots, or where its buffers would pass maxArena.
func (r *Ring) batchEnd(paths []string, limits []int64, lo int) int {
	bytes := 0
	for i := lo; i < len(paths) && i-lo < r.files; i++ {
		bytes += bufSize(limits[i])
		if bytes > maxArena && i > lo {
			return i
		}
	}
	return min(len(paths), lo+r.files)
}

// bufSize is the buffer a file of limit bytes is read into: limit and one
// more byte, or none for a file too large to read here.
func bufSize(limit int64) int {
	if limit >= MaxRead {
		return 0
	}
	return int(max(limit, 0)) + 1
}

// readBatch queues the batch's files on the ring, runs them, and returns
// what became of each. A broken ring queues none: each is read plainly.
func (r *Ring) readBatch(paths []string, limits []int64, res []fileResult) []fileResult {
	need, pathBytes := 0, 0
	for i, p := range paths {
		need += bufSize(limits[i])
		pathBytes += len(p) + 1
	}
	if r.broken {
		buf := make([]byte, need)
		for i := range paths {
			res = append(res, unqueued(paths[i], limits[i], &buf))
		}
		return res
	}
	r.buf, r.paths = grow(r.buf, need), grow(r.paths, pathBytes)[:0]
	arena, names := r.buf, r.paths
	buf, queued := r.buf, 0
	for i, p := range paths {
		fr := unqueued(p, limits[i], &buf)
		if fr.err == nil {
			fr.queued = true
			r.queue(queued, p, fr.buf)
			queued++
		}
		res = append(res, fr)
	}
	slots := make([]*fileResult, 0, queued)
	for i := range res {
		if res[i].queued {
			slots = append(slots, &res[i])
		}
	}
	err := r.run(3*queued, func(userData uint64, v int32) {
		switch fr := slots[userData>>2]; userData & 3 {
		case 0:
			fr.open = v
		case 1:
			fr.read = v
		}
	})
	runtime.KeepAlive(arena) // the kernel wrote into it until run returned
	runtime.KeepAlive(names)
	if err != nil { // the kernel may still write into the buffers: read afresh
		for _, fr := range slots {
			fr.queued, fr.buf = false, make([]byte, len(fr.buf))
		}
	}
	return res
}

// unqueued is a file's result before the ring: its buffer, cut from the
// front of *buf, or why it is not to be read through the ring.
func unqueued(path string, limit int64, buf *[]byte) fileResult {
	n := bufSize(limit)
	switch {
	case n == 0:
		return fileResult{err: &fs.PathError{Op: "read", Path: path, Err: ErrTooLarge}}
	case strings.IndexByte(path, 0) >= 0:
		return fileResult{err: &fs.PathError{Op: "open", Path: path, Err: unix.EINVAL}}
	}
	b := (*buf)[:n:n]
	*buf = (*buf)[n:]
	return fileResult{buf: b}
}

// queue puts file slot's open, read and close on the ring: the read
// runs if the open succeeded, the close whatever the read did.
func (r *Ring) queue(slot int, path string, buf []byte) {
	at := len(r.paths)
	r.paths = append(append(r.paths, path...), 0) // within capacity: never moves
	ud := uint64(slot) << 2
	r.push(sqe{opcode: opOpenat, flags: sqeLink, fd: atFDCWD, addr: ptr(&r.paths[at]),
		opFlags: openFlags, fileIndex: uint32(slot) + 1, userData: ud})
	r.push(sqe{opcode: opRead, flags: sqeFixedFile | sqeHardlink, fd: int32(slot), addr: ptr(&buf[0]),
		len: uint32(len(buf)), opFlags: rwfNowait, userData: ud | 1})
	r.push(sqe{opcode: opClose, fileIndex: uint32(slot) + 1, userData: ud | 2})
}

// ptr is p as a request carries it.
func ptr(p *byte) uint64 { return uint64(uintptr(unsafe.Pointer(p))) }

// grow returns b with room for n bytes: b itself if it has it.
func grow(b []byte, n int) []byte {
	if cap(b) >= n {
		return b[:n]
	}
	return make([]byte, n)
}

// settle is a file's content or error from what the ring did with it,
// reading it plainly where the ring left it unsettled.
func settle(path string, fr fileResult) ([]byte, error) {
	switch {
	case fr.err != nil:
		return nil, fr.err
	case !fr.queued:
		return readPlain(path, fr.buf)
	case fr.open < 0:
		if e := unix.Errno(-fr.open); e != unix.EPERM && e != unix.EAGAIN && e != unix.EINTR {
			return nil, &fs.PathError{Op: "open", Path: path, Err: e}
		}
		return readPlain(path, fr.buf)
	case fr.read < 0:
		switch e := unix.Errno(-fr.read); e {
		case unix.EAGAIN, unix.EOPNOTSUPP, unix.EINTR, unix.ECANCELED:
			return readPlain(path, fr.buf)
		default:
			return nil, &fs.PathError{Op: "read", Path: path, Err: e}
		}
	case int(fr.read) == len(fr.buf):
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrLonger}
	case int(fr.read) == len(fr.buf)-1:
		return fr.buf[:fr.read], nil
	}
	return readPlain(path, fr.buf) // short: at a page not in memory, or a shrunk file
}
