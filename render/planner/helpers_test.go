package planner

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/gentree"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
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
func renderedProject(t testing.TB, n int, seed uint64) string {
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

// project is a generated project and its planner.
type project struct {
	t   *testing.T
	dir string
	pl  *Planner
}

func newProject(t *testing.T, n int, seed uint64) *project {
	dir := renderedProject(t, n, seed)
	return &project{t: t, dir: dir, pl: New(dir, Options{})}
}

// path is the file at the slash path rel below the project.
func (p *project) path(rel string) string { return filepath.Join(p.dir, filepath.FromSlash(rel)) }

// full is the plan of every manifest, printed as reel plan prints it, or
// the errors it reports; it saves the snapshot, as reel plan does.
func (p *project) full() string {
	p.t.Helper()
	set, pl, err := p.pl.Full(nil)
	if err != nil {
		return failed(p.t, err, p.dir)
	}
	return printed(pl, set.Project.Config.Budget.MaxUSD)
}

// fromSnapshot is the plan from the snapshot, printed as reel plan prints
// it, and the form it took; or the reason it could not be given, and no
// plan.
func (p *project) fromSnapshot() (string, Form, *NeedFull) {
	p.t.Helper()
	c, err := p.pl.FromSnapshot()
	var need *NeedFull
	var edited *EditErrors
	switch {
	case errors.As(err, &need):
		return "", 0, need
	case errors.As(err, &edited):
		return failed(p.t, edited.Errors, p.dir), Replanned, nil
	case err != nil:
		p.t.Fatalf("from the snapshot: %v", err)
	}
	return printedCached(p.t, c), c.Form, nil
}

// printed is a full plan as reel plan shows it: the changes, then --all,
// then --json, and the budget the head keeps.
func printed(p *plan.Plan, budget *float64) string {
	var b bytes.Buffer
	plan.Print(&b, p, plan.Options{})
	b.WriteString("--all\n")
	plan.Print(&b, p, plan.Options{All: true})
	b.WriteString("--json\n")
	plan.WriteJSON(&b, p)
	b.WriteString(budgetText(budget))
	return b.String()
}

// printedCached is printed for a plan from the snapshot: its changes as
// reel plan lists them from the head and the actions with work to do.
func printedCached(t *testing.T, c *Cached) string {
	t.Helper()
	var b bytes.Buffer
	listed, err := c.Listed(false)
	if err != nil {
		t.Fatal(err)
	}
	plan.PrintHead(&b, listed, c.Head.Head, plan.Options{Sizes: c.Sizes})
	whole, err := c.Plan()
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("--all\n")
	plan.Print(&b, whole, plan.Options{All: true})
	b.WriteString("--json\n")
	plan.WriteJSON(&b, whole)
	b.WriteString(budgetText(c.Head.MaxUSD))
	return b.String()
}

func budgetText(max *float64) string {
	if max == nil {
		return "budget: none\n"
	}
	return "budget: " + strconv.FormatFloat(*max, 'f', -1, 64) + "\n"
}

// failed is an error as reel prints it, positions relative to dir.
func failed(t *testing.T, err error, dir string) string {
	t.Helper()
	var errs manifest.Errors
	if !errors.As(err, &errs) {
		return "error: " + err.Error()
	}
	var lines []string
	for _, x := range errs {
		lines = append(lines, x.Format(dir))
	}
	return "errors:\n" + strings.Join(lines, "\n")
}

func edit(t testing.TB, path, old, new string) {
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

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t testing.TB, path, text string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, string(data)+text)
}
