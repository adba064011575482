package snapshot

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// bigSnapshot is a snapshot of 10,000 manifests, their outputs and 1,000
// folders, as a plan of the generated scale project records it.
func bigSnapshot(root string) *Snapshot {
	s := &Snapshot{Stamp: "e9591fc8af71272dcba4f52b3929c0d9", Written: 1795981533274653269, Head: []byte(`{"n":{"ok":10000},"t":{"seconds":0,"credits":0,"usd":0}}`)}
	sha := strings.Repeat("5f", 32)
	var acts []Action
	for i := range 10_000 {
		dir := fmt.Sprintf("%s/videos/product%d/locale%d/channel-%03d", root, i%10, i/10%10, i/10)
		s.Files = append(s.Files,
			File{Path: fmt.Sprintf("%s/v%05d.yaml", dir, i), Size: 1500, Mtime: 1795977523912000559, SHA256: sha, Exact: true},
			File{Path: fmt.Sprintf("%s/out/v%05d.mp4", root, i), Size: 20, Mtime: 1795977523912000559, SHA256: sha, Exact: true})
		if i%10 == 0 {
			s.Files = append(s.Files, File{Path: dir, Dir: true, Mtime: 1795977523912000559, SHA256: sha, Exact: true})
		}
		id := fmt.Sprintf("product%d/locale%d/channel-%03d/v%05d", i%10, i/10%10, i/10, i)
		acts = append(acts, Action{ID: id, Kind: "ok", Output: id + ".mp4", Lock: Span{Off: int64(i) * 2500, Len: 2400},
			Data: `{"r":"up to date","y":"` + sha + `","$":{"seconds":0,"credits":0,"usd":0}}`})
	}
	// sorted, as a plan saves them: an unsorted snapshot's patch would
	// list nearly every action as removed and added again
	slices.SortFunc(s.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(acts, func(a, b Action) int { return strings.Compare(a.ID, b.ID) })
	s.SetActions(acts)
	return s
}

// BenchmarkSnapshotLoad10k: reading the snapshot, the first step of every
// plan.
func BenchmarkSnapshotLoad10k(b *testing.B) {
	root := b.TempDir()
	if err := Save(root, bigSnapshot(root)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if LoadWatching(root, func() {}) == nil { // as a plan loads it
			b.Fatal("not loaded")
		}
	}
}

// BenchmarkSnapshotSaveOneChanged10k: saving it after one manifest was
// re-planned: one file line and one action line written anew, as a patch.
func BenchmarkSnapshotSaveOneChanged10k(b *testing.B) {
	root := b.TempDir()
	if err := Save(root, bigSnapshot(root)); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	for n := range b.N {
		s := Load(root) // untimed, as is the re-plan
		s.Files[5].Mtime, s.Files[5].asRead = int64(n), false
		acts, _ := s.Actions()
		a, _ := acts.At(7)
		a.Data = fmt.Sprintf(`{"r":"changed %d"}`, n)
		if err := s.Splice([]int{7}, []Action{a}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := Save(root, s); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
	}
}

// BenchmarkSnapshotActions10k: splitting the actions of a loaded
// snapshot, with a patch to apply, as a re-plan does.
func BenchmarkSnapshotActions10k(b *testing.B) {
	root := b.TempDir()
	s := bigSnapshot(root)
	if err := Save(root, s); err != nil {
		b.Fatal(err)
	}
	s = Load(root)
	acts, _ := s.Actions()
	a, _ := acts.At(7)
	a.Data = `{"r":"changed"}`
	s.Splice([]int{7}, []Action{a})
	if err := Save(root, s); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	for range b.N {
		s := Load(root)
		b.StartTimer()
		if _, err := s.Actions(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
	}
}

// BenchmarkSnapshotSaveTouched10k: saving it after a checkout touched
// every file: too much for a patch, so the whole of it is written again.
func BenchmarkSnapshotSaveTouched10k(b *testing.B) {
	root := b.TempDir()
	if err := Save(root, bigSnapshot(root)); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	for n := range b.N {
		s := Load(root) // untimed, as is the check
		for i := range s.Files {
			s.Files[i].Mtime, s.Files[i].asRead = int64(n), false
		}
		b.StartTimer()
		if err := Save(root, s); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
	}
}
