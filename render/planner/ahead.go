package planner

import (
	"path/filepath"
	"sync"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/snapshot"
	"github.com/reel-dev/reel/schema"
)

// lookahead is the work a plan after an edit needs, done from the moment
// the check finds the edited input, while the other inputs are checked:
// the video schema compiled, as whichever form follows validates
// manifests; the snapshot's action lines (one per video) split; reel.yaml
// loaded; and if the input is a manifest, it is loaded and its videos
// planned, as a re-plan of it alone does. It runs in the check's worker
// that found the edit (see snapshot.Check), when every access to the
// snapshot is a read.
type lookahead struct {
	root string
	opts manifest.Options // as the global flags say
	// measured is the planner's Options.Measured: the edited videos'
	// estimates take the lengths the full plan's would.
	measured func(root string) (Measure, string)

	once  sync.Once
	acts  snapshot.Actions
	err   error // of the actions
	p     *manifest.Project
	pErr  error
	first *manifest.FileSet // the first edited input's load, if a manifest
	edits *edits            // its videos' plan
}

// do does the work, once; first is the index in s.Files of the edited
// input found first. It must not run beside a write to s.Files.
func (a *lookahead) do(s *snapshot.Snapshot, first int) {
	a.once.Do(func() {
		f := s.Files[first]
		passed, _ := s.Lookup(filepath.Join(a.root, manifest.ProjectFile))
		schema.Warm()
		a.acts, a.err = s.Actions()
		// reel.yaml as the snapshot read it passed the schema then (or
		// there would be no snapshot), under the same build: the stamp
		// says so
		if a.p, a.pErr = manifest.LoadValidatedProject(a.root, passed.SHA256); a.pErr != nil {
			return
		}
		mf, ok := a.p.Match(f.Path)
		if !ok || f.Dir || a.err != nil {
			return
		}
		a.first = &manifest.LoadFiles(a.p, []manifest.ManifestFile{mf}, a.opts)[0]
		a.edits = planEdits(a.root, s, a.p, a.acts, []manifest.FileSet{*a.first}, a.measured)
	})
}

// loadFiles is manifest.LoadFiles, reusing the load of the manifest done
// ahead.
func (a *lookahead) loadFiles(p *manifest.Project, files []manifest.ManifestFile) []manifest.FileSet {
	sets := make([]manifest.FileSet, len(files))
	var rest []manifest.ManifestFile
	var at []int // where each of rest goes in sets
	for i, f := range files {
		if a.first != nil && f == a.first.File {
			sets[i] = *a.first
			continue
		}
		rest, at = append(rest, f), append(at, i)
	}
	for j, set := range manifest.LoadFiles(p, rest, a.opts) {
		sets[at[j]] = set
	}
	return sets
}
