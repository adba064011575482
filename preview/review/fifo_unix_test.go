//go:build unix

package review

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWriteRefusesFIFO: a FIFO planted where a video should be is refused
// at once rather than read forever.
func TestWriteRefusesFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "out.mp4")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link.mp4")
	os.Symlink(fifo, link)
	done := make(chan error, 1)
	go func() { done <- Write(t.TempDir(), Page{Videos: []Video{{ID: "x", Media: link}}}) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("Write of a FIFO's page: %v, want it refused as a named pipe", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Write hung on a FIFO")
	}
}
