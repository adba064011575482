package snapshot

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// projectFiles are the inputs of the test projects, by path.
var projectFiles = map[string]string{"reel.yaml": "version: 1\n", "videos/a.yaml": "aaa", "videos/b.yaml": "bbb"}

// recorded returns the snapshot a plan of dir's files would save, saved
// and loaded as the next plan loads it: every file read by the plan
// (Exact), an hour old.
func recorded(t *testing.T, dir string) *Snapshot {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	s := &Snapshot{Stamp: "s", Written: time.Now().UnixNano(), Head: []byte("{}")}
	for _, name := range slices.Sorted(maps.Keys(projectFiles)) {
		path := filepath.Join(dir, name)
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
		f, err := Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if f.SHA256, err = Sum(f); err != nil {
			t.Fatal(err)
		}
		f.Exact = true
		s.Files = append(s.Files, f)
	}
	return saved(t, dir, s)
}

// saved saves s and loads it back.
func saved(t testing.TB, dir string, s *Snapshot) *Snapshot {
	t.Helper()
	if err := Save(dir, s); err != nil {
		t.Fatal(err)
	}
	got := Load(dir)
	if got == nil {
		t.Fatal("the snapshot did not load")
	}
	return got
}

// freshCheckout does what a fresh clone or `git checkout` of the same
// commit does: every tracked file written anew (new inode, new mtime),
// and the index rewritten with their new stats. The index is dated a
// second on, so that none of its entries is racy.
func freshCheckout(t testing.TB, dir string) {
	t.Helper()
	for _, name := range strings.Fields(git(t, dir, "ls-files")) {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, "checkout-index", "-a", "-u")
	later := time.Now().Add(time.Second)
	ix := strings.TrimSpace(git(t, dir, "rev-parse", "--path-format=absolute", "--git-path", "index"))
	if err := os.Chtimes(ix, later, later); err != nil {
		t.Fatal(err)
	}
}

// replace gives the file at path new content through a new inode, as an
// editor that saves by rename does: whenever it happens, it never stats
// as the file it replaced.
func replace(t *testing.T, path, content string) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// rewriteAll rewrites every input with its own content, as a cache
// restore without git does, and dates it a minute ago.
func rewriteAll(t *testing.T, dir string) {
	t.Helper()
	when := time.Now().Add(-time.Minute)
	for name, content := range projectFiles {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, when, when)
	}
}

// index is the position in Files of the input named name.
func index(t *testing.T, s *Snapshot, dir, name string) int {
	t.Helper()
	for i, f := range s.Files {
		if f.Path == filepath.Join(dir, name) {
			return i
		}
	}
	t.Fatalf("%s is not an input", name)
	return -1
}

// TestTouchedCheckoutTrustsGit: after a fresh checkout of the same commit
// the inputs are confirmed unchanged; the first time by reading them,
// which learns their blob ids, then by git's index alone.
func TestTouchedCheckoutTrustsGit(t *testing.T) { bothWays(t, touchedCheckoutTrustsGit) }

func touchedCheckoutTrustsGit(t *testing.T) {
	dir := gitRepo(t, projectFiles)
	s := recorded(t, dir)
	freshCheckout(t, dir)
	c := s.Check("s", nil)
	if c.Unusable != Usable || len(c.Changed) != 0 || !c.Touched || c.Read != len(projectFiles) {
		t.Fatalf("first checkout: %+v", c)
	}
	readTheWayAsked(t, c)
	for _, f := range s.Files {
		rel, _ := filepath.Rel(dir, f.Path)
		if blob := strings.TrimSpace(git(t, dir, "rev-parse", ":"+rel)); f.Blob != blob {
			t.Errorf("%s: blob %q, git says %s", rel, f.Blob, blob)
		}
	}
	s = saved(t, dir, s)
	freshCheckout(t, dir)
	if c := s.Check("s", nil); c.Unusable != Usable || len(c.Changed) != 0 || c.Read != 0 {
		t.Fatalf("second checkout: %+v", c)
	}
}

// TestCheckoutOfAnEditIsAChange: a commit that changed a file's content,
// not its size, checked out: git's index holds another blob, so the file
// is read, and found changed; the others are not read.
func TestCheckoutOfAnEditIsAChange(t *testing.T) { bothWays(t, checkoutOfAnEditIsAChange) }

func checkoutOfAnEditIsAChange(t *testing.T) {
	dir := gitRepo(t, projectFiles)
	s := recorded(t, dir)
	freshCheckout(t, dir)
	s.Check("s", nil) // learns the blobs
	s = saved(t, dir, s)
	replace(t, filepath.Join(dir, "videos/b.yaml"), "BBB")
	git(t, dir, "commit", "-q", "-am", "b edited")
	freshCheckout(t, dir)
	c := s.Check("s", nil)
	if want := []int{index(t, s, dir, "videos/b.yaml")}; !reflect.DeepEqual(c.Changed, want) || c.Read != 0 {
		t.Fatalf("b's edit checked out: %+v, want changed %v and the others trusted", c, want)
	}
}

