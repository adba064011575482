package lock_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-dev/reel/render/lock"
)

func TestOutputPathKeepsLockOutputsInOutputDir(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	out := filepath.Join(root, "out")
	if err := os.MkdirAll(filepath.Join(out, "shorts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(out, "up")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("shorts", filepath.Join(out, "alias")); err != nil {
		t.Fatal(err)
	}
	for rel, ok := range map[string]bool{
		"explainer.mp4":        true,
		"shorts/launch@es.mp4": true,
		"new/folder/clip.webm": true,
		"alias/launch.mp4":     true, // a link that stays inside
		"":                     false,
		"../escaped.mp4":       false,
		"shorts/../../x.mp4":   false,
		"/etc/x.mp4":           false,
		"up/x.mp4":             false,
		"up/new/x.mp4":         false,
		"notes.txt":            false,
		"bell\a.mp4":           false,
		`dos\x.mp4`:            false,
	} {
		path, err := lock.OutputPath(out, rel)
		if (err == nil) != ok {
			t.Errorf("OutputPath(%q) = %q, %v; want ok %v", rel, path, err, ok)
		}
		if ok && path != filepath.Join(out, filepath.FromSlash(rel)) {
			t.Errorf("OutputPath(%q) = %q", rel, path)
		}
	}
	// before the first render there is no output_dir: nothing can be a link
	if _, err := lock.OutputPath(filepath.Join(root, "none"), "a/b.mp4"); err != nil {
		t.Errorf("no output_dir yet: %v", err)
	}
}
