package snapshot

import (
	"runtime/debug"
	"syscall"
)

// readGitIndex maps the index at path and parses it, or says why not. A
// mapping, not a read: read into fresh memory, a large index costs a page
// fault per 4 KiB of it, while the page cache's pages are mapped many at
// a time. The parse copies out what it keeps, and the mapping is undone.
func readGitIndex(path string, want func(string) bool) (*gitIndex, error) {
	data, mtime, err := mapIndex(path)
	if err != nil {
		return nil, err
	}
	defer syscall.Munmap(data)
	return parseMapped(data, mtime, want)
}

// mapIndex maps the regular file at path, of at most gitIndexLimit bytes,
// read-only, and returns its mtime. O_NONBLOCK: a FIFO put in the index's
// place must not block the open.
func mapIndex(path string) ([]byte, int64, error) {
	fd, err := openNoatime(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC)
	if err != nil {
		return nil, 0, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, 0, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size <= 0 || st.Size > gitIndexLimit.Max {
		return nil, 0, errGitIndex
	}
	data, err := syscall.Mmap(fd, 0, int(st.Size), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, 0, err
	}
	return data, st.Mtim.Nano(), nil
}

// parseMapped parses a mapped index. The file may be cut short while it is
// mapped (git replaces its index whole, but anyone may truncate it): the
// pages past its new end then fault, and the fault, a panic here rather
// than a crash, refuses the index like any other damage.
func parseMapped(data []byte, mtime int64, want func(string) bool) (ix *gitIndex, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if _, fault := r.(interface{ Addr() uintptr }); !fault {
			panic(r)
		}
		ix, err = nil, errGitIndex
	}()
	return parseGitIndex(data, mtime, want)
}
