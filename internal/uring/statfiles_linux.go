package uring

import (
	"io/fs"
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// opStatx is IORING_OP_STATX.
const opStatx = 21

// StatFiles stats each file paths[i], following symlinks as stat(2)
// does, and calls fn(i, st, err) in the order of paths; st is valid only
// during the call. The files go to the kernel in batches of the ring's
// size, one request each.
func (r *Ring) StatFiles(paths []string, fn func(i int, st *unix.Statx_t, err error)) {
	per := int(r.entries)
	for lo := 0; lo < len(paths); lo += per {
		hi := min(len(paths), lo+per)
		errs := r.statBatch(paths[lo:hi])
		for j := range hi - lo {
			if errs[j] != nil {
				fn(lo+j, nil, errs[j])
			} else {
				fn(lo+j, &r.stats[j], nil)
			}
		}
	}
}

// statBatch stats the batch's files into r.stats and returns each one's
// error; a file the ring could not stat is stated with a plain system
// call.
func (r *Ring) statBatch(paths []string) []error {
	if cap(r.stats) < len(paths) {
		r.stats = make([]unix.Statx_t, len(paths))
	}
	r.stats = r.stats[:len(paths)]
	r.statErrs = append(r.statErrs[:0], make([]error, len(paths))...)
	res := append(r.statRes[:0], make([]int32, len(paths))...)
	r.statRes = res
	pathBytes := 0
	for _, p := range paths {
		pathBytes += len(p) + 1
	}
	queued := 0
	if !r.broken {
		r.paths = grow(r.paths, pathBytes)[:0]
		for j, p := range paths {
			if strings.IndexByte(p, 0) >= 0 {
				r.statErrs[j] = &fs.PathError{Op: "stat", Path: p, Err: unix.EINVAL}
				continue
			}
			at := len(r.paths)
			r.paths = append(append(r.paths, p...), 0)
			r.push(sqe{opcode: opStatx, fd: atFDCWD, addr: ptr(&r.paths[at]), len: unix.STATX_BASIC_STATS,
				off: uint64(uintptr(unsafe.Pointer(&r.stats[j]))), userData: uint64(j)})
			queued++
		}
	}
	names, stats := r.paths, r.stats
	err := r.run(queued, func(userData uint64, v int32) { res[userData] = v })
	runtime.KeepAlive(names) // the kernel read and wrote them until run returned
	runtime.KeepAlive(stats)
	if err != nil {
		r.stats = make([]unix.Statx_t, len(paths)) // the old may still be written
		clear(res)
		queued = 0
	}
	for j, p := range paths {
		switch {
		case r.statErrs[j] != nil:
		case queued == 0 || res[j] == -int32(unix.EINTR) || res[j] == -int32(unix.EAGAIN):
			r.statErrs[j] = statPlain(p, &r.stats[j])
		case res[j] < 0:
			r.statErrs[j] = &fs.PathError{Op: "stat", Path: p, Err: unix.Errno(-res[j])}
		}
	}
	return r.statErrs
}

// statPlain is statx(2) of path.
func statPlain(path string, st *unix.Statx_t) error {
	for {
		err := unix.Statx(unix.AT_FDCWD, path, 0, unix.STATX_BASIC_STATS, st)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "stat", Path: path, Err: err}
		}
		return nil
	}
}
