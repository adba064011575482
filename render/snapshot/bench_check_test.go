package snapshot

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The check benchmarks load a snapshot of 10,000 manifests of 1.5 kB in
// 1,000 folders and check it, as every plan begins:
//
//	go test -run '^$' -bench 'Check.*10k' -benchtime 10x ./render/snapshot/
//
// Unchanged: nothing moved. Rewritten: every file was rewritten with its
// own content, outside git: each is read, in batches through io_uring
// (RewrittenOneByOne: one by one, as where the system has none). Checkout: the same, after a
// fresh git checkout that recorded the files' stats in git's index: the
// index vouches for them. Each iteration checks a fresh load of the same
// snapshot, which still holds the mtimes from before, as the next plan
// after a checkout finds it.

func BenchmarkCheckUnchanged10k(b *testing.B) { benchCheck(b, "unchanged") }
func BenchmarkCheckRewritten10k(b *testing.B) { benchCheck(b, "rewritten") }
func BenchmarkCheckCheckout10k(b *testing.B)  { benchCheck(b, "checkout") }

func BenchmarkCheckRewrittenOneByOne10k(b *testing.B) {
	defer func(was bool) { useUring = was }(useUring)
	useUring = false
	benchCheck(b, "rewritten")
}

func benchCheck(b *testing.B, form string) {
	dir, want := checkTree(b, form, 10_000)
	for b.Loop() {
		s := Load(dir)
		c := s.Check("s", nil)
		if c.Unusable != Usable || len(c.Changed) != 0 || c.Read != want {
			b.Fatalf("%s: %+v, want %d read", form, c, want)
		}
	}
}

// checkTree writes the tree of n manifests and its snapshot, and returns
// how many files each check should read.
func checkTree(b *testing.B, form string, n int) (string, int) {
	b.Helper()
	dir := b.TempDir()
	old := time.Now().Add(-time.Hour)
	var paths []string
	for i := range n {
		path := filepath.Join(dir, "videos", fmt.Sprintf("f%03d", i/10), fmt.Sprintf("v%05d.yaml", i))
		paths = append(paths, path)
		os.MkdirAll(filepath.Dir(path), 0o755)
		content := fmt.Sprintf("title: Video %d\n", i) + strings.Repeat("scenes:\n  - script: Hello there.\n", 45)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if form == "checkout" {
		git(b, dir, "init", "-q")
		git(b, dir, "add", "-A")
		git(b, dir, "commit", "-q", "-m", "tree")
	}
	s := &Snapshot{Stamp: "s", Written: time.Now().UnixNano(), Head: []byte("{}")}
	for _, path := range paths {
		os.Chtimes(path, old, old)
		f, _ := Stat(path)
		f.SHA256, _ = Sum(f)
		f.Exact = true
		s.Files = append(s.Files, f)
	}
	s = saved(b, dir, s)
	switch form {
	case "unchanged":
		return dir, 0
	case "rewritten":
		for _, path := range paths {
			data, _ := os.ReadFile(path)
			os.WriteFile(path, data, 0o644)
			os.Chtimes(path, old.Add(time.Minute), old.Add(time.Minute))
		}
		return dir, len(paths)
	}
	freshCheckout(b, dir)
	s.Check("s", nil) // learns the blobs
	for i := range s.Files {
		s.Files[i].Mtime, s.Files[i].asRead = old.UnixNano(), false
	}
	saved(b, dir, s)
	return dir, 0
}
