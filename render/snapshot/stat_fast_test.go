//go:build linux && (amd64 || arm64)

package snapshot

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/reel-dev/reel/internal/uring"
)

// TestStatAllocatesNothing: a check stats every input of the project, ten
// thousand and more, with the collector off: a stat must leave no garbage.
func TestStatAllocatesNothing(t *testing.T) {
	dir := t.TempDir()
	paths := []string{dir, filepath.Join(dir, "gone.yaml")}
	var st statter
	st.stat(dir) // the buffer grows once
	if n := testing.AllocsPerRun(100, func() {
		for _, p := range paths {
			if _, err := st.stat(p); err != nil {
				t.Fatal(err)
			}
		}
	}); n != 0 {
		t.Errorf("%v allocations per stat of an input; want none", n/float64(len(paths)))
	}
}

// TestPrefetchedStatIsStat: a stat taken ahead in a batch through
// io_uring is the statter's own, git's fields included, for every kind of
// input a project can hold or lose.
func TestPrefetchedStatIsStat(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(file, []byte("title: a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	syscall.Mkfifo(fifo, 0o644)
	os.Symlink(file, filepath.Join(dir, "link.yaml"))
	os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling.yaml"))
	paths := []string{file, dir, fifo, filepath.Join(dir, "link.yaml"), filepath.Join(dir, "dangling.yaml"),
		filepath.Join(dir, "gone.yaml"), filepath.Join(file, "under-a-file"), "", dir + "/nul\x00.yaml"}
	var files []File
	for _, p := range paths {
		files = append(files, File{Path: p})
	}
	ring, err := uring.New(ringBatch)
	if err != nil {
		t.Fatal(err)
	}
	defer ring.Close()
	var pre, plain statter
	const lo = 100 // the share's first index in Files
	pre.prefetch(ring, files, lo)
	for i, p := range paths {
		got, gerr := pre.statAt(lo+i, p)
		want, werr := plain.stat(p)
		if got != want || (werr == nil) != (gerr == nil) {
			t.Errorf("%q: prefetched %+v, %v; stated %+v, %v", p, got, gerr, want, werr)
		}
		g, gok := pre.gitStat()
		w, wok := plain.gitStat()
		if g != w || gok != wok {
			t.Errorf("%q: git's fields prefetched %+v (%v), stated %+v (%v)", p, g, gok, w, wok)
		}
	}
}
