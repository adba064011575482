package manifest

import (
	"os"
	"path/filepath"
	"sync"
)

// outputDirs remembers, for one load, where output folders really are: the
// videos of a project share a few hundred folders, and resolving links
// costs a stat per path component, which for 10,000 videos was a tenth of
// a full load.
type outputDirs struct {
	once sync.Once
	root string   // output_dir with its links resolved; "" while it does not exist
	real sync.Map // a video's output folder → its nearest existing ancestor, links resolved
}

// rootReal is output_dir with its links resolved, or "" when it does not
// exist yet.
func (o *outputDirs) rootReal(outDir string) string {
	o.once.Do(func() { o.root, _ = filepath.EvalSymlinks(outDir) })
	return o.root
}

// realDir resolves dir (below outDir) as far as it exists: a folder not
// created yet cannot be a link, its nearest existing ancestor can.
func (o *outputDirs) realDir(outDir, dir string) (string, bool) {
	if r, ok := o.real.Load(dir); ok {
		return r.(string), r.(string) != ""
	}
	d := dir
	for ; d != outDir && len(d) > len(outDir); d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
	}
	real, err := filepath.EvalSymlinks(d)
	if err != nil {
		real = ""
	}
	o.real.Store(dir, real)
	return real, real != ""
}
