package main

import (
	"fmt"
	"os"
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
func (e *env) renderTests(pos []string, f renderFlags) int {
	e.test = true
	f.offline = true
	if !f.dryRun {
		unlock, code := e.lockRun(f.wait)
		if code != exitOK {
			return code
		}
		defer unlock()
	}
	set, p, code := e.planRender(pos, f)
	if code != exitOK || set == nil {
		return code
	}
	if f.dryRun || !p.Pending() {
		return exitOK
	}
	if err := os.MkdirAll(set.Project.Root, 0o755); err != nil {
		return e.fail(err)
	}
	code = e.execute(set, p, f)
	fmt.Fprintf(e.textOut(), "Test renders are in %s: watermarked, and never recorded in reel.lock.\n", e.rel(set.Project.OutputDir))
	return code
}
