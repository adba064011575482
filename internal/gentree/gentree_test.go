package gentree

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider/registry"
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

// TestRowsTree: with Rows, the tree has a manifest with rows whose every
// row makes a valid video, beside the same manifests as without.
func TestRowsTree(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, Options{Videos: 10, Seed: 7, Rows: 300}); err != nil {
		t.Fatal(err)
	}
	p, err := manifest.LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, err := manifest.Load(p, manifest.Options{Providers: registry.Manifest()})
	if err != nil || len(set.Errors) > 0 {
		t.Fatalf("%v %v", err, set.Errors)
	}
	if len(set.Videos) != 310 || set.Videos[0].ID != "customers/welcome@c00000" {
		t.Errorf("%d videos, the first %s", len(set.Videos), set.Videos[0].ID)
	}
	plain := t.TempDir()
	Write(plain, Options{Videos: 10, Seed: 7})
	one, _ := os.ReadFile(filepath.Join(dir, "videos", "invoices", "en", "youtube-000", "v00003.yaml"))
	two, _ := os.ReadFile(filepath.Join(plain, "videos", "invoices", "en", "youtube-000", "v00003.yaml"))
	if !bytes.Equal(one, two) {
		t.Errorf("rows changed the other manifests")
	}
}
