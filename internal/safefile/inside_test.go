//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReadStampIn: a project's file is read itself or through a symlink
// that stays in the project (also by way of another symlink); a symlink
// that leads out, directly or by a second link, is refused with an
// *OutsideError naming where it points; a dangling one is not found.
func TestReadStampIn(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	mustWrite(t, filepath.Join(root, "a.yaml"), "inside")
	mustWrite(t, filepath.Join(outside, "secret.yaml"), "outside")
	links := map[string]string{
		"in.yaml":       "a.yaml",
		"in2.yaml":      "in.yaml",
		"out.yaml":      filepath.Join(outside, "secret.yaml"),
		"up.yaml":       "../" + filepath.Base(outside) + "/secret.yaml",
		"viaout.yaml":   "out.yaml",
		"dangling.yaml": "nothing.yaml",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"a.yaml", "in.yaml", "in2.yaml"} {
		data, _, err := ReadStampIn(root, filepath.Join(root, name), YAML)
		if err != nil || string(data) != "inside" {
			t.Errorf("%s: %q, %v; want the file read", name, data, err)
		}
	}
	for _, name := range []string{"out.yaml", "up.yaml", "viaout.yaml"} {
		data, _, err := ReadStampIn(root, filepath.Join(root, name), YAML)
		var out *OutsideError
		if !errors.As(err, &out) || out.Target != links[name] || data != nil {
			t.Errorf("%s: %q, %v; want an OutsideError naming %s", name, data, err, links[name])
		}
	}
	if _, _, err := ReadStampIn(root, filepath.Join(root, "dangling.yaml"), YAML); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("dangling: %v, want not found", err)
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadStampInRelative: a relative root and path (reel -C . with a
// manifest named from the folder reel runs in) are judged as the absolute
// ones are.
func TestReadStampInRelative(t *testing.T) {
	root := t.TempDir()
	mustWrite(t, filepath.Join(root, "a.yaml"), "inside")
	if err := os.Symlink("a.yaml", filepath.Join(root, "in.yaml")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	for _, r := range []string{".", root} {
		if data, _, err := ReadStampIn(r, "in.yaml", YAML); err != nil || string(data) != "inside" {
			t.Errorf("root %s: %q, %v; want the file read", r, data, err)
		}
	}
}
