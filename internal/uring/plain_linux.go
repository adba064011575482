package uring

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// readPlain reads the file at path into buf with plain system calls, as
// the ring would have: it holds more than the limit if it fills buf.
func readPlain(path string, buf []byte) ([]byte, error) {
	fd, err := openPlain(path)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	n := 0
	for n < len(buf) {
		m, err := unix.Read(fd, buf[n:])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return nil, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
		case err != nil:
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		case m == 0:
			return buf[:n], nil
		}
		n += m
	}
	return nil, &fs.PathError{Op: "read", Path: path, Err: ErrLonger}
}

// openPlain opens path with openFlags, or without O_NOATIME where the
// file is not the caller's to ask that of.
func openPlain(path string) (int, error) {
	for flags := openFlags | unix.O_CLOEXEC; ; {
		fd, err := unix.Open(path, flags, 0)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EPERM && flags&unix.O_NOATIME != 0:
			flags &^= unix.O_NOATIME
			continue
		}
		return fd, err
	}
}
