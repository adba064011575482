//go:build unix

package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

func checkLocking() error { return nil }

// lock takes the exclusive flock of name's shard, polling so that ctx can
// end the wait. The lock files are never removed: removing a lock file
// lets a waiter lock an unlinked inode while another locks its successor.
func (f *FileBackend) lock(ctx context.Context, name string) (func(), error) {
	sum := sha256.Sum256([]byte(name))
	p := filepath.Join(f.root, "locks", hex.EncodeToString(sum[:1]))
	fh, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, f.err("lock", name, err)
	}
	wait := time.Millisecond
	for {
		err := unix.Flock(int(fh.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() { fh.Close() }, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			fh.Close()
			return nil, f.err("lock", name, err)
		}
		select {
		case <-ctx.Done():
			fh.Close()
			return nil, &Error{Op: "lock", Name: name, Kind: Unreachable, Err: ctx.Err()}
		case <-time.After(wait):
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}
