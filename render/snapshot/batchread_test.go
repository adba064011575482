package snapshot

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/uring"
)

// bothWays runs test with the inputs to confirm read in batches through
// io_uring, then one by one: the verdicts must be the same. The inputs
// are stated in batches through io_uring too, then, with the reads still
// batched, one by one (a check then starts its workers as without rings).
func bothWays(t *testing.T, test func(t *testing.T)) {
	for _, way := range []struct {
		name       string
		ring, stat bool
	}{{"io_uring", true, true}, {"io_uring reads, plain stats", true, false}, {"one by one", false, false}} {
		t.Run(way.name, func(t *testing.T) {
			defer func(ring, stat bool) { useUring, useUringStat = ring, stat }(useUring, useUringStat)
			useUring, useUringStat = way.ring, way.stat
			test(t)
		})
	}
}

// readTheWayAsked fails the test unless c's reads went the way bothWays
// asked: every one through io_uring (on Linux), or none.
func readTheWayAsked(t *testing.T, c Check) {
	t.Helper()
	want := 0
	if useUring && runtime.GOOS == "linux" {
		want = c.Read
	}
	if c.Batched != want {
		t.Errorf("%d of %d reads in batches, want %d", c.Batched, c.Read, want)
	}
}

// rewrittenTree writes n inputs of a few hundred bytes each, records them
// as a plan would, an hour ago, and rewrites each with its own content:
// every one must be read.
func rewrittenTree(t *testing.T, n int) (dir string, s *Snapshot) {
	t.Helper()
	dir = t.TempDir()
	old, now := time.Now().Add(-time.Hour), time.Now().Add(-time.Minute)
	s = &Snapshot{Stamp: "s", Written: time.Now().UnixNano(), Head: []byte("{}")}
	for i := range n {
		path := filepath.Join(dir, fmt.Sprintf("v%04d.yaml", i))
		content := []byte(fmt.Sprintf("title: %d\n%s", i, strings.Repeat("scenes: []\n", i%40)))
		os.WriteFile(path, content, 0o644)
		os.Chtimes(path, old, old)
		f, _ := Stat(path)
		f.SHA256, _ = Sum(f)
		f.Exact = true
		s.Files = append(s.Files, f)
		os.WriteFile(path, content, 0o644)
		os.Chtimes(path, now, now)
	}
	return dir, saved(t, dir, s)
}

// TestTouchedTreeOfManyBatches: more inputs than a batch, and than every
// check worker's first share, rewritten, a few of them edited: exactly
// the edited are changed, the first one found is reported as it is, and
// the rest are confirmed and their new mtimes recorded.
func TestTouchedTreeOfManyBatches(t *testing.T) { bothWays(t, touchedTreeOfManyBatches) }

func touchedTreeOfManyBatches(t *testing.T) {
	defer func(was int) { ringedShare = was }(ringedShare)
	ringedShare = share // several workers, each with its ring, as a large project has
	n := runtime.GOMAXPROCS(0)*4*ringBatch + 3*ringBatch + 7
	_, s := rewrittenTree(t, n)
	edited := []int{5, ringBatch + 1, n/2 + 3, n - 1}
	for _, i := range edited {
		data, _ := os.ReadFile(s.Files[i].Path)
		data[0] = 'T' // same size
		os.WriteFile(s.Files[i].Path, data, 0o644)
	}
	first := -1
	c := s.Check("s", func(i int) { first = i })
	if !reflect.DeepEqual(c.Changed, edited) || !c.Touched || c.Read != n-len(edited) {
		t.Fatalf("%d rewritten, %v edited: changed %v, touched %v, read %d", n, edited, c.Changed, c.Touched, c.Read)
	}
	readTheWayAsked(t, c)
	if !contains(edited, first) {
		t.Errorf("the first change reported was %d, not one of %v", first, edited)
	}
	for i, f := range s.Files {
		if now, _ := Stat(f.Path); !contains(edited, i) && f.Mtime != now.Mtime {
			t.Fatalf("%s: the new mtime was not recorded", f.Path)
		}
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestLargeInputIsReadOneByOne: an input too large to read whole through
// the ring is read as before, in pieces, and confirmed.
func TestLargeInputIsReadOneByOne(t *testing.T) { bothWays(t, largeInputIsReadOneByOne) }

func largeInputIsReadOneByOne(t *testing.T) {
	dir := t.TempDir()
	big := file(t, dir, "big.png", strings.Repeat("p", uring.MaxRead+10), time.Hour)
	small := file(t, dir, "a.yaml", "aaa", time.Hour)
	big.Exact, small.Exact = true, true
	for _, f := range []File{big, small} {
		d, _ := os.ReadFile(f.Path)
		os.WriteFile(f.Path, d, 0o644)
		when := time.Now().Add(-time.Minute)
		os.Chtimes(f.Path, when, when)
	}
	s := &Snapshot{Stamp: "s", Written: time.Now().UnixNano(), Files: []File{big, small}}
	c := s.Check("s", nil)
	if len(c.Changed) != 0 || c.Read != 2 {
		t.Fatalf("a large and a small input rewritten: %+v", c)
	}
	if want := map[bool]int{true: 1, false: 0}[useUring && runtime.GOOS == "linux"]; c.Batched != want {
		t.Errorf("%d read through io_uring, want %d (the small one)", c.Batched, want)
	}
}
