package atomicfile_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/atomicfile"
)

// TestWriteFile: the file holds the new bytes, with the mode asked for when
// new and its own when replaced, and no temporary file is left beside it.
func TestWriteFile(t *testing.T) {
	for _, o := range []atomicfile.Options{{Perm: 0o644}, {Perm: 0o600, Durable: true}, {Perm: 0o640, RemoveFirst: true}} {
		dir := t.TempDir()
		path := filepath.Join(dir, "reel.lock")
		if err := atomicfile.WriteFile(path, []byte("one\n"), o); err != nil {
			t.Fatal(err)
		}
		assertFile(t, path, "one\n", o.Perm)
		if err := os.Chmod(path, 0o664); err != nil {
			t.Fatal(err)
		}
		if err := atomicfile.WriteFile(path, []byte("two\n"), o); err != nil {
			t.Fatal(err)
		}
		assertFile(t, path, "two\n", 0o664)
		assertNoTemp(t, dir)
	}
}

// TestWriteFailed: a write that fails leaves the old file as it was, and
// no temporary file.
func TestWriteFailed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snapshot")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full")
	err := atomicfile.Write(path, atomicfile.Options{RemoveFirst: true}, func(w *bufio.Writer) error {
		w.WriteString(strings.Repeat("new", 1<<16)) // more than the buffer: part of it reached the temp file
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write: %v, want the writer's error", err)
	}
	assertFile(t, path, "old", 0o600)
	assertNoTemp(t, dir)
}

// TestWriteIntoMissingFolder fails, saying so, and writes nothing.
func TestWriteIntoMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "file")
	if err := atomicfile.WriteFile(path, []byte("x"), atomicfile.Options{Durable: true}); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("WriteFile into a missing folder: %v, want a not-exist error", err)
	}
}

func assertFile(t *testing.T, path, want string, perm os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || string(data) != want {
		t.Fatalf("%s holds %.20q (%v), want %q", path, data, err, want)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != perm {
		t.Errorf("%s has mode %v, want %v", path, fi.Mode().Perm(), perm)
	}
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
