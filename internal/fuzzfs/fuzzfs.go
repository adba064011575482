// Package fuzzfs is where fuzz targets that read files keep them: a
// fuzzer writes and reads files for each of its inputs, by the thousand
// a second, and they need never reach a disk.
package fuzzfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Root is a folder for a fuzz target's files: in memory (/dev/shm) where
// the system has it, else the test's own temporary folder.
func Root(f *testing.F) string {
	dir, err := os.MkdirTemp("/dev/shm", "reel-fuzz-")
	if err != nil {
		return f.TempDir()
	}
	f.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// Plant writes data at path as a new file: ext4 writes out a file
// truncated and written again at its close, and a fuzzer that plants a
// file per input then waits on the disk.
func Plant(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
