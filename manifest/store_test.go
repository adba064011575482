package manifest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestStoreURLs: the store URLs a team writes load as written; the
// refused ones are in testdata/invalid (project-store-*).
func TestStoreURLs(t *testing.T) {
	for _, url := range []string{
		"s3://team-videos",
		"s3://team-videos/reel",
		"s3://team.videos/a/b/c/",
		"file:///mnt/team/reel-store",
		"file://localhost/srv/reel",
	} {
		dir := t.TempDir()
		yaml := "version: 1\nstore: " + url + "\n"
		if err := os.WriteFile(filepath.Join(dir, ProjectFile), []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := LoadProject(dir)
		if err != nil {
			t.Errorf("store: %s: %v", url, err)
			continue
		}
		if p.StoreURL() != url {
			t.Errorf("store: %s loads as %q", url, p.StoreURL())
		}
	}
}
