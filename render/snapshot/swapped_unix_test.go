//go:build unix

package snapshot

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestSwappedAfterItsStat: an input that stated as recorded, and then,
// before it was read, was swapped for something else, is changed; none
// hangs the check. This is the part of the check after its stat: the
// input is confirmed by content, the way bothWays asks.
func TestSwappedAfterItsStat(t *testing.T) { bothWays(t, swappedAfterItsStat) }

func swappedAfterItsStat(t *testing.T) {
	dir, s := rewrittenTree(t, 12)
	writer := make(chan *os.File, 1)
	swaps := []struct {
		name    string
		swap    func(path string)
		changed bool
	}{
		{"unchanged", func(string) {}, false},
		{"edited, same size", func(p string) { d, _ := os.ReadFile(p); d[0] = 'T'; os.WriteFile(p, d, 0o644) }, true},
		{"grown past its size", func(p string) { d, _ := os.ReadFile(p); os.WriteFile(p, append(d, 'x'), 0o644) }, true},
		{"shrunk", func(p string) { d, _ := os.ReadFile(p); os.WriteFile(p, d[:len(d)-1], 0o644) }, true},
		{"removed", func(p string) { os.Remove(p) }, true},
		{"a FIFO with a writer", func(p string) {
			os.Remove(p)
			syscall.Mkfifo(p, 0o644)
			w, _ := os.OpenFile(p, os.O_RDWR, 0) // holds it open, writes nothing
			writer <- w
		}, true},
		{"a symlink to /dev/zero", func(p string) { os.Remove(p); os.Symlink("/dev/zero", p) }, true},
		{"a folder", func(p string) { os.Remove(p); os.Mkdir(p, 0o755) }, true},
		{"a dangling symlink", func(p string) { os.Remove(p); os.Symlink(filepath.Join(dir, "nowhere"), p) }, true},
	}
	chk := &checker{s: s, start: time.Now().UnixNano(), git: func() *gitTrust { return nil }}
	w := worker{h: newContentHash()}
	defer w.release()
	vs := &verdicts{flags: make([]verdictFlags, len(s.Files))}
	for i, c := range swaps {
		f := s.Files[i]
		c.swap(f.Path)
		if !w.deferRead(i, f, f.Mtime+1, false) {
			vs.record(&w, i, f, chk.confirmed(f, f.Mtime+1, w.read(f, false)))
		}
	}
	returns(t, "confirming the swapped inputs", func() { chk.readPending(&w, vs, func(int) {}) })
	select {
	case w := <-writer:
		w.Close()
	default:
	}
	for i, c := range swaps {
		if got := vs.changed(i); got != c.changed {
			t.Errorf("%s: changed %v, want %v", c.name, got, c.changed)
		}
		batched := vs.flags[i]&flagBatched != 0
		if want := useUring && runtime.GOOS == "linux"; batched != (want && !c.changed) {
			t.Errorf("%s: read through io_uring %v", c.name, batched)
		}
	}
}
