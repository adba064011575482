package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/gentree"
)

// age sets every file and folder under dir to a time well in the past, so
// no snapshot taken afterwards finds anything "racy". It makes reel's cache
// folder first: creating it later would change the project folder's mtime.
func age(t testing.TB, dir string, ago time.Duration) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, ".reel", "cache"), 0o755); err != nil {
		t.Fatal(err)
	}
	when := time.Now().Add(-ago)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(path, when, when)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// renderedProject generates a project of n manifests from seed, marks it
// rendered and ages every file, so that no snapshot finds anything racy.
func renderedProject(t *testing.T, n int, seed uint64) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := gentree.Write(dir, gentree.Options{Videos: n, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	if err := gentree.MarkRendered(dir); err != nil {
		t.Fatal(err)
	}
	age(t, dir, time.Hour)
	return dir
}

// reelIn runs reel in-process in dir and returns stdout, stderr and the
// exit code. REEL_DEBUG=snapshot says which path the plan took.
func reelIn(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	code := run(append([]string{"-C", dir}, args...), &out, &errb)
	checkJSON(t, args, out.String(), code)
	return out.String(), errb.String(), code
}

// TestPlanPrintsEachFormAsFull: reel plan prints what a full plan prints
// (stdout, stderr and exit code) whichever form the planner gave, and
// REEL_DEBUG=snapshot names the form: the forms themselves are the
// planner's tests (render/planner).
func TestPlanPrintsEachFormAsFull(t *testing.T) {
	t.Setenv("REEL_DEBUG", "snapshot")
	dir := renderedProject(t, 12, 5)
	one := filepath.Join(dir, "videos", "invoices", "en", "youtube-000", "v00001.yaml")
	for _, step := range []struct {
		name, debug string
		change      func()
	}{
		{"no snapshot", "snapshot: no snapshot\n", func() {}},
		{"fresh", "snapshot: fresh: the plan is read from it\n", func() {}},
		{"touched", "snapshot: fresh: the plan is read from it (touched files confirmed by content)\n", func() { age(t, dir, 30*time.Minute) }},
		{"re-planned", "snapshot: changed: " + one + "; re-planned the edited manifests only\n", func() { edit(t, one, "script: >-\n      ", "script: >-\n      Now ") }},
		{"re-planned with errors", "snapshot: changed: " + one + "; re-planned the edited manifests only\n", func() { edit(t, one, "captions: sidecar", "captions: sidecars") }},
		{"a full plan", "snapshot: changed: " + filepath.Join(dir, "reel.yaml") + "; reel.yaml changed\n", func() { edit(t, filepath.Join(dir, "reel.yaml"), "#0A2540", "#0A2541") }},
	} {
		step.change()
		out, why, code := reelIn(t, dir, "plan")
		if !strings.HasPrefix(why, step.debug) {
			t.Errorf("%s: REEL_DEBUG=snapshot printed %q, want %q first", step.name, why, step.debug)
		}
		fullOut, fullWhy, fullCode := reelIn(t, dir, "plan", "--revalidate")
		if out != fullOut || stripDebug(why) != fullWhy || code != fullCode {
			t.Errorf("%s: reel plan printed (exit %d)\n%s%s\nfull (exit %d):\n%s%s", step.name, code, out, why, fullCode, fullOut, fullWhy)
		}
	}
}

// stripDebug drops the REEL_DEBUG lines, which say which form was taken.
func stripDebug(stderr string) string {
	var keep []string
	for _, l := range strings.SplitAfter(stderr, "\n") {
		if !strings.HasPrefix(l, "snapshot: ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s lacks %q", path, old)
	}
	write(t, path, strings.Replace(string(data), old, new, 1))
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSnapshotSaysOverBudget: plan says that reel render would refuse the
// estimate however the plan was made (a full load, read from the
// snapshot, a re-plan of one edited manifest) and stops once reel.yaml
// raises the budget. The snapshot keeps the budget, so the fast paths
// need not read reel.yaml for it.
func TestSnapshotSaysOverBudget(t *testing.T) {
	t.Setenv("REEL_DEBUG", "snapshot")
	dir := renderedProject(t, 20, 6)
	project := filepath.Join(dir, "reel.yaml")
	data, _ := os.ReadFile(project)
	write(t, project, string(data)+"pricing: {sandbox: {usd_per_video: 2}}\nbudget: {max_usd: 1}\n")
	age(t, dir, time.Hour)
	edit1 := filepath.Join(dir, "videos", "invoices", "en", "youtube-000", "v00000.yaml")
	const over = "Over budget: the estimate $2.00 is more than budget.max_usd $1.00; reel render would refuse it.\n"
	for _, step := range []struct {
		name, path string
		change     func()
		wantOver   bool
	}{
		{"full plan", "snapshot: no snapshot", func() { edit(t, edit1, "20220820", "20220821") }, true},
		{"from the snapshot", "snapshot: fresh", func() {}, true},
		{"a re-plan", "re-planned the edited manifests only", func() { edit(t, edit1, "20220821", "20220822") }, true},
		{"budget raised", "snapshot: changed: " + project, func() { edit(t, project, "max_usd: 1}", "max_usd: 3}") }, false},
	} {
		step.change()
		age(t, dir, time.Hour)
		out, why, _ := reelIn(t, dir, "plan")
		if !strings.Contains(why, step.path) {
			t.Errorf("%s: took another path: %q", step.name, why)
		}
		if got := strings.HasSuffix(out, over); got != step.wantOver {
			t.Errorf("%s: over budget said %v, want %v:\n%s", step.name, got, step.wantOver, out)
		}
	}
}
