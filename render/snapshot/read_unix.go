//go:build unix

package snapshot

import (
	"errors"
	"io"
	"sync"
	"syscall"
)

// errLonger is a file that holds more than the size it was recorded with.
var errLonger = errors.New("holds more than its recorded size")

// openNoatime opens path with flags and O_NOATIME where the system has
// it, or without it when the file is not the caller's to ask that of.
func openNoatime(path string, flags int) (int, error) {
	fd, err := syscall.Open(path, flags|oNoatime, 0)
	if err == syscall.EPERM && oNoatime != 0 {
		fd, err = syscall.Open(path, flags, 0)
	}
	return fd, err
}

// buffers are reused: confirming a checked-out tree reads ten thousand
// small files, and a fresh buffer each would be most of the work.
var buffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// readInto copies a file into w with plain system calls: os.Open also
// registers the file with the runtime's poller, which for ten thousand
// small files costs more than reading them. O_NONBLOCK: a FIFO put where a
// file was must not block the open.
//
// O_NOATIME where the system has it: a checkout leaves every file's atime
// equal to its mtime, so under relatime each first read would also write
// the inode back; skipping that makes confirming a checked-out tree
// faster. Only the file's owner may ask for it: anyone else's file
// is opened again without.
//
// It reads at most limit bytes and one more: a file that holds more (a
// symlink to /dev/zero put in a file's place holds no end) is an error.
func readInto(w io.Writer, path string, limit int64) error {
	fd, err := openNoatime(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	bp := buffers.Get().(*[]byte)
	defer buffers.Put(bp)
	buf := *bp
	for left := max(limit, 0) + 1; ; {
		if int64(len(buf)) > left {
			buf = buf[:left]
		}
		n, err := syscall.Read(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err == syscall.EAGAIN {
			return errors.New("not a regular file")
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if left -= int64(n); left == 0 {
			return errLonger
		}
		w.Write(buf[:n])
		if n < len(buf) {
			// A regular file reads short only at its end, so the read that
			// would return 0 is saved: a quarter of the system calls of
			// confirming a small file. Anything that does read short
			// mid-way hashes differently, and counts as changed.
			return nil
		}
	}
}
