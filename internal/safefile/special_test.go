//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// refused reads path by each way in, each in a goroutine guarded by
// 10 s (a hang, not slowness), and returns the errors.
func refused(t *testing.T, path string) []error {
	t.Helper()
	ways := []func() error{
		func() error { _, err := Read(path, Lock); return err },
		func() error {
			f, _, err := Open(path, Lock)
			if f != nil {
				f.Close()
			}
			return err
		},
	}
	var errs []error
	for i, way := range ways {
		done := make(chan error, 1)
		go func() { done <- way() }()
		select {
		case err := <-done:
			errs = append(errs, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("way %d of reading %s did not return", i, path)
		}
	}
	return errs
}

// wantNotRegular checks each error is a *NotRegularError of mode that
// reads as want.
func wantNotRegular(t *testing.T, errs []error, mode fs.FileMode, want string) {
	t.Helper()
	for i, err := range errs {
		var nr *NotRegularError
		if !errors.As(err, &nr) || nr.Mode&mode == 0 || err.Error() != want {
			t.Errorf("way %d: %v\nwant %s", i, err, want)
		}
	}
}

// A FIFO is refused at once: opening it to read would wait for a writer.
func TestReadFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reel.lock")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	wantNotRegular(t, refused(t, path), fs.ModeNamedPipe,
		path+": is a named pipe (FIFO), not a regular file: reel reads only regular files; replace it with one, or remove it")
}

// A symlink to /dev/zero (git commits symlinks) is refused before a byte
// is read, saying where it points.
func TestReadDevZeroSymlink(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reel.lock")
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Fatal(err)
	}
	wantNotRegular(t, refused(t, path), fs.ModeDevice,
		path+": is a symlink to /dev/zero, a device, not a regular file: reel reads only regular files; replace it with one, or remove it")
}

// A socket, which open(2) itself refuses, is named as one.
func TestReadSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "sock") // short: a socket's path has a small limit
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "s")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	wantNotRegular(t, refused(t, path), fs.ModeSocket,
		path+": is a socket, not a regular file: reel reads only regular files; replace it with one, or remove it")
}
