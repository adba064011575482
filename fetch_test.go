//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/lock"
)

// TestFetchExitCodes: 0 when every missing output was fetched or none is
// missing, 3 when some were, 1 when none was.
func TestFetchExitCodes(t *testing.T) {
	t.Parallel()
	p := newFakeProject(t, true)
	out := func(rel string) string { return filepath.Join(p.dir, "out", filepath.FromSlash(rel)) }
	if stdout, stderr, code := p.detached("render", "--provider", "sandbox", "--poll", "50ms"); code != exitOK {
		t.Fatalf("render in the sandbox: exit %d\n%s%s", code, stdout, stderr)
	}
	if stdout, stderr, code := p.detached("render", "--provider", "heygen", "--poll", "50ms", "social/teaser"); code != exitOK {
		t.Fatalf("render social/teaser at HeyGen: exit %d\n%s%s", code, stdout, stderr)
	}
	fetch := func(want int, wantOut string, args ...string) {
		t.Helper()
		stdout, stderr, code := p.detached(append([]string{"fetch"}, args...)...)
		if code != want || !strings.Contains(stdout, wantOut) {
			t.Errorf("reel fetch %s: exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, wantOut, stdout, stderr)
		}
	}
	fetch(exitOK, "Nothing to fetch")
	os.Remove(out("explainer.mp4"))
	fetch(exitOK, "Fetched 1 of 1 missing output.")

	// the sandbox forgets its jobs: HeyGen's output is fetched, not the sandbox's
	os.RemoveAll(filepath.Join(p.cache(), "reel", "sandbox"))
	os.Remove(out("explainer.mp4"))
	os.Remove(out("social/teaser.mp4"))
	fetch(exitPartial, "Fetched 1 of 2 missing outputs; 1 failed.")
	fetch(exitError, "Fetched 0 of 1 missing output; 1 failed.", "explainer")
	fetch(exitOK, "Nothing to fetch", "social/teaser")
	if n := p.creates(); n != 1 {
		t.Errorf("%d creates at HeyGen, want the one render", n)
	}
}

// TestFetchOneDownloadPerOutput: two lock entries that record one output
// (a renamed manifest leaves its old id until reel gc) are one download
// when they are one file, and none when they are not.
func TestFetchOneDownloadPerOutput(t *testing.T) {
	t.Parallel()
	p := newFakeProject(t, true)
	if stdout, stderr, code := p.detached("render", "--provider", "sandbox", "--poll", "50ms"); code != exitOK {
		t.Fatalf("render in the sandbox: exit %d\n%s%s", code, stdout, stderr)
	}
	lockFile := filepath.Join(p.dir, lock.FileName)
	alias := func(sha string) {
		t.Helper()
		_, err := lock.Update(lockFile, func(l *lock.Lock) error {
			e := *l.Videos["explainer"]
			e.ID, e.History = "old/explainer", nil
			if sha != "" {
				e.SHA256 = sha
			}
			l.Set(&e)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	explainer := filepath.Join(p.dir, "out", "explainer.mp4")

	alias("")
	os.Remove(explainer)
	stdout, stderr, code := p.detached("fetch")
	if code != exitOK || !strings.Contains(stdout, "Fetched 1 of 1 missing output.") {
		t.Errorf("one file under two ids: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	alias(strings.Repeat("0", 64))
	os.Remove(explainer)
	stdout, stderr, code = p.detached("fetch")
	if code != exitError || strings.Count(stderr, "as the output of 2 videos") != 2 {
		t.Errorf("two files under one output: exit %d, want 1 naming both\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(explainer); err == nil {
		t.Error("one of two different files was fetched to their one output")
	}
}
