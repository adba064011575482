package planner

import (
	"path/filepath"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider/registry"
)

// TestsDir is where test renders (Options.Test) are kept, below the
// project root: a reel.lock and outputs of their own, so that a test
// render is never recorded as a video's render in the project's
// reel.lock, nor written where its output goes, and a rerun resumes or
// keeps it as a render is.
func TestsDir(root string) string { return filepath.Join(root, ".reel", "tests") }

// forTests is the project p as test renders see it: rooted in its tests
// folder, whose reel.lock records them, with their outputs in its out
// folder.
func forTests(p *manifest.Project) *manifest.Project {
	t := *p
	t.Root = TestsDir(p.Root)
	t.OutputDir = filepath.Join(t.Root, "out")
	return &t
}

// stateRoot is the folder whose reel.lock a plan reads: the project's
// root, or its tests folder for test renders.
func (pl *Planner) stateRoot(root string) string {
	if pl.opt.Test && root != "" {
		return TestsDir(root)
	}
	return root
}

// testHint says which APIs have a test mode, for a video whose API has
// none.
func testHint() string {
	return "test renders are free on " + strings.Join(registry.TestModes(), " or ") + " only; run without --test to render it for real"
}
