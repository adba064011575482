package planner

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
)

// recorded is a rendered project of n videos, and what its lock records.
func recorded(t *testing.T, n int) (string, *manifest.Project, *lock.Lock) {
	t.Helper()
	dir := renderedProject(t, n, 7)
	p, l, err := Recorded(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, p, l
}

// TestFetchIDs: no argument names every video of the lock; an id names its
// video, a folder its manifests' videos; an argument that names none is an
// error that quotes it.
func TestFetchIDs(t *testing.T) {
	dir, p, l := recorded(t, 12)
	all, err := FetchIDs(p, l, dir, nil)
	if err != nil || len(all) != len(l.Videos) || !slices.IsSorted(all) {
		t.Fatalf("FetchIDs(no arguments) = %d ids (sorted %v), %v; want the lock's %d, sorted", len(all), slices.IsSorted(all), err, len(l.Videos))
	}
	one, err := FetchIDs(p, l, dir, []string{all[3]})
	if err != nil || !slices.Equal(one, []string{all[3]}) {
		t.Errorf("FetchIDs(%q) = %q, %v", all[3], one, err)
	}
	byFile, err := FetchIDs(p, l, dir, []string{manifestOf(t, p, all[0])})
	if err != nil || !slices.Contains(byFile, all[0]) {
		t.Errorf("FetchIDs(the manifest of %s) = %q, %v; want it among them", all[0], byFile, err)
	}
	if _, err := FetchIDs(p, l, dir, []string{"no/such/video"}); err == nil || !strings.Contains(err.Error(), `"no/such/video"`) {
		t.Errorf("FetchIDs(no/such/video): %v; want an error that quotes it", err)
	}
}

// manifestOf is the path of the manifest that makes the video id.
func manifestOf(t *testing.T, p *manifest.Project, id string) string {
	t.Helper()
	files, err := p.Manifests()
	if err != nil {
		t.Fatal(err)
	}
	base, _, _ := strings.Cut(id, "@")
	for _, f := range files {
		if f.ID == base {
			return f.Path
		}
	}
	t.Fatalf("no manifest makes %s", id)
	return ""
}

// TestMissingOutputs: an output removed or changed is fetched; one the
// lock records out of output_dir is failed, never looked at; a video with
// no finished render is passed over, said to be only when named.
func TestMissingOutputs(t *testing.T) {
	dir, p, l := recorded(t, 8)
	ids, _ := FetchIDs(p, l, dir, nil)
	if r := MissingOutputs(p, l, ids, false); len(r.Missing)+len(r.Failed)+len(r.Unfinished) != 0 {
		t.Fatalf("a project as rendered: %+v; want nothing to fetch", r)
	}
	out := func(id string) string { return filepath.Join(p.OutputDir, filepath.FromSlash(l.Videos[id].Output)) }
	os.Remove(out(ids[0]))
	os.WriteFile(out(ids[1]), []byte("\x00\x00\x00\x18ftypmp42 another"), 0o644)
	l.Videos[ids[2]].Output = "../outside.mp4"
	l.Videos[ids[3]].State = lock.Pending
	r := MissingOutputs(p, l, ids, false)
	var missing []string
	for _, m := range r.Missing {
		missing = append(missing, m.ID)
	}
	if !slices.Equal(missing, ids[:2]) {
		t.Errorf("missing %q; want the removed and the changed output, %q", missing, ids[:2])
	}
	if len(r.Failed) != 1 || r.Failed[ids[2]] == nil || !strings.Contains(r.Failed[ids[2]].Error(), "leaves output_dir") {
		t.Errorf("failed %v; want %s, whose output leaves output_dir", r.Failed, ids[2])
	}
	if len(r.Unfinished) != 0 {
		t.Errorf("unfinished %v, though no video was named", r.Unfinished)
	}
	if r := MissingOutputs(p, l, ids[3:4], true); len(r.Unfinished) != 1 || !strings.Contains(r.Unfinished[0].Error(), "run reel render "+ids[3]) {
		t.Errorf("a pending video named: %v; want it said to have no finished render", r.Unfinished)
	}
}

// TestOneDownloadPerOutput: two entries that record one output are one
// download when they are one file, and are both failed when they are not.
func TestOneDownloadPerOutput(t *testing.T) {
	dir, p, l := recorded(t, 4)
	ids, _ := FetchIDs(p, l, dir, nil)
	alias := *l.Videos[ids[0]]
	alias.ID = "old/" + ids[0]
	l.Videos[alias.ID] = &alias
	os.Remove(filepath.Join(p.OutputDir, filepath.FromSlash(alias.Output)))
	both := []string{ids[0], alias.ID}
	if r := MissingOutputs(p, l, both, false); len(r.Missing) != 1 || len(r.Failed) != 0 {
		t.Errorf("one file under two ids: %+v; want one download", r)
	}
	alias.SHA256 = strings.Repeat("0", 64)
	r := MissingOutputs(p, l, both, false)
	if len(r.Missing) != 0 || len(r.Failed) != 2 || !strings.Contains(r.Failed[ids[0]].Error(), "as the output of 2 videos") {
		t.Errorf("two files under one output: %+v; want both failed, saying so", r)
	}
}
