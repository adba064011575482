//go:build unix

package snapshot

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// A FIFO put where an empty file was is a change, found without blocking
// on it.
func TestFIFOInAFilesPlaceIsAChange(t *testing.T) {
	root := t.TempDir()
	f := file(t, root, "empty.yaml", "", time.Hour)
	f.Exact = true
	os.Remove(f.Path)
	if err := syscall.Mkfifo(f.Path, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Unix(0, f.Mtime)
	os.Chtimes(f.Path, old, old) // same size (0) and mtime as the file it replaced
	done := make(chan Check)
	go func() {
		done <- (&Snapshot{Stamp: "s", Written: time.Now().UnixNano(), Files: []File{f}}).Check("s", nil)
	}()
	select {
	case c := <-done:
		if len(c.Changed) != 1 {
			t.Fatalf("a FIFO in a file's place: %+v", c)
		}
	case <-time.After(time.Minute): // a hang, not slowness
		t.Fatal("Check blocked on a FIFO")
	}
}
