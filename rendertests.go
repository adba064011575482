package main

import (
	"fmt"
	"os"

	"github.com/reel-dev/reel/render"
)

// testUsage is render --test's flag help.
const testUsage = "render free, watermarked test renders in the API's own test mode into .reel/tests/, never recorded in reel.lock"

// renderTests is reel render --test: each selected video rendered in its
// API's test mode, free and watermarked, under a render key of its own.
// Test renders keep a reel.lock and outputs of their own in .reel/tests/
// (see planner.TestsDir), so they resume and are kept as renders are, and
// are never the video's render: the project's reel.lock and output_dir
// are untouched. The store, which keeps renders, is left out. A video
// whose API has no test mode is an error at its provider, before anything
// is sent.
func (e *env) renderTests(args []string, o *renderOptions) error {
	e.test = true
	e.offline = true
	if !o.dryRun {
		unlock, err := render.LockProject(e.dir, o.wait)
		if err != nil {
			return err
		}
		defer unlock()
	}
	set, p, err := e.planRender(args, o)
	if err != nil || o.dryRun || !p.Pending() {
		return err
	}
	if err := os.MkdirAll(set.Project.Root, 0o755); err != nil {
		return err
	}
	err = e.execute(set, p, o)
	fmt.Fprintf(e.textOut(), "Test renders are in %s: watermarked, and never recorded in reel.lock.\n", e.rel(set.Project.OutputDir))
	return err
}
