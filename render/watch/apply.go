package watch

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
)

// Apply reloads what a batch touched: the manifests that changed, every
// manifest using a changed asset, and (for any other file, which may be
// an asset a broken manifest is missing) the manifests with errors; all
// of them when reel.yaml changed. It returns nil when the batch touched
// nothing that makes a video.
func (s *Session) Apply(b Batch) (*Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	paths := append(append([]string(nil), b.Changed...), b.Removed...)
	removed := map[string]bool{}
	for _, p := range b.Removed {
		removed[p] = true
	}
	for _, p := range paths {
		if p == s.project.File {
			u, err := s.reloadProject(paths)
			if u != nil {
				u.Rescan = b.Rescan
			}
			return u, err
		}
	}
	reload, gone, relevant := s.touched(paths, removed)
	if len(reload) == 0 && len(gone) == 0 {
		return nil, nil
	}
	u, err := s.reload(relevant, reload, gone)
	if u != nil {
		u.Rescan = b.Rescan
	}
	return u, err
}

// touched sorts a batch's paths into manifests to reload and manifests
// that are gone, and names the paths that mattered; s.mu is held.
func (s *Session) touched(paths []string, removed map[string]bool) (reload map[string]manifest.ManifestFile, gone, relevant []string) {
	reload = map[string]manifest.ManifestFile{}
	var others []string // neither manifest nor a known asset: maybe one a broken manifest lacks
	for _, p := range paths {
		st, known := s.files[p]
		users := s.uses[realPath(p)]
		switch {
		case known && removed[p]:
			gone = append(gone, p)
		case known:
			reload[p] = st.file
		case len(users) > 0:
		default:
			if f, ok := s.project.Match(p); ok {
				if !removed[p] && (s.opt.Only == nil || s.opt.Only(f)) {
					reload[p] = f
					relevant = append(relevant, p)
				}
			} else {
				others = append(others, p)
			}
			continue
		}
		relevant = append(relevant, p)
		for m := range users {
			reload[m] = s.files[m].file
		}
	}
	broken := false
	for p, st := range s.files {
		if len(st.errs) > 0 && len(others) > 0 {
			reload[p], broken = st.file, true
		}
	}
	if broken {
		relevant = append(relevant, others...)
	}
	for _, p := range gone {
		delete(reload, p)
	}
	sort.Strings(relevant)
	return reload, gone, relevant
}

// realPath resolves symlinks as the manifest loader does for assets; a
// removed file's folder is resolved instead.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(d, filepath.Base(p))
	}
	return p
}

// reload loads the touched manifests and re-plans their videos, and the
// videos a clash held back that it no longer does; s.mu is held.
func (s *Session) reload(paths []string, reload map[string]manifest.ManifestFile, gone []string) (*Update, error) {
	files := make([]manifest.ManifestFile, 0, len(reload))
	for _, f := range reload {
		files = append(files, f)
	}
	before, was := s.identities(reload, gone), s.clashing
	var goneIDs []videoKey
	var videos []*manifest.Video
	var errs manifest.Errors
	for _, fs := range manifest.LoadFiles(s.project, files, s.opt.load()) {
		for _, id := range s.set(fs) {
			goneIDs = append(goneIDs, videoKey{fs.File.Path, id})
		}
		if len(fs.Errors) > 0 {
			errs = append(errs, fs.Errors...)
			continue
		}
		videos = append(videos, fs.Videos...)
	}
	for _, p := range gone {
		for _, id := range s.drop(p) {
			goneIDs = append(goneIDs, videoKey{p, id})
		}
	}
	var freed []videoKey
	if before != s.identities(reload, gone) {
		freed = s.setClashes()
	}
	for _, c := range s.clashes {
		_, mine := reload[c.Video.File]
		_, theirs := reload[c.Other.File]
		if mine || theirs {
			errs = append(errs, c.Err)
		}
	}
	if _, err := s.plans.Sync(); err != nil {
		return nil, err
	}
	var forget []string
	for _, k := range goneIDs {
		if !s.madeElsewhere(k.id, k.file, was) {
			forget = append(forget, k.id)
		}
	}
	e, err := s.plans.Edit(s.withFreed(s.unclashed(videos), freed), forget)
	if err != nil {
		return nil, err
	}
	u := s.update(paths, e.Actions, errs)
	u.Removed = e.Removed
	return u, nil
}

// withFreed adds to videos the last good videos of freed that it lacks
// and whose action is not theirs: a clash held them back. s.mu is held.
func (s *Session) withFreed(videos []*manifest.Video, freed []videoKey) []*manifest.Video {
	if len(freed) == 0 {
		return videos
	}
	have := make(map[*manifest.Video]bool, len(videos))
	for _, v := range videos {
		have[v] = true
	}
	for _, k := range freed {
		if v := s.video(k); v != nil && !have[v] && !s.planned(v) {
			videos = append(videos, v)
		}
	}
	return videos
}

// planned reports whether v's action is its own: the plan of this very
// video, not of an earlier version or of another video of its id. s.mu is
// held.
func (s *Session) planned(v *manifest.Video) bool {
	a, _ := s.plans.Action(v.ID)
	return a.Video == v
}

// identities is the ids and outputs of the given manifests' videos, and
// where the errors of a clash would point in them: when a reload leaves
// them as they were, no two videos can newly clash, no clash error has
// moved, and checking the whole project for clashes again is skipped.
// s.mu is held.
func (s *Session) identities(reload map[string]manifest.ManifestFile, gone []string) string {
	var b []byte
	add := func(path string) {
		if st := s.files[path]; st != nil {
			b = append(b, path...)
			for _, v := range st.videos {
				b = fmt.Appendf(b, "\x00%s\x00%s\x00%v\x00%v", v.ID, v.Output, v.Pos(), v.Pos("output"))
			}
			b = append(b, '\n')
		}
	}
	for _, p := range slices.Sorted(maps.Keys(reload)) {
		add(p)
	}
	for _, p := range gone {
		add(p)
	}
	return string(b)
}

// reloadProject reloads everything after reel.yaml changed. A reel.yaml
// with errors keeps the last good settings and videos until it is fixed.
// The actions listed are those that differ from before. s.mu is held.
func (s *Session) reloadProject(paths []string) (*Update, error) {
	p, err := manifest.LoadProject(s.project.Root)
	if err != nil {
		errs, ok := err.(manifest.Errors)
		if !ok {
			errs = manifest.Errors{{Pos: manifest.Pos{File: s.project.File, Line: 1, Col: 1}, Msg: err.Error()}}
		}
		s.projectErrs = errs
		return s.update(paths, nil, errs), nil
	}
	s.projectErrs = nil
	before := s.plans
	if err := s.loadAll(p); err != nil {
		return nil, err
	}
	var changed []plan.Action
	for _, a := range s.plans.All() {
		if was, ok := before.Action(a.ID); !ok || was.Kind != a.Kind || was.Key != a.Key || was.Reason != a.Reason || was.Cost != a.Cost {
			changed = append(changed, a)
		}
	}
	var gone []string
	for _, a := range before.All() {
		if _, ok := s.plans.Action(a.ID); !ok {
			gone = append(gone, a.ID)
		}
	}
	e, err := s.plans.Edit(nil, gone)
	if err != nil {
		return nil, err
	}
	u := s.update(paths, append(changed, e.Actions...), s.allErrors())
	u.Removed, u.Full = e.Removed, true
	return u, nil
}
