package snapshot

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestIndexCutWhileMapped: an index truncated while reel has it mapped
// (git replaces its index whole, but anyone may cut it) is refused like
// any damaged one, and does not crash the check.
func TestIndexCutWhileMapped(t *testing.T) {
	var entries []testEntry
	for i := range 2000 { // an index of many pages
		entries = append(entries, regular(strings.Repeat("d/", 20)+string(rune('a'+i%26))+strings.Repeat("x", i/26), uint32(i)))
	}
	path := filepath.Join(t.TempDir(), "index")
	if err := os.WriteFile(path, encodeIndex(2, sortedEntries(entries)), 0o644); err != nil {
		t.Fatal(err)
	}
	data, mtime, err := mapIndex(path)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(data)
	if err := os.Truncate(path, 2*4096); err != nil { // whole pages: the entries on them parse, the next faults
		t.Fatal(err)
	}
	if ix, err := parseMapped(data, mtime, nil); err != errGitIndex {
		t.Fatalf("an index cut while mapped: %v entries, err %v; want it refused", ix, err)
	}
}

// TestMappedIndexIsRead: an index read through its mapping holds its
// entries, their paths intact once the mapping is gone.
func TestMappedIndexIsRead(t *testing.T) {
	for _, version := range []uint32{2, 4} {
		want := sortedEntries([]testEntry{regular("a/b.yaml", 1), regular("a/c.yaml", 2), regular("z.yaml", 3)})
		path := filepath.Join(t.TempDir(), "index")
		if err := os.WriteFile(path, encodeIndex(version, want), 0o644); err != nil {
			t.Fatal(err)
		}
		ix, err := readGitIndex(path, nil)
		if err != nil {
			t.Fatalf("version %d: %v", version, err)
		}
		if len(ix.entries) != len(want) {
			t.Fatalf("version %d: %d entries, want %d", version, len(ix.entries), len(want))
		}
		for i, e := range ix.entries {
			if e.path != want[i].path || e.stat != want[i].stat {
				t.Errorf("version %d: entry %d is %q %+v, want %q %+v", version, i, e.path, e.stat, want[i].path, want[i].stat)
			}
		}
	}
}

// sortedEntries sorts entries by path, as git writes them.
func sortedEntries(entries []testEntry) []testEntry {
	slices.SortFunc(entries, func(a, b testEntry) int { return strings.Compare(a.path, b.path) })
	return entries
}
