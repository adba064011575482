//go:build unix

package lock

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/safefile"
)

// plants are the files a hostile branch can put where reel reads one:
// git commits a symlink, and a script it runs can make a FIFO.
var plants = map[string]func(path string) error{
	"FIFO":                 func(p string) error { return syscall.Mkfifo(p, 0o644) },
	"symlink to /dev/zero": func(p string) error { return os.Symlink("/dev/zero", p) },
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

// TestPlantedLockRefused: a reel.lock that is a FIFO or a symlink to
// /dev/zero is refused by every read at once, as not a regular file, and
// an update leaves it as it was.
func TestPlantedLockRefused(t *testing.T) {
	for name, plant := range plants {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := plant(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.Lstat(path)
			reads := map[string]func() error{
				"Read":        func() error { _, err := Read(path); return err },
				"ReadIndexed": func() error { _, err := ReadIndexed(path); return err },
				"ReadEntry":   func() error { _, err := ReadEntry(path, Span{0, 10}, "v"); return err },
				"Update": func() error {
					_, err := Update(path, func(l *Lock) error { l.Set(done("v", hexKey("a"))); return nil })
					return err
				},
			}
			for what, read := range reads {
				var err error
				returns(t, what, func() { err = read() })
				var nr *safefile.NotRegularError
				if !errors.As(err, &nr) || nr.Path != path {
					t.Errorf("%s: %v, want a NotRegularError naming %s", what, err, path)
				}
			}
			if after, err := os.Lstat(path); err != nil || after.Mode() != before.Mode() {
				t.Errorf("the update replaced the planted file: %v, %v", after.Mode(), err)
			}
		})
	}
}

// TestPlantedRequestNotRead: a kept request that is a FIFO or a symlink
// to /dev/zero reads as not kept, and the next render of its key keeps
// the request again as a regular file.
func TestPlantedRequestNotRead(t *testing.T) {
	for name, plant := range plants {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			a := hexKey("a")
			os.MkdirAll(filepath.Dir(requestFile(dir, a)), 0o755)
			if err := plant(requestFile(dir, a)); err != nil {
				t.Fatal(err)
			}
			s := StoreOf(path)
			returns(t, "Request", func() {
				if req := s.Request(a); req != nil {
					t.Errorf("a planted request reads as %q", req)
				}
			})
			returns(t, "Update", func() {
				if _, err := Update(path, func(l *Lock) error { l.Set(withRequest("v", a)); return nil }); err != nil {
					t.Fatal(err)
				}
			})
			if st, err := os.Lstat(requestFile(dir, a)); err != nil || st.Mode().Type() != 0 || string(s.Request(a)) != `{"script":"aaaa"}` {
				t.Errorf("after a render of its key: %v, %v", st, err)
			}
		})
	}
}
