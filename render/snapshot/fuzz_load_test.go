package snapshot

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/reel-dev/reel/internal/fuzzfs"
)

// realSnapshots are snapshot files as Save writes them: whole, then with
// a patch of a re-plan that changed a file and an action.
func realSnapshots(t testing.TB) [][]byte {
	root := t.TempDir()
	sha := "5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f"
	s := &Snapshot{Stamp: "e9591fc8af71272dcba4f52b3929c0d9", Written: 1795981533274653269, Head: []byte(`{"n":{"ok":2}}`),
		Files: []File{
			{Path: root + "/reel.yaml", Size: 120, Mtime: 1795977523912000559, SHA256: sha, Exact: true},
			{Path: root + "/videos", Dir: true, Mtime: 1795977523912000559, SHA256: sha},
			{Path: root + "/videos/a.yaml", Size: 300, Mtime: 1795977523912000559, SHA256: sha, Blob: sha[:40], Exact: true},
			{Path: root + "/out/a.mp4", Size: -1},
		}}
	if err := s.SetActions([]Action{
		{ID: "a", Kind: "ok", Output: "out/a.mp4", Lock: Span{Off: 0, Len: 240}, Data: `{"r":"up to date"}`},
		{ID: "b@es", Kind: "create", Data: `{"r":"new","pad":"` + string(bytes.Repeat([]byte("x"), 600)) + `"}`},
	}); err != nil {
		t.Fatal(err)
	}
	whole := saved(t, root, s)
	data, _ := os.ReadFile(Path(root))
	whole.Files[2].Mtime++
	whole.Files[2].asRead = false
	if err := whole.Splice([]int{0}, []Action{{ID: "a", Kind: "re-render", Output: "out/a.mp4", Data: `{}`}}); err != nil {
		t.Fatal(err)
	}
	whole.Head = []byte(`{"n":{"create":2}}`)
	if err := Save(root, whole); err != nil {
		t.Fatal(err)
	}
	patched, _ := os.ReadFile(Path(root))
	if len(patched) <= len(data) || !bytes.Equal(patched[:len(data)], data) {
		t.Fatal("the second save did not patch the first")
	}
	return [][]byte{data, patched}
}

// FuzzLoad: whatever bytes lie where the snapshot goes (a crash, a full
// disk, a hostile copy) are refused or read, within a bound of their size,
// and one that is read can be used: its actions read or fail, and saved
// again it reads back the same.
func FuzzLoad(f *testing.F) {
	for _, data := range realSnapshots(f) {
		f.Add(data)
		f.Add(data[:len(data)*2/3])
	}
	root := fuzzfs.Root(f)
	f.Fuzz(func(t *testing.T, data []byte) { loadsOrRefuses(t, root, data) })
}

// FuzzLoadSealed is FuzzLoad past the checksums: the fuzzer writes the
// lines and the file's lengths and sums are made to hold, as a forger
// (or an editor of the cache by hand) makes them.
func FuzzLoadSealed(f *testing.F) {
	f.Add("f\t3\t7\tx\t-\t-\t/p/a.yaml\nf\t0\t7\td\t-\t-\t/p/v\n", `{"n":1}`, "a\tv1\tok\t-\t0\t0\t{}\na\tv2\tok\to.mp4\t10\t20\t{}\n",
		"patch\t9\nf\t4\t8\tx\t-\t-\t/p/a.yaml\na\tv3\tnew\t-\t0\t0\t{}\n-\tv1\nhead\t{\"n\":2}\n")
	f.Add("", "", "", "")
	root := fuzzfs.Root(f)
	f.Fuzz(func(t *testing.T, files, head, actions, patch string) {
		var patches []string
		if patch != "" {
			patches = append(patches, patch)
		}
		loadsOrRefuses(t, root, sealed("s", files, head, actions, patches...))
	})
}

// loadsOrRefuses plants data as root's snapshot and checks that it is
// refused or read within bound(len(data)), and that a snapshot read is
// one reel can use and write back.
func loadsOrRefuses(t *testing.T, root string, data []byte) {
	plantSnapshot(t, root, data)
	var s *Snapshot
	if alloc := allocated(func() { s = LoadWatching(root, func() {}) }); alloc > bound(len(data)) {
		t.Fatalf("%d bytes allocated to load %d", alloc, len(data))
	}
	if s == nil {
		return
	}
	acts, err := s.Actions()
	if err != nil {
		return // a damaged actions part: the plan is made in full
	}
	for i := range acts.Len() {
		a, err := acts.At(i)
		if err == nil && (a.ID != acts.ID(i) || a.Kind != acts.Kind(i) || a.Output != acts.Output(i)) {
			t.Fatalf("action %d reads as %+v, its fields as %q %q %q", i, a, acts.ID(i), acts.Kind(i), acts.Output(i))
		}
	}
	if Save(root, s) != nil {
		return // a path or an id it cannot record: the next plan is made in full
	}
	again := LoadWatching(root, nil)
	if again == nil {
		t.Fatal("a snapshot read and saved did not read back")
	}
	sameSnapshot(t, s, acts, again)
}

// sameSnapshot fails t unless got holds what s and its actions held.
func sameSnapshot(t *testing.T, s *Snapshot, acts Actions, got *Snapshot) {
	if got.Stamp != s.Stamp || got.Written != s.Written || !bytes.Equal(got.Head, s.Head) {
		t.Fatalf("read back as %q %d %q, saved %q %d %q", got.Stamp, got.Written, got.Head, s.Stamp, s.Written, s.Head)
	}
	eq := func(a, b File) bool {
		return a.Path == b.Path && a.Size == b.Size && a.Mtime == b.Mtime && a.SHA256 == b.SHA256 && a.Blob == b.Blob &&
			a.Dir == b.Dir && a.Exact == b.Exact
	}
	if !slices.EqualFunc(got.Files, s.Files, eq) {
		t.Fatalf("files read back as %+v, saved %+v", got.Files, s.Files)
	}
	back, err := got.Actions()
	if err != nil || !slices.Equal(back.lines, acts.lines) {
		t.Fatalf("actions read back as %q (%v), saved %q", back.lines, err, acts.lines)
	}
}