// TestEditAfterCheckoutIsAChange: a file edited after the checkout, same
// size, no longer stats as git recorded it: read, and found changed.
func TestEditAfterCheckoutIsAChange(t *testing.T) { bothWays(t, editAfterCheckoutIsAChange) }

func editAfterCheckoutIsAChange(t *testing.T) {
	dir := gitRepo(t, projectFiles)
	s := recorded(t, dir)
	freshCheckout(t, dir)
	s.Check("s", nil)
	s = saved(t, dir, s)
	freshCheckout(t, dir)
	replace(t, filepath.Join(dir, "videos/a.yaml"), "AAA")
	c := s.Check("s", nil)
	if want := []int{index(t, s, dir, "videos/a.yaml")}; !reflect.DeepEqual(c.Changed, want) || c.Read != 0 {
		t.Fatalf("a edited after the checkout: %+v, want changed %v and the others trusted", c, want)
	}
}

// TestTouchedTreeWithoutGit: outside a work tree, a tree rewritten with
// its own content is confirmed by reading every file; one whose content
// changed, size kept, is a change.
func TestTouchedTreeWithoutGit(t *testing.T) { bothWays(t, touchedTreeWithoutGit) }

func touchedTreeWithoutGit(t *testing.T) {
	dir := t.TempDir()
	for name, content := range projectFiles {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	s := recorded(t, dir)
	rewriteAll(t, dir)
	c := s.Check("s", nil)
	if c.Unusable != Usable || len(c.Changed) != 0 || !c.Touched || c.Read != len(projectFiles) {
		t.Fatalf("touched: %+v", c)
	}
	readTheWayAsked(t, c)
	for _, f := range s.Files {
		if f.Blob != "" {
			t.Errorf("%s: a blob id taken outside git", f.Path)
		}
	}
	s = saved(t, dir, s)
	rewriteAll(t, dir)
	os.WriteFile(filepath.Join(dir, "videos/b.yaml"), []byte("BBB"), 0o644)
	if c := s.Check("s", nil); !reflect.DeepEqual(c.Changed, []int{index(t, s, dir, "videos/b.yaml")}) {
		t.Fatalf("b edited: %+v", c)
	}
}

// TestGitWorktreeIsFound: a linked worktree's .git is a file naming its
// git folder; its index is read there.
func TestGitWorktreeIsFound(t *testing.T) {
	main := gitRepo(t, projectFiles)
	dir := filepath.Join(t.TempDir(), "wt")
	git(t, main, "worktree", "add", "-q", dir)
	s := recorded(t, dir)
	freshCheckout(t, dir)
	s.Check("s", nil)
	s = saved(t, dir, s)
	freshCheckout(t, dir)
	if c := s.Check("s", nil); len(c.Changed) != 0 || c.Read != 0 {
		t.Fatalf("in a worktree: %+v", c)
	}
}

// TestSHA256RepositoryIsNotTrusted: a repository naming its objects by
// SHA-256 is not read; its files are confirmed by content.
func TestSHA256RepositoryIsNotTrusted(t *testing.T) {
	dir := t.TempDir()
	git(t, dir, "init", "-q", "--object-format=sha256")
	for name, content := range projectFiles {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "files")
	if top, ix := loadGitIndex(dir, nil); ix != nil {
		t.Fatalf("the index of a sha256 repository was read (%s)", top)
	}
	s := recorded(t, dir)
	freshCheckout(t, dir)
	if c := s.Check("s", nil); len(c.Changed) != 0 || c.Read != len(projectFiles) {
		t.Fatalf("sha256 repository: %+v", c)
	}
}

// TestLearnBlobs: a full plan's snapshot learns the blob id of each input
// git tracks, so that the first check after a checkout reads none; an
// input edited since the plan read it learns none; an id the last
// snapshot recorded of the same content is taken from it.
func TestLearnBlobs(t *testing.T) {
	dir := gitRepo(t, projectFiles)
	s := recorded(t, dir)
	a, b := index(t, s, dir, "videos/a.yaml"), index(t, s, dir, "videos/b.yaml")
	prev := &Snapshot{Files: []File{s.Files[a]}}
	prev.Files[0].Blob = strings.Repeat("7", 40)
	replace(t, s.Files[b].Path, "BBB")
	LearnBlobs(dir, s, prev)
	if s.Files[a].Blob != prev.Files[0].Blob {
		t.Errorf("a's id from the last snapshot was not taken: %q", s.Files[a].Blob)
	}
	if s.Files[b].Blob != "" {
		t.Errorf("b, edited since it was read, learnt the id %s", s.Files[b].Blob)
	}
	yaml := index(t, s, dir, "reel.yaml")
	if want := strings.TrimSpace(git(t, dir, "rev-parse", ":reel.yaml")); s.Files[yaml].Blob != want {
		t.Errorf("reel.yaml: %q, git says %s", s.Files[yaml].Blob, want)
	}
	replace(t, s.Files[b].Path, "bbb")
	s.Files[a].Blob = ""
	LearnBlobs(dir, s, nil)
	s = saved(t, dir, s)
	freshCheckout(t, dir)
	if c := s.Check("s", nil); len(c.Changed) != 0 || c.Read != 0 {
		t.Fatalf("the first checkout after the plan: %+v", c)
	}
}
