package lock

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// These tests run the real git: the format's promise is about git's merge,
// not about a model of it.

type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T, attributes string) *repo {
	r := &repo{t, t.TempDir()}
	r.git("init", "-q", "-b", "main")
	l := New()
	for i := 1; i <= 5; i++ {
		l.Set(done(fmt.Sprintf("v/%d", i), fmt.Sprintf("old%d", i)))
	}
	// v/4 ends like a fresh intent does, so a new intent added after it
	// ends with the same line: the diff could slide either way.
	intent("v/4", "old4")(l)
	r.update(func(x *Lock) { *x = *l })
	if attributes != "" {
		os.WriteFile(filepath.Join(r.dir, ".gitattributes"), []byte(attributes), 0o644)
	}
	r.git("add", "-A")
	r.git("commit", "-q", "-m", "base")
	return r
}

func (r *repo) git(args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil && args[0] != "merge" {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), err
}

func (r *repo) path() string { return filepath.Join(r.dir, FileName) }

func (r *repo) update(fn func(*Lock)) {
	if _, err := Update(r.path(), func(l *Lock) error { fn(l); return nil }); err != nil {
		r.t.Fatal(err)
	}
}

// branch commits fn's change on a new branch off main.
func (r *repo) branch(name string, fn func(*Lock)) {
	r.git("checkout", "-q", "-b", name, "main")
	r.update(fn)
	r.git("commit", "-q", "-am", name)
}

// merge merges b into a and returns git's error, if any. algo is the
// diff algorithm (users and newer gits do not all use git's old default).
func (r *repo) merge(a, b, algo string) error {
	r.git("checkout", "-q", a)
	out, err := r.git("merge", "--no-edit", "-X", "diff-algorithm="+algo, b)
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
}

var algos = []string{"myers", "minimal", "patience", "histogram"}

func rerender(id, key string) func(*Lock) { return func(l *Lock) { l.Set(done(id, key)) } }

func intent(id, key string) func(*Lock) {
	return func(l *Lock) { l.Set(&Entry{ID: id, Key: renderKey(key), State: Pending, Provider: "heygen/v3"}) }
}

// TestGitMergeNeighbours: two branches change two videos that are next to
// each other in the file; plain git merge must take both, and so must a
// repository with `reel.lock merge=union`, every block's check intact.
func TestGitMergeNeighbours(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b func(*Lock)
	}{
		{"re-render 2 and 3", rerender("v/2", "new2"), rerender("v/3", "new3")},
		{"re-render 3 and 2", rerender("v/3", "new3"), rerender("v/2", "new2")},
		{"intent on 2, re-render 3", intent("v/2", "new2"), rerender("v/3", "new3")},
		{"re-render 2 twice, intent on 3", func(l *Lock) { rerender("v/2", "x")(l); rerender("v/2", "y")(l) }, intent("v/3", "new3")},
		{"gc 2, re-render 3", func(l *Lock) { l.Remove("v/2") }, rerender("v/3", "new3")},
		{"re-render 2, gc 3", rerender("v/2", "new2"), func(l *Lock) { l.Remove("v/3") }},
		{"add after 5, re-render 5", rerender("v/6", "new6"), rerender("v/5", "new5")},
		{"add between 2 and 3, re-render 3", rerender("v/2a", "new"), rerender("v/3", "new3")},
		{"add between 2 and 3, re-render 2", rerender("v/2a", "new"), rerender("v/2", "new2")},
		{"add between 2 and 3, intent on 2", rerender("v/2a", "new"), intent("v/2", "new2")},
		{"add intent after an intent, finish the first", intent("v/4a", "new"), rerender("v/4", "new4")},
		{"add intent after an intent, change the first", intent("v/4a", "new"), intent("v/4", "new4")},
		{"add in different places", rerender("v/1a", "new"), rerender("v/3a", "new")},
		{"first and last", rerender("v/1", "new1"), rerender("v/5", "new5")},
	} {
		for _, attr := range []string{"", unionAttr} {
			t.Run(tc.name+attrName(attr), func(t *testing.T) {
				t.Parallel()
				r := newRepo(t, attr)
				r.branch("a", tc.a)
				r.branch("b", tc.b)
				for _, algo := range algos {
					if err := r.merge("a", "b", algo); err != nil {
						t.Fatalf("git merge -X diff-algorithm=%s: %v", algo, err)
					}
					checkMerged(t, r, true, tc.a, tc.b)
					r.git("reset", "-q", "--hard", "a")
				}
			})
		}
	}
}

