//go:build linux && (amd64 || arm64)

package snapshot

import (
	"errors"
	"syscall"

	"github.com/reel-dev/reel/internal/uring"
	"golang.org/x/sys/unix"
)

// preStat is an input's stat taken ahead, in a batch.
type preStat struct {
	st  syscall.Stat_t
	err error
}

// prefetch stats the inputs files, from index lo in Files, in one batch
// through ring, for statAt to give: one system call for a worker's share
// instead of one per input.
func (s *statter) prefetch(ring *uring.Ring, files []File, lo int) {
	s.pre, s.preLo = s.pre[:0], lo
	paths := s.prePaths[:0]
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	ring.StatFiles(paths, func(_ int, sx *unix.Statx_t, err error) {
		p := preStat{err: err}
		if err == nil {
			p.st = statOfStatx(sx)
		}
		s.pre = append(s.pre, p)
	})
	clear(paths) // no path outlives its check
	s.prePaths = paths[:0]
}

// statAt is input i's stat: the one prefetched, or stat's.
func (s *statter) statAt(i int, path string) (File, error) {
	j := i - s.preLo
	if j < 0 || j >= len(s.pre) || path == "" {
		return s.stat(path) // "" too: statx(2) calls it missing, Stat an error
	}
	p := &s.pre[j]
	s.ok = false
	switch {
	case p.err == nil:
		s.last, s.ok = p.st, true
		return fileOf(path, &s.last), nil
	case errors.Is(p.err, syscall.ENOENT):
		return File{Path: path, Size: -1}, nil
	}
	return Stat(path) // the rare error, as os.Stat words it
}

// statOfStatx is what stat(2) gives of the file statx(2) gave as sx:
// the fields fileOf and gitStat read.
func statOfStatx(sx *unix.Statx_t) syscall.Stat_t {
	return syscall.Stat_t{
		Dev: unix.Mkdev(sx.Dev_major, sx.Dev_minor), Ino: sx.Ino, Mode: uint32(sx.Mode),
		Uid: sx.Uid, Gid: sx.Gid, Size: int64(sx.Size),
		Mtim: syscall.Timespec{Sec: sx.Mtime.Sec, Nsec: int64(sx.Mtime.Nsec)},
		Ctim: syscall.Timespec{Sec: sx.Ctime.Sec, Nsec: int64(sx.Ctime.Nsec)},
	}
}
