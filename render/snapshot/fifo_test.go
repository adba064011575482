//go:build unix

package snapshot

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO put where an empty file was is a change, found without blocking
// on it.
func TestFIFOInAFilesPlaceIsAChange(t *testing.T) { bothWays(t, fifoInAFilesPlaceIsAChange) }

func fifoInAFilesPlaceIsAChange(t *testing.T) {
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

// returns runs f, failing the test if it has not returned in 10 s (a
// hang, not slowness).
func returns(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not return", what)
	}
}

// plant puts a FIFO or a symlink to /dev/zero at path, as a branch can.
func plant(t *testing.T, path, kind string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.Remove(path)
	var err error
	if kind == "FIFO" {
		err = syscall.Mkfifo(path, 0o644)
	} else {
		err = os.Symlink("/dev/zero", path)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// A snapshot or rendered keys file planted as a FIFO or a symlink to
// /dev/zero is no cache, found so at once.
func TestPlantedCacheIsNone(t *testing.T) {
	for _, kind := range []string{"FIFO", "/dev/zero"} {
		root := t.TempDir()
		plant(t, Path(root), kind)
		plant(t, KeysPath(root), kind)
		returns(t, "Load of a "+kind, func() {
			if s := Load(root); s != nil {
				t.Errorf("a %s loads as a snapshot", kind)
			}
		})
		returns(t, "OpenKeys of a "+kind, func() {
			if k, ok := OpenKeys(root, "sum"); ok {
				k.Close()
				t.Errorf("a %s opens as rendered keys", kind)
			}
		})
	}
}

// A file swapped for a symlink to /dev/zero after it was stated is read
// no further than its recorded size: its sum fails, at once.
func TestSumStopsAtTheRecordedSize(t *testing.T) {
	root := t.TempDir()
	f := file(t, root, "a.yaml", "0123456789", time.Hour)
	plant(t, f.Path, "/dev/zero")
	returns(t, "Sum", func() {
		if sum, err := Sum(f); err == nil {
			t.Errorf("Sum of /dev/zero as a file of %d bytes: %s", f.Size, sum)
		}
	})
}