// unionAttr is the .gitattributes line reel init writes.
const unionAttr = FileName + " merge=union\n"

func attrName(attr string) string {
	if attr == "" {
		return ""
	}
	return " (merge=union)"
}

// checkMerged: the merged file is exactly what one writer doing both
// changes would have written.
// A union merge decodes to the right value but need not be canonical
// (its two new blocks touch); the next write fixes that.
func checkMerged(t *testing.T, r *repo, canonical bool, changes ...func(*Lock)) {
	t.Helper()
	data, _ := os.ReadFile(r.path())
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("merged lock: %v\n%s", err, data)
	}
	if !strings.Contains(string(data), "\nversion 2\n") || strings.Count(string(data), "\n\tcheck ") != len(got.Videos) {
		t.Fatalf("merged lock: want version 2, a check line per block (each read and found right):\n%s", data)
	}
	base, _ := r.git("show", "main:"+FileName)
	want, err := Decode([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		c(want)
	}
	if diff := cmp.Diff(want, got, sameLock); diff != "" {
		t.Errorf("merged lock (-want +got):\n%s\n%s", diff, data)
	}
	if enc, _ := Encode(want); canonical && string(enc) != string(data) {
		t.Errorf("merged bytes are not canonical:\n%s", data)
	}
}

// TestGitMergeSameGap is the format's limit. Two branches that each add a
// new video into the same gap (the same neighbours in sorted order, or
// both at the end) insert different lines at one place, and no line-based
// merge can order them: plain git merge conflicts, and the conflict
// markers make Decode fail with a positioned error, never a silent reset.
// With `reel.lock merge=union` in .gitattributes git keeps both blocks and
// the result decodes to both videos.
func TestGitMergeSameGap(t *testing.T) {
	for _, gap := range [][2]string{{"v/2a", "v/2b"}, {"v/6", "v/7"}} {
		t.Run("plain "+gap[0], func(t *testing.T) {
			r := newRepo(t, "")
			r.branch("a", rerender(gap[0], "newA"))
			r.branch("b", rerender(gap[1], "newB"))
			if err := r.merge("a", "b", "myers"); err == nil {
				t.Fatal("plain git merge of two adds in one gap succeeded: update the docs of this limit")
			}
			_, err := Read(r.path())
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), "unresolved git merge conflict") {
				t.Errorf("got %v, want a positioned merge-conflict error", err)
			}
		})
		// Two intents have every line but the first and the last alike.
		for name, add := range map[string]func(id, key string) func(*Lock){"union ": rerender, "union intents ": intent} {
			t.Run(name+gap[0], func(t *testing.T) {
				t.Parallel()
				r := newRepo(t, unionAttr)
				r.branch("a", add(gap[0], "newA"))
				r.branch("b", add(gap[1], "newB"))
				for _, algo := range algos {
					if err := r.merge("a", "b", algo); err != nil {
						t.Fatalf("git merge -X diff-algorithm=%s: %v", algo, err)
					}
					checkMerged(t, r, false, add(gap[0], "newA"), add(gap[1], "newB"))
					r.git("reset", "-q", "--hard", "a")
				}
			})
		}
	}
}

// TestGitMergeSameVideo: both branches re-render one video. That is a real
// conflict (two renders, one manifest); with or without merge=union the
// merged file must fail to decode, pointing at the line, so reel stops
// instead of guessing which render is current.
func TestGitMergeSameVideo(t *testing.T) {
	for _, attr := range []string{"", unionAttr} {
		r := newRepo(t, attr)
		r.branch("a", rerender("v/3", "newA"))
		r.branch("b", rerender("v/3", "newB"))
		mergeErr := r.merge("a", "b", "myers")
		_, err := Read(r.path())
		var pe *ParseError
		if !errors.As(err, &pe) {
			data, _ := os.ReadFile(r.path())
			t.Errorf("attributes %q: merge err %v; decoding the merge gave %v, want a ParseError:\n%s", attr, mergeErr, err, data)
		}
		t.Logf("attributes %q: %v", attr, err)
	}
}
