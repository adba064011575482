package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var small = Limit{Kind: "a test file", Max: 100, Fix: "make it smaller"}

func write(t *testing.T, path string, n int) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Repeat("x", n)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A regular file is read whole, up to and including its cap, with the
// size and mtime its descriptor reported.
func TestReadRegular(t *testing.T) {
	for _, n := range []int{0, 1, 99, 100} {
		path := filepath.Join(t.TempDir(), "f")
		write(t, path, n)
		data, st, err := ReadStamp(path, small)
		if err != nil || len(data) != n {
			t.Fatalf("%d bytes: read %d, %v", n, len(data), err)
		}
		fi, _ := os.Stat(path)
		if st.Size != int64(n) || st.Mtime != fi.ModTime().UnixNano() {
			t.Errorf("%d bytes: stamp %+v, want size %d mtime %d", n, st, n, fi.ModTime().UnixNano())
		}
		f, fst, err := Open(path, small)
		if err != nil || fst.Size() != int64(n) {
			t.Fatalf("Open %d bytes: %v, %v", n, fst, err)
		}
		got, err := io.ReadAll(LimitReader(f, path, small))
		f.Close()
		if err != nil || len(got) != n {
			t.Errorf("Open %d bytes: read %d, %v", n, len(got), err)
		}
	}
}

// A missing file is fs.ErrNotExist, as from os.Open, and nothing else.
func TestReadMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing")
	_, err := Read(path, small)
	var nr *NotRegularError
	var tb *TooBigError
	if !errors.Is(err, fs.ErrNotExist) || errors.As(err, &nr) || errors.As(err, &tb) || !strings.Contains(err.Error(), path) {
		t.Errorf("Read: %v, want a not-exist error naming the path", err)
	}
	if _, _, err := Open(path, small); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open: %v, want fs.ErrNotExist", err)
	}
}

// A file over its cap is refused before it is read, saying how big it is,
// what the cap of its kind is and what to do.
func TestReadTooBig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	write(t, path, 101)
	want := path + ": is 101 bytes; a test file is at most 100 bytes: make it smaller"
	_, err := Read(path, small)
	var tb *TooBigError
	if !errors.As(err, &tb) || tb.Size != 101 || tb.Grew || err.Error() != want {
		t.Errorf("Read: %v\nwant %s", err, want)
	}
	if _, _, err := Open(path, small); !errors.As(err, &tb) || err.Error() != want {
		t.Errorf("Open: %v\nwant %s", err, want)
	}
	// sparse: the size without the bytes
	big := filepath.Join(t.TempDir(), "lock")
	write(t, big, 1)
	if err := os.Truncate(big, 300<<20); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(big, Lock); err == nil || err.Error() != big+": is 300 MiB; a reel.lock is at most 256 MiB: restore it from git (git checkout reel.lock)" {
		t.Errorf("Read: %v", err)
	}
}

// A file that grows past its cap after it was opened is refused when the
// read passes the cap, not read on.
func TestOpenGrows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	write(t, path, 10)
	f, _, err := Open(path, small)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	write(t, path, 1000) // the same file, rewritten in place
	n, err := io.Copy(io.Discard, LimitReader(f, path, small))
	var tb *TooBigError
	if !errors.As(err, &tb) || !tb.Grew || n > small.Max {
		t.Fatalf("read %d bytes: %v, want a TooBigError after at most %d", n, err, small.Max)
	}
	if want := path + ": grew past 100 bytes while it was read; a test file is at most 100 bytes: make it smaller"; err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}

// A folder is refused, saying it is one, by each way in.
func TestReadFolder(t *testing.T) {
	dir := t.TempDir()
	want := dir + ": is a folder, not a regular file: reel reads only regular files; replace it with one, or remove it"
	_, err := Read(dir, small)
	var nr *NotRegularError
	if !errors.As(err, &nr) || err.Error() != want {
		t.Errorf("Read: %v\nwant %s", err, want)
	}
	if _, _, err := Open(dir, small); err == nil || err.Error() != want {
		t.Errorf("Open: %v\nwant %s", err, want)
	}
	st, _ := os.Stat(dir)
	if err := Check(dir, st, small); err == nil || err.Error() != want {
		t.Errorf("Check: %v\nwant %s", err, want)
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB", 1 << 20: "1 MiB", 256 << 20: "256 MiB", 3 << 30: "3 GiB", 16 << 40: "16 TiB"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
