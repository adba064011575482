package planner

import (
	"os"
	"path/filepath"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
)

// Selection is the part of the project a plan is asked for: the
// command line's manifest paths and video ids.
type Selection interface {
	// File reports whether the manifest is asked for: only those load.
	File(manifest.ManifestFile) bool
	// Narrow keeps the loaded videos asked for, or says which argument
	// selected nothing.
	Narrow(*manifest.Set) error
}

// Full loads the videos (all, or those sel asks for; nil for all), reads
// the lock and plans. A plan of the whole project is saved as a snapshot
// for the next no-op; output hashes of the last snapshot are reused where
// the files still stat the same. Manifest errors are a manifest.Errors.
func (pl *Planner) Full(sel Selection) (*manifest.Set, *plan.Plan, error) {
	start := time.Now()
	found, err := manifest.Find(pl.dir)
	if err == nil && sel == nil && !pl.opt.Test {
		// reel's cache folder is made before the walk lists the root: made
		// after it, by the save, the next plan would take it for a change
		os.MkdirAll(filepath.Dir(snapshot.Path(found)), 0o755)
	}
	lockRead := readLockAhead(pl.stateRoot(found))
	set, err := pl.Load(sel)
	if err != nil {
		return nil, nil, err
	}
	var prev *snapshot.Snapshot
	if pl.opt.Test {
		set.Project = forTests(set.Project)
	} else {
		prev = snapshot.Load(set.Project.Root)
	}
	outs := NewOutputs(set.Project.OutputDir, prev)
	ix, err := lockRead(set.Project.Root)
	if err != nil {
		return nil, nil, err
	}
	p, err := plan.Make(set.Videos, ix.Lock, pl.prices(set.Project), outs.Stat)
	if err != nil {
		return nil, nil, err
	}
	if sel != nil || pl.opt.Test {
		p.DropOrphans() // a partial plan cannot tell an orphan from an unselected video
	} else {
		pl.save(set, outs, p, ix, start)
	}
	return set, p, nil
}

// Load finds the project and loads the manifests sel asks for (all when
// nil). A project that does not load is an error (a manifest.Errors when
// reel.yaml has mistakes); so are the loaded manifests' errors, a
// manifest.Errors returned with the set, which a validation counts.
func (pl *Planner) Load(sel Selection) (*manifest.Set, error) {
	root, err := manifest.Find(pl.dir)
	if err != nil {
		return nil, err
	}
	p, err := manifest.LoadProject(root)
	if err != nil {
		return nil, err
	}
	var only func(manifest.ManifestFile) bool
	if sel != nil {
		only = sel.File
	}
	restore := pl.gc(Loading)
	set, err := manifest.Load(p, pl.loadOptions(only))
	restore()
	if err != nil {
		return nil, err
	}
	if sel != nil {
		if err := sel.Narrow(set); err != nil {
			return nil, err
		}
	}
	if len(set.Errors) > 0 {
		return set, set.Errors
	}
	return set, nil
}

// readLockAhead starts reading the reel.lock of the project at root (if
// any was found) while the manifests load, and returns a function that
// waits for it: a lock of many videos takes a while to decode. The lock
// of another root than the load found (the folders changed meanwhile) is
// read then.
func readLockAhead(root string) func(loaded string) (*lock.Indexed, error) {
	type read struct {
		ix  *lock.Indexed
		err error
	}
	done := make(chan read, 1)
	if root != "" {
		go func() {
			ix, err := lock.ReadIndexed(filepath.Join(root, lock.FileName))
			done <- read{ix, err}
		}()
	}
	return func(loaded string) (*lock.Indexed, error) {
		if loaded == root && root != "" {
			r := <-done
			return r.ix, r.err
		}
		return lock.ReadIndexed(filepath.Join(loaded, lock.FileName))
	}
}
