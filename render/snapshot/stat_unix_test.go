//go:build unix

package snapshot

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestStatterIsStat: a check worker's stat records what Stat records, for
// every kind of input a project can hold or lose.
func TestStatterIsStat(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(file, []byte("title: a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	var st statter
	for _, p := range []string{file, dir, fifo, link, filepath.Join(dir, "gone.yaml"), filepath.Join(file, "under-a-file"), "", dir + "/nul\x00.yaml"} {
		want, werr := Stat(p)
		got, gerr := st.stat(p)
		if got != want || (werr == nil) != (gerr == nil) {
			t.Errorf("%q: statter %+v, %v; Stat %+v, %v", p, got, gerr, want, werr)
		}
	}
}
