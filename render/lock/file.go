package lock

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/reel-dev/reel/internal/atomicfile"
	"github.com/reel-dev/reel/internal/safefile"
)

// Read returns the lock at path, or an empty lock if there is none yet.
// A lock that is not a regular file (a FIFO, a symlink to /dev/zero), is a
// symlink out of its folder, or is over safefile.Lock's cap is refused
// before it is read.
//
// It takes no lock of its own: writers replace the file by rename, so a
// reader sees either the old or the new file, never half of one.
func Read(path string) (*Lock, error) {
	data, err := safefile.ReadIn(filepath.Dir(path), path, safefile.Lock)
	if errors.Is(err, fs.ErrNotExist) {
		return NewAt(path), nil
	}
	if err != nil {
		return nil, err
	}
	return decodeFile(path, data)
}

// Update is UpdateContext that waits as long as it takes.
func Update(path string, fn func(*Lock) error) (*Lock, error) {
	return UpdateContext(context.Background(), path, fn)
}

// UpdateContext changes the lock at path under an exclusive advisory lock
// and returns the lock as fn left it.
//
// The file is read again under the lock, so that two processes that each
// record one video never lose each other's entry. fn must be quick (one
// video's intent, job id or output), because every other writer waits for
// it. If fn fails nothing is written. If the bytes did not change nothing
// is written either, so a no-op run leaves the file and its mtime alone.
// The requests of the lock's current renders are kept in its Store, written
// before the lock names them and dropped after it stops naming them.
//
// The lock is flock(2) on the folder holding path rather than on the file
// (which rename replaces) or on a sidecar (which would be a stray file in
// the user's repo). While another process holds it, UpdateContext waits
// until ctx ends and then returns an error wrapping ErrBusy.
func UpdateContext(ctx context.Context, path string, fn func(*Lock) error) (*Lock, error) {
	dir := filepath.Dir(path)
	held, err := lockDir(ctx, dir)
	if err != nil {
		var busy *busyError
		if errors.As(err, &busy) {
			busy.path = path
		}
		return nil, err
	}
	defer held.unlock()

	old, err := safefile.ReadIn(dir, path, safefile.Lock)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	d := &decoder{file: path, data: old, l: NewAt(path), keys: &keySet{}}
	l := d.l
	if exists {
		if l, err = d.decode(); err != nil {
			return nil, err
		}
	}
	before := d.keys
	if err := fn(l); err != nil {
		return nil, err
	}
	l.Store = StoreOf(path) // even if fn replaced the whole lock
	// The requests are kept before the lock names their keys, so a lock
	// on disk never lacks a request it could have had. A stale one (its
	// video re-rendered) is dropped only after the lock no longer names
	// it, and failing to drop it is no error: the lock is written, and
	// reel gc lists what is left.
	data, after, err := l.encodeKeeping()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(data, old) && (exists || len(l.Videos)+len(l.Avatars) > 0) {
		if err := writeAtomic(path, data); err != nil {
			return nil, err
		}
	}
	if after != before.sum {
		l.dropRequests(before.keys)
	}
	return l, nil
}

// writeAtomic replaces path with data so that a crash at any moment leaves
// either the old file or the new one (atomicfile, durable), first removing
// what a writer that crashed before its rename left.
func writeAtomic(path string, data []byte) error {
	removeStale(filepath.Dir(path), atomicfile.TempPrefix(path))
	return atomicfile.WriteFile(path, data, atomicfile.Options{Durable: true, Perm: 0o644})
}

// removeStale deletes temp files left by a writer that crashed between
// create and rename. Only a holder of the lock writes them, and we hold
// it, so any that exist are orphans.
func removeStale(dir, prefix string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
