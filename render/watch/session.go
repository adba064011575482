package watch

import (
	"cmp"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/render/provider/registry"
)

// SessionOptions configure a Session.
type SessionOptions struct {
	Provider string                           // --provider: every video's provider
	Sandbox  *bool                            // --sandbox: overrides reel.yaml's sandbox
	Only     func(manifest.ManifestFile) bool // the manifests asked for; nil for all
}

// load are the options manifests are loaded with.
func (o SessionOptions) load() manifest.Options {
	return manifest.Options{Providers: registry.Manifest(), Provider: o.Provider, Sandbox: o.Sandbox}
}

// Session is the project as reel watch last saw it: the last good videos
// of every manifest, the errors of each, and the plan. A change reloads
// only the manifests it touched, so a save in a project of ten thousand
// manifests costs what one manifest costs.
type Session struct {
	opt  SessionOptions
	root string

	mu      sync.Mutex
	project *manifest.Project
	files   map[string]*manifestState  // by manifest path
	uses    map[string]map[string]bool // asset path (symlinks resolved) → manifests using it
	// clashes are those among the last good videos, and clashing the
	// videos they hold, which are not planned (see clashes.go)
	clashes  []manifest.Clash
	clashing map[videoKey]bool
	// projectErrs are reel.yaml's errors since it was saved with some: the
	// last good settings stay in force meanwhile.
	projectErrs manifest.Errors
	plans       *planner.Live
	outDir      atomic.Pointer[string] // read by the watcher on every new folder
}

// manifestState is one manifest: its last good videos, and the errors of
// its last load. A manifest saved with a mistake keeps its last good
// videos, so the plan around it stays whole while it is being fixed.
type manifestState struct {
	file   manifest.ManifestFile
	videos []*manifest.Video
	errs   manifest.Errors
}

// Update is what one change did.
type Update struct {
	Files   []string      // the changed files, absolute
	Actions []plan.Action // the plan of the videos the change touched, by id
	Removed []string      // ids whose manifest is gone, and that reel.lock does not know
	Errors  manifest.Errors
	Plan    *plan.Plan // the whole project, for the summary
	// ErrorCount is the errors in the whole project, in ErrorFiles files.
	ErrorCount, ErrorFiles int
	// Full says everything was reloaded: the first plan, or reel.yaml
	// changed (and then Actions are those it changed).
	Full   bool
	Rescan bool // the change was found by a rescan after dropped events
	// Rendered says the update follows a batch of drafts, not a change:
	// Actions are the batch's videos as reel.lock now has them.
	Rendered bool
}

// Open reads the project at root's reel.yaml. It loads no manifest yet:
// a watcher started between Open and First misses no change made while
// the manifests load.
func Open(root string, opt SessionOptions) (*Session, error) {
	p, err := manifest.LoadProject(root)
	if err != nil {
		return nil, err
	}
	s := &Session{opt: opt, root: p.Root, project: p}
	s.outDir.Store(&p.OutputDir)
	return s, nil
}

// First loads every manifest and plans them: the first plan.
func (s *Session) First() (*Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.loadAll(s.project); err != nil {
		return nil, err
	}
	u := s.update(nil, s.plans.All(), s.allErrors())
	u.Full = true
	return u, nil
}

// Refresh re-plans against reel.lock after a batch of drafts rendered the
// videos ids: reel.lock is reel's own write, which the watcher ignores, so
// without it the summary on screen would go on counting them as to do.
func (s *Session) Refresh(ids []string) (*Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.plans.Sync(); err != nil {
		return nil, err
	}
	var actions []plan.Action
	for _, id := range ids {
		if a, ok := s.plans.Action(id); ok {
			actions = append(actions, a)
		}
	}
	u := s.update(nil, actions, nil)
	u.Rendered = true
	return u, nil
}

// Project is the project as last loaded.
func (s *Session) Project() *manifest.Project {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.project
}

// Skip reports reel's output folder, which the watcher must not watch.
func (s *Session) Skip(dir string) bool { return dir == *s.outDir.Load() }

// Ignore reports reel.lock, which reel writes itself.
func (s *Session) Ignore(path string) bool {
	return filepath.Base(path) == lock.FileName && filepath.Dir(path) == s.root
}

// Paid reports whether anything could render at a cost: a video, or the
// project for videos yet to come, outside the sandbox.
func (s *Session) Paid() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.opt.Sandbox != nil:
		return !*s.opt.Sandbox
	case s.opt.Provider == registry.Sandbox:
		return false
	}
	_, sandboxed := s.project.Provider(registry.Manifest())
	return !sandboxed
}

