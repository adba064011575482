package planner

import (
	"path/filepath"
	"testing"

	"github.com/reel-dev/reel/manifest"
)

// TestArgsSelect: a manifest is selected by its path, relative to the
// folder reel runs in or absolute (as a shell's completion or $PWD gives
// it), by a folder above it, or by its id; an argument nothing matched is
// named.
func TestArgsSelect(t *testing.T) {
	dir := t.TempDir()
	f := manifest.ManifestFile{Path: filepath.Join(dir, "videos", "shorts", "launch.yaml"), ID: "shorts/launch"}
	for _, arg := range []string{
		"videos/shorts/launch.yaml",
		filepath.Join(dir, "videos", "shorts", "launch.yaml"),
		"videos/shorts",
		filepath.Join(dir, "videos"),
		"shorts/launch",
		"shorts/launch@es",
	} {
		a := NewArgs(dir, []string{arg})
		if !a.File(f) {
			t.Errorf("%q does not select %s", arg, f.Path)
		}
		if err := a.Unmatched(); err != nil {
			t.Errorf("%q: %v", arg, err)
		}
	}
	a := NewArgs(dir, []string{"videos/social"})
	if a.File(f) || a.Unmatched() == nil {
		t.Error(`"videos/social" selects shorts/launch, or is not said to select nothing`)
	}
}
