package snapshot

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestFilesPartReadInChunks: a snapshot whose files part spans several
// chunks, lines cut at every chunk's end, reads back whole, every path
// and hash as saved; a line longer than a chunk is not one reel wrote,
// and the snapshot is not used.
func TestFilesPartReadInChunks(t *testing.T) {
	root := t.TempDir()
	s := bigSnapshot(root)
	if err := Save(root, s); err != nil {
		t.Fatal(err)
	}
	got := Load(root)
	if got == nil {
		t.Fatal("a snapshot of 21,000 files, several chunks long, did not read")
	}
	want := plain(s)
	if !reflect.DeepEqual(plain(got).Files, want.Files) || string(got.Head) != string(want.Head) {
		t.Fatal("the files read in chunks are not those saved")
	}

	long := &Snapshot{Stamp: s.Stamp, Head: s.Head, Files: []File{{Path: filepath.Join(root, strings.Repeat("x", partChunk)), Size: 1, SHA256: strings.Repeat("ab", 32)}}}
	long.SetActions(nil)
	if err := Save(root, long); err != nil {
		t.Fatal(err)
	}
	if Load(root) != nil {
		t.Error("a file line longer than a chunk was read")
	}
}
