package planner

import (
	"path/filepath"
	"sort"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
)

// KnownIDs lists the video ids of the project at dir or above it quickly,
// for shell completion: those of its last plan (variants included) and
// those its manifest files' paths give, without reading a manifest.
func KnownIDs(dir string) []string {
	root, err := manifest.Find(dir)
	if err != nil {
		return nil
	}
	ids := map[string]bool{}
	for _, id := range LastIDs(root) {
		ids[id] = true
	}
	if p, err := manifest.LoadProject(root); err == nil {
		files, _ := p.Manifests()
		for _, f := range files {
			ids[f.ID] = true
		}
	}
	return sortedKeys(ids)
}

// LockedIDs lists the videos the reel.lock of the project at dir or above
// it records.
func LockedIDs(dir string) []string {
	root, err := manifest.Find(dir)
	if err != nil {
		return nil
	}
	l, err := lock.Read(filepath.Join(root, lock.FileName))
	if err != nil {
		return nil
	}
	ids := map[string]bool{}
	for id := range l.Videos {
		ids[id] = true
	}
	return sortedKeys(ids)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
