package render_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
)

// TestGarbage: what no manifest refers to any more (a deleted video's lock
// entry and output, a stray file) is listed, and removed on request; a
// live video's output and its sidecars never are.
func TestGarbage(t *testing.T) {
	t.Parallel()
	w := mixed(t)
	w.mustRender()
	out := filepath.Join(w.dir, "out")
	os.Remove(filepath.Join(w.dir, "videos", "pixel.yaml"))
	w.write("out/stray.mp4", "x")
	w.write("out/clip.srt", "1\n")
	w.write("out/.reel-download-123", "half")
	set := w.load()
	g, err := render.FindGarbage(set)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Entries, []string{"pixel"}) || !slices.Equal(g.Files, []string{"pixel.mp4", "stray.mp4"}) {
		t.Fatalf("garbage: entries %q, files %q; want pixel's entry, its output and the stray file", g.Entries, g.Files)
	}
	if _, err := g.Remove(set.Project); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.lock().Videos["pixel"]; ok {
		t.Error("pixel's entry is still in reel.lock")
	}
	for name, want := range map[string]bool{"pixel.mp4": false, "stray.mp4": false, "clip.mp4": true, "clip.srt": true, ".reel-download-123": true} {
		if _, err := os.Stat(filepath.Join(out, name)); (err == nil) != want {
			t.Errorf("out/%s: there %v, want %v", name, err == nil, want)
		}
	}
	if g, _ := render.FindGarbage(w.load()); !g.Empty() {
		t.Errorf("after removing: %+v; want nothing to collect", g)
	}
}

// TestStatus: reel status lists jobs in flight first, then by id, and
// tells an output on disk from a missing one.
func TestStatus(t *testing.T) {
	t.Parallel()
	w := mixed(t)
	w.mustRender()
	os.Remove(filepath.Join(w.dir, "out", "clip.mp4"))
	l := w.lock()
	l.Videos["studio"].State = lock.Pending
	rows := render.Status(filepath.Join(w.dir, "out"), l)
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, []string{"studio", "clip", "photo", "pixel"}) {
		t.Errorf("rows %q; want the job in flight first, then by id", ids)
	}
	if rows[1].OnDisk || !rows[2].OnDisk {
		t.Errorf("clip on disk %v, photo %v; want false, true", rows[1].OnDisk, rows[2].OnDisk)
	}
}
