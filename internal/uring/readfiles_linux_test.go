package uring

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ring is a new ring of files slots, closed at the test's end. io_uring
// is this package's point: a kernel here without it fails the test.
func ring(t *testing.T, files int) *Ring {
	t.Helper()
	r, err := New(files)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// read is what ReadFiles gives for each path, with its limit, as
// "content" or "error: ...".
func read(t *testing.T, r *Ring, paths []string, limits []int64) []string {
	t.Helper()
	got := make([]string, len(paths))
	seen := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.ReadFiles(paths, limits, func(i int, data []byte, err error) {
			if i != seen {
				t.Errorf("file %d reported after %d files", i, seen)
			}
			seen++
			got[i] = outcome(data, err)
		})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second): // a hang, not slowness
		t.Fatal("ReadFiles did not return")
	}
	if seen != len(paths) {
		t.Fatalf("%d of %d files reported", seen, len(paths))
	}
	return got
}

func outcome(data []byte, err error) string {
	switch {
	case errors.Is(err, ErrLonger):
		return "error: longer"
	case errors.Is(err, ErrNotRegular):
		return "error: not regular"
	case errors.Is(err, ErrTooLarge):
		return "error: too large"
	case errors.Is(err, syscall.ENOENT):
		return "error: missing"
	case errors.Is(err, syscall.EISDIR):
		return "error: a folder"
	case err != nil:
		return "error: " + err.Error()
	}
	return string(data)
}

// write writes content at name under dir and returns its path.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Each file reads as a loop of open, read and close reads it, whatever it
// is and whatever its neighbours in the batch are: a failed open or read
// never spills into the next file's result.
func TestReadFilesIsThePlainLoop(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	// A writer that never writes: a read of the FIFO would wait forever.
	w, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	idle := filepath.Join(dir, "idle-fifo")
	syscall.Mkfifo(idle, 0o644) // no writer: reads as empty
	os.Symlink("/dev/zero", filepath.Join(dir, "zero"))
	os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling"))
	os.Mkdir(filepath.Join(dir, "folder"), 0o755)
	big := strings.Repeat("x", MaxRead)
	cases := []struct {
		path  string
		limit int64
		want  string
	}{
		{write(t, dir, "a", "hello"), 5, "hello"},
		{filepath.Join(dir, "missing"), 5, "error: missing"},
		{write(t, dir, "b", "world"), 5, "world"},
		{write(t, dir, "grown", "hello world"), 5, "error: longer"},
		{write(t, dir, "shrunk", "hi"), 5, "hi"},
		{write(t, dir, "empty", ""), 0, ""},
		{write(t, dir, "one", "1"), 0, "error: longer"},
		{fifo, 5, "error: not regular"},
		{idle, 5, ""},
		{filepath.Join(dir, "zero"), 5, "error: longer"},
		{filepath.Join(dir, "dangling"), 5, "error: missing"},
		{filepath.Join(dir, "folder"), 5, "error: a folder"},
		{write(t, dir, "big", big), int64(len(big)), "error: too large"},
		{write(t, dir, "almost", big[1:]), int64(len(big) - 1), big[1:]},
		{dir + "/a\x00b", 5, "error: open " + dir + "/a\x00b: invalid argument"},
		{write(t, dir, "c", "last"), 4, "last"},
	}
	var paths []string
	var limits []int64
	for _, c := range cases {
		paths, limits = append(paths, c.path), append(limits, c.limit)
	}
	r := ring(t, 64)
	for round := range 2 { // a second round reuses the slots and buffers
		for i, got := range read(t, r, paths, limits) {
			if got != cases[i].want {
				t.Errorf("round %d: %s: %.40q, want %.40q", round, filepath.Base(cases[i].path), got, cases[i].want)
			}
			plain, err := readPlain(paths[i], make([]byte, limits[i]+1))
			if want := outcome(plain, err); cases[i].want != "error: too large" && got != want {
				t.Errorf("%s: the ring read %.40q, the plain loop %.40q", filepath.Base(cases[i].path), got, want)
			}
		}
	}
}

// More files than a ring's slots, and more bytes than a batch's buffers,
// go in several batches, each file with its own content.
func TestReadFilesInBatches(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	var limits []int64
	var want []string
	for i := range 40 {
		content := fmt.Sprintf("file %d\n", i) + strings.Repeat("y", i%5*MaxRead/5)
		paths = append(paths, write(t, dir, fmt.Sprint(i), content))
		limits, want = append(limits, int64(len(content))), append(want, content)
	}
	r := ring(t, 8)
	for i, got := range read(t, r, paths, limits) {
		if got != want[i] {
			t.Errorf("file %d: %.20q..., want %.20q...", i, got, want[i])
		}
	}
}

// A file that is not the caller's own refuses O_NOATIME (EPERM); it is
// read all the same. The test runs itself again as another user, who
// reads a file of root's.
func TestReadFilesOfAnotherUser(t *testing.T) {
	if path := os.Getenv("URING_TEST_THEIRS"); path != "" { // the other user
		r, err := New(4)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		r.ReadFiles([]string{path}, []int64{7}, func(_ int, data []byte, err error) { fmt.Println(outcome(data, err)) })
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root, to run as another user") // not reached here: the tests run as root
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	os.Chmod(filepath.Dir(dir), 0o755) // t.TempDir makes both 0700
	path := write(t, dir, "roots", "content")
	self, err := os.ReadFile(os.Args[0]) // where the other user can run it
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "uring.test")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run", "^TestReadFilesOfAnotherUser$")
	cmd.Env = append(os.Environ(), "URING_TEST_THEIRS="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("as another user: %v\n%s", err, out)
	}
	if got, _, _ := strings.Cut(string(out), "\n"); got != "content" {
		t.Errorf("another user's read of root's file: %q", out)
	}
}
