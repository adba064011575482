package manifest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestScaffoldInAProjectWritesNothing: reel init in a project adds no
// example manifest, schemas or .gitignore lines to it.
func TestScaffoldInAProjectWritesNothing(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ProjectFile), []byte("version: 1\n"))
	done, err := Scaffold(dir)
	var exists *ExistsError
	if !errors.As(err, &exists) || len(done.Written) > 0 {
		t.Fatalf("Scaffold in a project: %+v, %v; want nothing written and an ExistsError", done, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the project holds %d entries after Scaffold; want its reel.yaml alone", len(entries))
	}
}

// TestWriteSchemasRefusesAPlantedLink: a .reel/schema that is a symlink
// (a branch may commit one) is refused, and nothing is written where it
// points.
func TestWriteSchemasRefusesAPlantedLink(t *testing.T) {
	root, elsewhere := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".reel"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(root, SchemaDir)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := WriteSchemas(root); err == nil {
		t.Fatal("WriteSchemas through a symlinked .reel/schema succeeded")
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) > 0 {
		t.Errorf("WriteSchemas wrote %d files where the link points", len(entries))
	}
}
