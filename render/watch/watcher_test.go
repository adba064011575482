package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// These tests feed the watcher the events fsnotify would send, on a real
// folder, with a fake clock: what a batch holds, and when, without
// waiting out a single quiet period.

// fakeSource records watches, refusing those under full with ENOSPC as a
// system at its inotify limit does.
type fakeSource struct {
	mu      sync.Mutex
	watched map[string]bool
	full    string
}

func (s *fakeSource) Add(dir string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.full != "" && within(s.full, dir) {
		return syscall.ENOSPC
	}
	s.watched[dir] = true
	return nil
}

func (s *fakeSource) Remove(dir string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.watched, dir)
	return nil
}

type harness struct {
	t       *testing.T
	root    string
	w       *Watcher
	clock   *fakeClock
	src     *fakeSource
	batches []Batch
	notices []string
}

func newHarness(t *testing.T, full string, files ...string) *harness {
	t.Helper()
	h := &harness{t: t, root: t.TempDir(), clock: newFakeClock(), src: &fakeSource{watched: map[string]bool{}}}
	for _, f := range files {
		h.write(f, "first "+f)
	}
	if full != "" {
		h.src.full = h.abs(full)
	}
	h.w = newWatcher(Options{
		Root:     h.root,
		Skip:     func(dir string) bool { return dir == h.abs("out") },
		Ignore:   func(path string) bool { return path == h.abs("reel.lock") },
		Clock:    h.clock,
		OnBatch:  func(b Batch) { h.batches = append(h.batches, b) },
		OnNotice: func(s string) { h.notices = append(h.notices, s) },
	}, h.src)
	h.w.mu.Lock()
	h.w.addTree(h.root, false)
	h.w.mu.Unlock()
	return h
}

func (h *harness) abs(rel string) string { return filepath.Join(h.root, filepath.FromSlash(rel)) }

