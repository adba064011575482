// Package atomicfile replaces a file whole or not at all. The new content
// goes to a temporary file in the same folder (a rename is atomic only
// within one file system), which is then renamed over the old file, so a
// reader finds the old file or the new one, never half of one. reel.lock
// and its kept requests, the snapshot, the sandbox's state and the schemas
// reel init writes are all written here, so that how reel writes a file
// whole is decided in one place.
package atomicfile

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
)

// Options say how a file is replaced.
type Options struct {
	// Durable syncs the new file before the rename and the folder after
	// it, so that a crash or a power cut leaves the old file or the new
	// one. Without it a crash may leave an empty or torn file: only for
	// files that are checked when read and cost little to lose (caches).
	Durable bool
	// Perm is the mode of a new file; a file replaced keeps its own.
	Perm fs.FileMode
	// RemoveFirst removes the old file just before the rename, for caches
	// that are rewritten often: ext4 (auto_da_alloc) writes out a file
	// renamed over another at once, to keep the replaced file whole across
	// a crash, which a cache does not need. A reader in between finds no
	// file.
	RemoveFirst bool
}

// WriteFile replaces path with data.
func WriteFile(path string, data []byte, o Options) error {
	return Write(path, o, func(w *bufio.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write replaces path with what write writes to w. An error from write (or
// one left in w) leaves the old file as it was, and no temporary file.
func Write(path string, o Options, write func(w *bufio.Writer) error) (err error) {
	dir := filepath.Dir(path)
	perm := o.Perm
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, TempPrefix(path)+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, 1<<16)
	if err = write(w); err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if o.Durable {
		if err = tmp.Sync(); err != nil {
			return err
		}
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if o.RemoveFirst {
		os.Remove(path)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if o.Durable {
		return syncDir(dir)
	}
	return nil
}

// TempPrefix is how the temporary files of path's writes begin:
// ".reel.lock.tmp-" for reel.lock. A file that begins so and outlives its
// writer is what a crash between create and rename left.
func TempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }
