//go:build unix

package manifest

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO among the manifests is refused at once: opening it to read would
// wait for a writer forever.
func TestFIFOManifestRefused(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "reel.yaml"), []byte(keyProject))
	writeFile(t, filepath.Join(dir, "videos", "a.yaml"), []byte("avatar: {id: a}\nvoice: {id: v}\nscenes: [{script: Hi.}]\n"))
	if err := syscall.Mkfifo(filepath.Join(dir, "videos", "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *Set)
	go func() {
		set, _ := Load(p, Options{Providers: TestProviders})
		done <- set
	}()
	select {
	case set := <-done:
		if got := errorLines(set, dir); !strings.Contains(got, "videos/pipe.yaml:1:1: is a named pipe (FIFO), not a regular file") || len(set.Videos) != 1 {
			t.Fatalf("%d videos, errors:\n%s", len(set.Videos), got)
		}
	case <-time.After(time.Minute): // a hang, not slowness
		t.Fatal("Load waited on a FIFO")
	}
}