func (h *harness) write(rel, content string) {
	h.t.Helper()
	if err := os.MkdirAll(filepath.Dir(h.abs(rel)), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(h.abs(rel), []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// event delivers what fsnotify would report for rel.
func (h *harness) event(op fsnotify.Op, rel string) {
	h.w.handle(fsnotify.Event{Name: h.abs(rel), Op: op})
}

// quiet lets the quiet period pass and returns the batches it produced.
func (h *harness) quiet() []Batch {
	h.clock.Advance(DefaultDebounce)
	got := h.batches
	h.batches = nil
	return got
}

// rel lists a batch as "+changed -removed" relative paths.
func (h *harness) rel(bs []Batch) string {
	var out []string
	for _, b := range bs {
		var s []string
		for _, p := range b.Changed {
			r, _ := filepath.Rel(h.root, p)
			s = append(s, "+"+filepath.ToSlash(r))
		}
		for _, p := range b.Removed {
			r, _ := filepath.Rel(h.root, p)
			s = append(s, "-"+filepath.ToSlash(r))
		}
		out = append(out, strings.Join(s, " "))
	}
	return strings.Join(out, " | ")
}

func (h *harness) expect(want string) {
	h.t.Helper()
	if got := h.rel(h.quiet()); got != want {
		h.t.Errorf("batches %q, want %q", got, want)
	}
}

func TestDebounceWaitsForQuiet(t *testing.T) {
	h := newHarness(t, "", "videos/a.yaml")
	h.write("videos/a.yaml", "second")
	h.event(fsnotify.Write, "videos/a.yaml")
	h.clock.Advance(DefaultDebounce - time.Millisecond)
	h.write("videos/a.yaml", "third")
	h.event(fsnotify.Write, "videos/a.yaml") // restarts the quiet period
	h.clock.Advance(DefaultDebounce - time.Millisecond)
	if len(h.batches) != 0 {
		t.Fatalf("a batch before the quiet period ended: %s", h.rel(h.batches))
	}
	h.clock.Advance(time.Millisecond)
	if got := h.rel(h.batches); got != "+videos/a.yaml" {
		t.Fatalf("batches %q, want one with videos/a.yaml", got)
	}
}

func TestSameContentIsNoChange(t *testing.T) {
	h := newHarness(t, "", "videos/a.yaml")
	now := time.Now().Add(time.Hour)
	os.Chtimes(h.abs("videos/a.yaml"), now, now) // touch
	h.event(fsnotify.Chmod, "videos/a.yaml")
	h.expect("")
	h.write("videos/a.yaml", "first videos/a.yaml") // saved as it was
	h.event(fsnotify.Write, "videos/a.yaml")
	h.expect("")
}

func TestEditorSaves(t *testing.T) {
	h := newHarness(t, "", "videos/a.yaml", "videos/b.yaml")
	// vim: swap file, the 4913 probe, a backup, then a rename over the file
	h.write("videos/.a.yaml.swp", "swap")
	h.event(fsnotify.Create, "videos/.a.yaml.swp")
	h.write("videos/4913", "")
	h.event(fsnotify.Create, "videos/4913")
	h.write("videos/a.yaml~", "first")
	h.event(fsnotify.Create, "videos/a.yaml~")
	if h.clock.pending() != 0 {
		t.Errorf("temp files started a quiet period")
	}
	h.write("videos/a.yaml.new", "renamed")
	h.event(fsnotify.Create, "videos/a.yaml.new")
	os.Rename(h.abs("videos/a.yaml.new"), h.abs("videos/a.yaml"))
	h.event(fsnotify.Rename, "videos/a.yaml.new")
	h.event(fsnotify.Create, "videos/a.yaml")
	h.expect("+videos/a.yaml")

	// sed -i: a temp file written and renamed over the original
	h.write("videos/sedX1b2c3", "sed")
	h.event(fsnotify.Create, "videos/sedX1b2c3")
	os.Rename(h.abs("videos/sedX1b2c3"), h.abs("videos/b.yaml"))
	h.event(fsnotify.Rename, "videos/sedX1b2c3")
	h.event(fsnotify.Create, "videos/b.yaml")
	h.expect("+videos/b.yaml")

	// delete and re-create in one quiet period: a change; delete: removed
	os.Remove(h.abs("videos/a.yaml"))
	h.event(fsnotify.Remove, "videos/a.yaml")
	h.write("videos/a.yaml", "again")
	h.event(fsnotify.Create, "videos/a.yaml")
	h.expect("+videos/a.yaml")
	os.Remove(h.abs("videos/a.yaml"))
	h.event(fsnotify.Remove, "videos/a.yaml")
	h.expect("-videos/a.yaml")
}

func TestNewAndRemovedFolders(t *testing.T) {
	h := newHarness(t, "", "videos/a.yaml")
	// mkdir -p and a file written before the folder's watch began
	h.write("videos/new/deep/n.yaml", "new")
	h.event(fsnotify.Create, "videos/new")
	if !h.src.watched[h.abs("videos/new/deep")] {
		t.Errorf("a new folder's subfolder is not watched: %v", h.src.watched)
	}
	h.expect("+videos/new/deep/n.yaml")
	os.RemoveAll(h.abs("videos/new"))
	h.event(fsnotify.Remove, "videos/new")
	h.expect("-videos/new/deep/n.yaml")
	if h.src.watched[h.abs("videos/new")] || h.src.watched[h.abs("videos/new/deep")] {
		t.Errorf("a removed folder is still watched: %v", h.src.watched)
	}
}

func TestReelsOwnWritesAreIgnored(t *testing.T) {
	h := newHarness(t, "", "videos/a.yaml")
	h.write("out/a.mp4", "video")
	h.event(fsnotify.Create, "out")
	h.write("reel.lock", "lock")
	h.event(fsnotify.Write, "reel.lock")
	h.write(".reel.lock.tmp-123", "lock")
	h.event(fsnotify.Create, ".reel.lock.tmp-123")
	h.write(".reel/cache/plan", "cache")
	h.event(fsnotify.Create, ".reel")
	h.write("videos/.reel-download-9", "part")
	h.event(fsnotify.Create, "videos/.reel-download-9")
	h.expect("")
	if h.src.watched[h.abs("out")] || h.src.watched[h.abs(".reel")] {
		t.Errorf("reel's own folders are watched: %v", h.src.watched)
	}
}

func TestBurstIsOneBatch(t *testing.T) {
	h := newHarness(t, "")
	var want []string
	for i := range 200 {
		rel := fmt.Sprintf("videos/burst/b%03d.yaml", i)
		h.write(rel, rel)
		if i == 0 {
			h.event(fsnotify.Create, "videos/burst") // the folder, then its files
		}
		h.event(fsnotify.Create, rel)
		h.event(fsnotify.Write, rel)
		want = append(want, "+"+rel)
	}
	if got, w := h.rel(h.quiet()), strings.Join(want, " "); got != w {
		t.Errorf("one batch of 200 files expected; got %.200s…", got)
	}
}

// An overflow of the kernel's queue: events were lost, so everything is
// compared, and the changes nobody reported are found.
func TestOverflowRescans(t *testing.T) {
	h := newHarness(t, "", "videos/a.yaml", "videos/b.yaml", "videos/c.yaml")
	h.write("videos/b.yaml", "changed unseen")
	os.Remove(h.abs("videos/c.yaml"))
	h.write("videos/d/new.yaml", "new unseen")
	h.w.handleError(fsnotify.ErrEventOverflow)
	bs := h.quiet()
	if got := h.rel(bs); got != "+videos/b.yaml +videos/d/new.yaml -videos/c.yaml" || !bs[0].Rescan {
		t.Errorf("after an overflow: %q (rescan %v)", got, len(bs) > 0 && bs[0].Rescan)
	}
	if len(h.notices) != 1 || !strings.Contains(h.notices[0], "rescanning") {
		t.Errorf("notices %q, want one saying it rescans", h.notices)
	}
	if !h.src.watched[h.abs("videos/d")] {
		t.Errorf("a folder found by the rescan is not watched")
	}
}

// At the watch limit the folders left over are polled: a change there is
// found, after a notice, and is not missed.
func TestWatchLimitPolls(t *testing.T) {
	h := newHarness(t, "videos/full", "videos/a.yaml", "videos/full/f.yaml", "videos/full/sub/g.yaml")
	if len(h.notices) != 1 || !strings.Contains(h.notices[0], "max_user_watches") {
		t.Fatalf("notices %q, want one naming the limit", h.notices)
	}
	h.write("videos/full/f.yaml", "changed, no event")
	os.Remove(h.abs("videos/full/sub/g.yaml"))
	h.write("videos/full/sub/h.yaml", "new, no event")
	h.clock.Advance(DefaultPoll)
	h.expect("+videos/full/f.yaml +videos/full/sub/h.yaml -videos/full/sub/g.yaml")
	h.clock.Advance(DefaultPoll) // nothing changed since
	h.expect("")
	if len(h.notices) != 1 {
		t.Errorf("the limit was noticed %d times; want once: %q", len(h.notices), h.notices)
	}
	// the limit lifted: the folders are watched again and polling stops
	h.src.full = ""
	h.clock.Advance(DefaultPoll)
	h.quiet()
	if !h.src.watched[h.abs("videos/full")] || !h.src.watched[h.abs("videos/full/sub")] || len(h.w.over) != 0 {
		t.Errorf("after the limit lifted: watched %v, still polled %v", h.src.watched, h.w.over)
	}
	if n := h.clock.pending(); n != 0 {
		t.Errorf("%d timers left after polling stopped", n)
	}
}

func TestTempName(t *testing.T) {
	for _, n := range []string{".a.yaml.swp", ".a.yaml.swx", "a.yaml~", ".#a.yaml", "#a.yaml#", "4913", "a.tmp", "A.TMP", "a.yaml___jb_tmp___", ".reel-download-123", ".reel.lock.tmp-9"} {
		if !TempName(n) {
			t.Errorf("%s is not taken for a temp file", n)
		}
	}
	for _, n := range []string{"a.yaml", "reel.yaml", "4913.yaml", "#", "swp.yaml", ".draft.yaml"} {
		if TempName(n) {
			t.Errorf("%s is taken for a temp file", n)
		}
	}
}
