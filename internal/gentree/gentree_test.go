package gentree

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestTreeIsReproducibleAndRealistic: the same seed writes the same bytes,
// manifests are 1–2 KB in about one folder per ten.
func TestTreeIsReproducibleAndRealistic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	pa, err := Write(a, Options{Videos: 200, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(b, Options{Videos: 200, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	dirs := map[string]bool{}
	for _, p := range pa {
		da, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(a, p)
		db, _ := os.ReadFile(filepath.Join(b, rel))
		if !bytes.Equal(da, db) {
			t.Fatalf("%s differs between two runs with one seed", rel)
		}
		if len(da) < 900 || len(da) > 2200 {
			t.Errorf("%s is %d bytes; want about 1–2 KB", rel, len(da))
		}
		dirs[filepath.Dir(p)] = true
	}
	if len(dirs) != 20 {
		t.Errorf("%d folders for 200 videos; want 20", len(dirs))
	}
}
