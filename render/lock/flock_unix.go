//go:build unix

package lock

import (
	"context"
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// dirLock is an flock(2) held on a folder. flock belongs to the open file
// description, so two opens conflict even within one process: goroutines
// exclude each other the same way processes do. The kernel drops the lock
// when the holder exits, so a killed reel never leaves the project locked.
type dirLock struct{ f *os.File }

// Polling bounds for a waiter with a deadline; a blocked flock(2) cannot
// be interrupted by a context, a short non-blocking retry can.
const (
	pollMin = 2 * time.Millisecond
	pollMax = 100 * time.Millisecond
)

func lockDir(ctx context.Context, dir string) (*dirLock, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	fd := int(f.Fd())
	wait := pollMin
	for {
		err := flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return &dirLock{f}, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) {
			f.Close()
			return nil, &os.PathError{Op: "flock", Path: dir, Err: err}
		}
		if ctx.Done() == nil { // cannot end: just block
			if err := flock(fd, unix.LOCK_EX); err != nil {
				f.Close()
				return nil, &os.PathError{Op: "flock", Path: dir, Err: err}
			}
			return &dirLock{f}, nil
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, &busyError{path: dir, ctx: ctx.Err()}
		case <-t.C:
		}
		wait = min(2*wait, pollMax)
	}
}

// flock retries on EINTR, which Go's signal handling makes routine.
func flock(fd, how int) error {
	for {
		if err := unix.Flock(fd, how); !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

// unlock releases the lock by closing the only descriptor that holds it.
func (l *dirLock) unlock() { l.f.Close() }
