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

// TestSnapshotPlanEqualsFullPlan: the no-op path prints exactly what a
// full plan prints, and any change to an input — a manifest edited, a
// manifest added in a new folder, an output deleted, reel.yaml edited —
// sends the next plan down the full path.
func TestSnapshotPlanEqualsFullPlan(t *testing.T) {
	t.Setenv("REEL_DEBUG", "snapshot")
	dir := renderedProject(t, 40, 3)
	plan := func(args ...string) (string, string) {
		out, errs, code := reelIn(t, dir, append([]string{"plan"}, args...)...)
		if code != 0 {
			t.Fatalf("plan %v: exit %d: %s", args, code, errs)
		}
		return out, errs
	}
	full, why := plan("--all")
	if !strings.Contains(why, "snapshot: no snapshot") {
		t.Fatalf("first plan: %q", why)
	}
	fast, why := plan("--all")
	if !strings.Contains(why, "snapshot: fresh") {
		t.Fatalf("second plan did not use the snapshot: %q", why)
	}
	if fast != full {
		t.Fatalf("the snapshot's plan differs:\nfull:\n%s\nsnapshot:\n%s", full, fast)
	}
	if out, _ := plan(); out != "Plan: 40 up to date. Nothing to pay.\n" {
		t.Fatalf("no-op: %q", out)
	}

	changes := []struct {
		name   string
		change func()
		want   string
	}{
		{"a manifest edited in place", func() {
			edit(t, filepath.Join(dir, "videos", "invoices", "en", "youtube-000", "v00000.yaml"), "20220820", "20220821")
		}, "~ render   invoices/en/youtube-000/v00000 "},
		{"a manifest added in a new folder", func() {
			write(t, filepath.Join(dir, "videos", "new", "clip.yaml"), "avatar: {id: a}\nscenes: [{script: New.}]\n")
		}, "+ create   new/clip"},
		{"an output deleted", func() {
			os.Remove(filepath.Join(dir, "out", "invoices", "en", "youtube-000", "v00001.mp4"))
		}, "↓ download invoices/en/youtube-000/v00001"},
		{"reel.yaml edited", func() {
			edit(t, filepath.Join(dir, "reel.yaml"), "#0A2540", "#0A2541")
		}, "to re-render"},
	}
	for _, c := range changes {
		c.change()
		got, why := plan()
		if !strings.Contains(why, "snapshot: changed: ") {
			t.Errorf("%s: the snapshot was not found stale: %q", c.name, why)
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: plan lacks %q:\n%s", c.name, c.want, got)
		}
		age(t, dir, time.Hour)
		plan() // a fresh snapshot of the new state
	}
}

// TestSnapshotIgnoresTouchedFiles: a checkout that rewrites every file
// with the same content changes mtimes only: the plan is still a no-op.
func TestSnapshotIgnoresTouchedFiles(t *testing.T) {
	t.Setenv("REEL_DEBUG", "snapshot")
	dir := renderedProject(t, 20, 4)
	reelIn(t, dir, "plan")
	age(t, dir, 30*time.Minute) // every mtime moves; no content does
	out, errs, code := reelIn(t, dir, "plan")
	if code != 0 || out != "Plan: 20 up to date. Nothing to pay.\n" {
		t.Fatalf("touched tree: exit %d, %q %s", code, out, errs)
	}
	if !strings.Contains(errs, "snapshot: fresh") {
		t.Errorf("touched files were not confirmed by content: %s", errs)
	}
	// and an edit of the same size is not taken for a touch
	edit(t, filepath.Join(dir, "reel.yaml"), "#0A2540", "#0A2541")
	age(t, dir, 10*time.Minute)
	if out, errs, _ := reelIn(t, dir, "plan"); strings.Contains(errs, "snapshot: fresh") || !strings.Contains(out, "to re-render") {
		t.Errorf("an edit hidden by an old mtime was missed: %s %s", out, errs)
	}
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
