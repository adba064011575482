package uring

import (
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// More files than a ring's requests are stated in several batches, each
// file as statx(2) states it; a missing one is ENOENT, in its place.
func TestStatFilesInBatches(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := range 50 {
		paths = append(paths, write(t, dir, fmt.Sprint(i), fmt.Sprintf("%*d", i, i)))
	}
	paths[7] = filepath.Join(dir, "missing")
	r := ring(t, 4)
	seen := 0
	r.StatFiles(paths, func(i int, st *unix.Statx_t, err error) {
		if i != seen {
			t.Errorf("file %d reported after %d files", i, seen)
		}
		seen++
		var want unix.Statx_t
		werr := unix.Statx(unix.AT_FDCWD, paths[i], 0, unix.STATX_BASIC_STATS, &want)
		switch {
		case werr != nil:
			if !errors.Is(err, syscall.ENOENT) {
				t.Errorf("%s: %v, want %v", paths[i], err, werr)
			}
		case err != nil:
			t.Errorf("%s: %v", paths[i], err)
		case st.Size != want.Size || st.Ino != want.Ino || st.Mtime != want.Mtime || st.Mode != want.Mode:
			t.Errorf("%s: %+v, want %+v", paths[i], st, want)
		}
	})
	if seen != len(paths) {
		t.Fatalf("%d of %d files reported", seen, len(paths))
	}
}
