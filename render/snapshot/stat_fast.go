//go:build linux && (amd64 || arm64)

package snapshot

import (
	"syscall"
	"unsafe"
)

// statter stats files without allocating: os.Stat makes a FileInfo and a
// NUL-terminated copy of the path for each file, and a check of ten
// thousand inputs, with the collector off, paid for every byte of them
// in fresh pages. Each check worker has its own, whose buffer holds the
// path being stated, and which keeps the last file's full stat for
// comparing with git's index (gitStat).
type statter struct {
	path []byte
	last syscall.Stat_t
	ok   bool // last is of the last path stated

	pre      []preStat // the stats of a share, from index preLo (prefetch)
	preLo    int
	prePaths []string
}

// stat is Stat.
func (s *statter) stat(path string) (File, error) {
	if len(path) == 0 || containsNUL(path) {
		s.ok = false
		return Stat(path) // its error, as os.Stat gives it
	}
	s.path = append(append(s.path[:0], path...), 0)
	s.ok = false
	for {
		_, _, errno := syscall.Syscall6(sysFstatat, atFDCWD, uintptr(unsafe.Pointer(&s.path[0])), uintptr(unsafe.Pointer(&s.last)), 0, 0, 0)
		switch errno {
		case 0:
			s.ok = true
			return fileOf(path, &s.last), nil
		case syscall.EINTR:
			continue
		case syscall.ENOENT:
			return File{Path: path, Size: -1}, nil
		}
		return Stat(path) // the rare error, as os.Stat words it
	}
}

// gitStat is the last file's stat as git's index records it, and whether
// there is one: the last stat succeeded through the system call.
func (s *statter) gitStat() (gitStat, bool) {
	st := &s.last
	return gitStat{
		ctimeSec: uint32(st.Ctim.Sec), ctimeNsec: uint32(st.Ctim.Nsec),
		mtimeSec: uint32(st.Mtim.Sec), mtimeNsec: uint32(st.Mtim.Nsec),
		dev: uint32(st.Dev), ino: uint32(st.Ino), uid: st.Uid, gid: st.Gid, size: uint32(st.Size),
	}, s.ok
}

// atFDCWD is AT_FDCWD, as the system call takes it.
const atFDCWD = ^uintptr(99) // -100

// fileOf is what Stat records of st.
func fileOf(path string, st *syscall.Stat_t) File {
	f := File{Path: path, Size: st.Size, Mtime: st.Mtim.Sec*1e9 + st.Mtim.Nsec}
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFDIR:
		f.Dir, f.Size = true, 0
	case syscall.S_IFREG:
	default:
		f.Size = Special
	}
	return f
}

func containsNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}
