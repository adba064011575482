package gentree

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestNinjaHash: the hash ninja 1.11.1 wrote in its own .ninja_log for the
// command of one edge, so that ninja takes the generated log as its own.
func TestNinjaHash(t *testing.T) {
	if got := NinjaHash("touch stamps/videos/a/v1.stamp"); got != 0xaec6cb9a80c4eec2 {
		t.Errorf("NinjaHash = %x; ninja wrote aec6cb9a80c4eec2", got)
	}
}

// TestNinjaTree: one edge, stamp and log line per manifest, the stamps
// dated as asked.
func TestNinjaTree(t *testing.T) {
	dir := t.TempDir()
	paths, err := Write(dir, Options{Videos: 30, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := WriteNinja(dir, paths, at); err != nil {
		t.Fatal(err)
	}
	build, _ := os.ReadFile(filepath.Join(dir, "build.ninja"))
	log, _ := os.ReadFile(filepath.Join(dir, ".ninja_log"))
	if n := countLines(build); n != 2+30 {
		t.Errorf("build.ninja has %d lines; want the rule's 2 and 30 edges", n)
	}
	if n := countLines(log); n != 1+30 {
		t.Errorf(".ninja_log has %d lines; want its header and 30 entries", n)
	}
	st, err := os.Stat(filepath.Join(dir, "stamps", "videos", "invoices", "en", "youtube-000", "v00000.stamp"))
	if err != nil || !st.ModTime().Equal(at) {
		t.Errorf("stamp: %v, %v; want one dated %v", st, err, at)
	}
}

// TestCheckout: every file of the project keeps its content and gets the
// new time; outputs and reel's cache are left alone, as git leaves them.
func TestCheckout(t *testing.T) {
	dir := t.TempDir()
	paths, err := Write(dir, Options{Videos: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out", "x.mp4")
	cache := filepath.Join(dir, ".reel", "cache", "snapshot")
	for _, p := range []string{out, cache} {
		if err := write(p, "kept"); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := Age(dir, old); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(paths[7])
	at := old.Add(time.Minute)
	if err := Checkout(dir, at); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(paths[7])
	if string(after) != string(before) {
		t.Errorf("a manifest's content changed")
	}
	for p, want := range map[string]time.Time{paths[7]: at, filepath.Dir(paths[7]): at, filepath.Join(dir, "reel.yaml"): at, out: old, cache: old} {
		if st, err := os.Stat(p); err != nil || !st.ModTime().Equal(want) {
			t.Errorf("%s: modified %v (%v); want %v", p, st.ModTime(), err, want)
		}
	}
}

func countLines(b []byte) int {
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}
