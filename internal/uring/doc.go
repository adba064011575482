// Package uring reads many small files through Linux's io_uring: each
// file's open, read and close are queued as three linked requests, and a
// whole batch of files goes to the kernel in one io_uring_enter, rather
// than three system calls per file. Where system calls are dear (a
// virtual machine, a kernel with speculative-execution mitigations),
// confirming a checked-out tree of small files by their content is mostly
// those calls. StatFiles does the same for stats, one request per file.
//
// A Ring gives each file exactly what a loop of plain open, read and close
// would (see ReadFiles): anything the ring cannot settle is done again
// with plain system calls. Where there is no io_uring (another system, an
// old kernel, a seccomp filter, io_uring_disabled), New says so, once per
// process, and the caller keeps its own loop.
package uring

import "errors"

// ErrUnsupported is New's error where the system has no usable io_uring.
var ErrUnsupported = errors.New("io_uring is not available")

// ErrLonger is a file that holds more than its limit.
var ErrLonger = errors.New("holds more than its limit")

// ErrNotRegular is a file whose read would block: a FIFO or a device, not
// a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is a file whose limit is MaxRead or more: a ring reads a
// file whole into memory, so a large one is for the caller to stream.
var ErrTooLarge = errors.New("too large to read through io_uring")

// MaxRead bounds a file's limit: ReadFiles reads up to a file's limit,
// below MaxRead, and one more byte, to tell a longer file.
const MaxRead = 256 << 10

// maxArena bounds the buffer memory of one batch: its files' limits and
// one byte each. A file that would take a batch past it starts the next.
const maxArena = 1 << 20
