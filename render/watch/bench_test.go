package watch

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/gentree"
)

// BenchmarkWatchReplan10k is the latency from a save to its printed plan
// in a project of 10,000 manifests (1,000 folders): the real watcher with
// the default quiet period, the session reloading the one manifest and
// re-planning, the plain display. One op is one save, from the write to
// the end of its printed re-plan, so ns/op is the whole latency; it
// cannot be below the quiet period (200 ms), and the target is under the
// quiet period plus 50 ms. ms-after-quiet/op is what the work after the
// quiet period costs.
func BenchmarkWatchReplan10k(b *testing.B) {
	dir := b.TempDir()
	paths, err := gentree.Write(dir, gentree.Options{Videos: 10_000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(dir, SessionOptions{})
	if err != nil {
		b.Fatal(err)
	}
	first, err := s.First()
	if err != nil || len(first.Errors) > 0 || len(first.Actions) != 10_000 {
		b.Fatalf("first plan: %v, %d actions, %d errors", err, len(first.Actions), len(first.Errors))
	}
	disp := &Lines{W: io.Discard, Dir: dir}
	printed := make(chan *Update, 1)
	w, err := New(Options{Root: dir, Skip: s.Skip, Ignore: s.Ignore, OnBatch: func(bt Batch) {
		u, err := s.Apply(bt)
		if err != nil {
			b.Error(err)
			return
		}
		if u != nil {
			disp.Plan(u)
			printed <- u
		}
	}})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	var total time.Duration
	i := 0
	for b.Loop() {
		path := paths[(i*7919)%len(paths)] // spread over the folders
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		edited := strings.Replace(string(data), "- script: >-\n      ", fmt.Sprintf("- script: >-\n      Save %d. ", i), 1)
		start := time.Now()
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case u := <-printed:
			if len(u.Files) != 1 || u.Files[0] != path || len(u.Actions) != 1 {
				b.Fatalf("save %d of %s re-planned %v: %d actions", i, path, u.Files, len(u.Actions))
			}
		case <-time.After(30 * time.Second):
			b.Fatalf("save %d: no re-plan in 30s", i)
		}
		total += time.Since(start)
		i++
	}
	b.ReportMetric(float64(total-time.Duration(i)*DefaultDebounce)/float64(i)/1e6, "ms-after-quiet/op")
}
