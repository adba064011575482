package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRealFileSystem drives the watcher with the system's own events
// (inotify, kqueue, …) and the wall clock: each kind of save is one batch
// naming the right files, and a touch is none (the batch after it names
// only the next real change).
// The quiet period is a whole second: a loaded shared machine can take
// longer than a short one to write the 200-file burst, which would then
// rightly split into two batches.
func TestRealFileSystem(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755)
		if err := os.WriteFile(filepath.Join(root, rel), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("videos/a.yaml", "a")
	write("videos/b.yaml", "b")
	batches := make(chan Batch, 10)
	w, err := New(Options{Root: root, Debounce: time.Second, OnBatch: func(b Batch) { batches <- b },
		Skip: func(dir string) bool { return dir == filepath.Join(root, "out") }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	next := func(what, want string) {
		t.Helper()
		select {
		case b := <-batches:
			var got []string
			for _, p := range b.Changed {
				r, _ := filepath.Rel(root, p)
				got = append(got, "+"+filepath.ToSlash(r))
			}
			for _, p := range b.Removed {
				r, _ := filepath.Rel(root, p)
				got = append(got, "-"+filepath.ToSlash(r))
			}
			if strings.Join(got, " ") != want {
				t.Errorf("%s: batch %v, want %s", what, got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no batch in 10s", what)
		}
	}

	write("videos/a.yaml", "a2")
	next("plain write", "+videos/a.yaml")

	write("videos/.b.yaml.swp", "swap")
	write("videos/b.yaml.tmp", "b2")
	os.Rename(filepath.Join(root, "videos/b.yaml.tmp"), filepath.Join(root, "videos/b.yaml"))
	os.Remove(filepath.Join(root, "videos/.b.yaml.swp"))
	next("atomic rename", "+videos/b.yaml")

	os.Remove(filepath.Join(root, "videos/a.yaml"))
	write("videos/a.yaml", "a3")
	next("delete and re-create", "+videos/a.yaml")

	now := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(root, "videos/b.yaml"), now, now)
	write("out/b.mp4", "reel's own output")
	write("videos/new/deep/n.yaml", "n")
	next("touch, an output, then mkdir -p and a new file", "+videos/new/deep/n.yaml")

	for i := range 200 {
		write(fmt.Sprintf("videos/burst/b%03d.yaml", i), "x")
	}
	select {
	case b := <-batches:
		if len(b.Changed) != 200 {
			t.Errorf("a 200-file burst: %d files in its batch", len(b.Changed))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no batch for the burst")
	}

	os.RemoveAll(filepath.Join(root, "videos/new"))
	next("rm -r", "-videos/new/deep/n.yaml")
	write("videos/new/again.yaml", "the folder made anew is watched anew")
	next("re-made folder", "+videos/new/again.yaml")
}
