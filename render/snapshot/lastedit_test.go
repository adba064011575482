package snapshot

import (
	"os"
	"strings"
	"testing"
	"time"
)

// A plan that loads the snapshot hears of a file the last patch recorded,
// changed since, before the snapshot is decoded.
func TestLoadWatchingSaysEditedAgain(t *testing.T) {
	root := t.TempDir()
	a := file(t, root, "a.yaml", "aaa", time.Hour)
	b := file(t, root, "b.yaml", "bbb", time.Hour)
	s := &Snapshot{Stamp: "s", Written: 10, Head: []byte(`{}`), Files: []File{a, b}}
	s.SetActions([]Action{{ID: "a", Kind: "ok", Data: strings.Repeat("x", 2000)}}) // room for a patch
	if err := Save(root, s); err != nil {
		t.Fatal(err)
	}
	l := Load(root)
	l.Files[0] = file(t, root, "a.yaml", "edited", 2*time.Hour) // as a re-plan records it
	// after the file lines, a video whose id ends as a patch line starts
	if err := l.Splice(nil, []Action{{ID: "fixes/patch", Kind: "create", Data: "{}"}}); err != nil {
		t.Fatal(err)
	}
	if err := Save(root, l); err != nil {
		t.Fatal(err)
	}
	file(t, root, "b.yaml", "b, not in the patch", time.Minute)
	heard := 0
	load := func() *Snapshot { return LoadWatching(root, func() { heard++ }) }
	if s := load(); s == nil || heard != 0 {
		t.Fatalf("a file as the patch recorded it was heard of as changed (%d), or the snapshot did not load", heard)
	}
	file(t, root, "a.yaml", "edited again", time.Minute)
	if s := load(); s == nil || heard != 1 {
		t.Fatalf("a file edited again was heard of %d times", heard)
	}
	data, _ := os.ReadFile(Path(root))
	os.WriteFile(Path(root), data[:len(data)/2], 0o644) // no patch left
	load()
	if heard != 1 {
		t.Fatal("a snapshot without a patch said a file changed")
	}
}
