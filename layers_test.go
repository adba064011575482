package main

import (
	"go/build"
	"slices"
	"testing"
)

// TestPlanningLayers: the imports DESIGN.md draws for planning hold. The
// CLI gets its plans from render/planner and never reads the snapshot
// itself; render carries a plan out and reads no planning input; the
// planner is beside render, not above it.
func TestPlanningLayers(t *testing.T) {
	const module = "github.com/reel-dev/reel/"
	for _, rule := range []struct{ dir, never string }{
		{".", "render/snapshot"},
		{"render", "render/snapshot"},
		{"render", "render/planner"},
		{"render/planner", "render"},
	} {
		pkg, err := build.Default.ImportDir(rule.dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(pkg.Imports, module+rule.never) {
			t.Errorf("%s imports %s", rule.dir, rule.never)
		}
	}
}