// providers names every provider a render of the session could use, as
// the lock names them (a sandbox fake's name needs no key): the videos',
// and the project's for videos yet to come, unless they go to the sandbox.
func (s *Session) providers() []string {
	paid := s.Paid()
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	if paid {
		project, _ := s.project.Provider(registry.Manifest())
		names = append(names, cmp.Or(s.opt.Provider, project))
	}
	for _, f := range s.files {
		for _, v := range f.videos {
			names = append(names, v.ProviderName())
		}
	}
	return names
}

// loadAll reads every manifest of p; s.mu is held (or s is new).
func (s *Session) loadAll(p *manifest.Project) error {
	files, err := p.Manifests()
	if err != nil {
		return err
	}
	if s.opt.Only != nil {
		kept := files[:0]
		for _, f := range files {
			if s.opt.Only(f) {
				kept = append(kept, f)
			}
		}
		files = kept
	}
	s.project = p
	s.outDir.Store(&p.OutputDir)
	s.files = map[string]*manifestState{}
	s.uses = map[string]map[string]bool{}
	var outs *planner.Outputs // the hashes of the last plan, kept if the folder is the same
	if s.plans != nil {
		outs = s.plans.Outputs()
	}
	s.plans = planner.NewLive(p, outs, s.opt.Only == nil)
	for _, fs := range manifest.LoadFiles(p, files, s.opt.load()) {
		s.set(fs)
	}
	s.clashing = nil // a new project: none of the last clashes is freed
	s.setClashes()
	if _, err := s.plans.Sync(); err != nil {
		return err
	}
	_, err = s.plans.Edit(s.unclashed(s.videos()), nil)
	return err
}

// set records a manifest's new load: its videos if it has no errors,
// else its errors beside its last good videos. It returns the ids the
// manifest no longer makes. s.mu is held.
func (s *Session) set(fs manifest.FileSet) (gone []string) {
	st := s.files[fs.File.Path]
	if st == nil {
		st = &manifestState{file: fs.File}
		s.files[fs.File.Path] = st
	}
	st.errs = fs.Errors
	if len(fs.Errors) > 0 {
		return nil
	}
	gone = idsGone(st.videos, fs.Videos)
	s.index(st, false)
	st.videos = fs.Videos
	s.index(st, true)
	return gone
}

// drop forgets a removed manifest, returning its ids. s.mu is held.
func (s *Session) drop(path string) []string {
	st := s.files[path]
	if st == nil {
		return nil
	}
	s.index(st, false)
	delete(s.files, path)
	return idsGone(st.videos, nil)
}

// index adds (or removes) a manifest's assets, and the data and
// translation files its videos were made from, to the index of who uses
// which file.
func (s *Session) index(st *manifestState, add bool) {
	for _, v := range st.videos {
		for _, a := range v.Request.Assets {
			s.use(a.Path, st.file.Path, add)
		}
		if v.Origin != nil {
			for _, in := range v.Origin.Inputs {
				s.use(in, st.file.Path, add)
			}
		}
	}
}

// use records (or forgets) that the manifest at m uses the file at path.
func (s *Session) use(path, m string, add bool) {
	users := s.uses[path]
	switch {
	case add && users == nil:
		s.uses[path] = map[string]bool{m: true}
	case add:
		users[m] = true
	case users != nil:
		delete(users, m)
		if len(users) == 0 {
			delete(s.uses, path)
		}
	}
}

func idsGone(old, now []*manifest.Video) []string {
	keep := map[string]bool{}
	for _, v := range now {
		keep[v.ID] = true
	}
	var gone []string
	for _, v := range old {
		if !keep[v.ID] {
			gone = append(gone, v.ID)
		}
	}
	return gone
}

// videos is every last good video; s.mu is held.
func (s *Session) videos() []*manifest.Video {
	var out []*manifest.Video
	for _, st := range s.files {
		out = append(out, st.videos...)
	}
	return out
}

// update assembles an Update; s.mu is held.
func (s *Session) update(files []string, actions []plan.Action, errs manifest.Errors) *Update {
	u := &Update{Files: files, Actions: actions, Errors: errs.Sorted(), Plan: s.plans.Whole()}
	byFile := map[string]bool{}
	for _, st := range s.files {
		if len(st.errs) > 0 {
			u.ErrorCount += len(st.errs)
			byFile[st.file.Path] = true
		}
	}
	for _, errs := range []manifest.Errors{s.clashErrors(), s.projectErrs} {
		for _, e := range errs {
			u.ErrorCount++
			byFile[e.Pos.File] = true
		}
	}
	u.ErrorFiles = len(byFile)
	sort.Slice(u.Actions, func(i, j int) bool { return u.Actions[i].ID < u.Actions[j].ID })
	return u
}

// allErrors is every error of the project; s.mu is held.
func (s *Session) allErrors() manifest.Errors {
	errs := s.clashErrors()
	for _, st := range s.files {
		errs = append(errs, st.errs...)
	}
	return errs
}
