//go:build unix

package sandbox

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// dirLock is flock(2) on the sandbox's folder. It belongs to the open file
// description, so two sandboxes in one process exclude each other as two
// processes do, and the kernel drops it when its holder dies.
type dirLock struct{ f *os.File }

func lockDir(dir string) (*dirLock, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "flock", Path: dir, Err: err}
	}
	return &dirLock{f}, nil
}

func (l *dirLock) unlock() { l.f.Close() }
