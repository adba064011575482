package main

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
)

// replan brings the snapshot s up to date after some manifests were edited
// (changed are their indices in s.Files): it loads those manifests only,
// plans their videos against their own reel.lock entries, splices the
// actions into the plan and saves it. The result is the plan a full load
// would make, of which it returns the edited videos' actions, or the
// errors a full load would report in the edited manifests. why says why a
// full plan is needed instead: anything but manifests edited in place
// (reel.yaml, the lock, an asset, an output, a file added or removed), or
// a clash with another video's id or output, which a full load reports
// with both positions.
func replan(root string, s *snapshot.Snapshot, changed []int, next *ahead) (fresh []plan.Action, why string, errs manifest.Errors) {
	next.do(s, changed[0]) // if the check has not done it
	switch {
	case next.pErr != nil:
		return nil, "reel.yaml does not load", nil
	case next.err != nil:
		return nil, "the snapshot's plan does not read", nil
	}
	p := next.p
	files, why := editedManifests(p, s, changed)
	if why != "" {
		return nil, why, nil
	}
	ed := next.edits
	if ed == nil || !slices.Equal(ed.files, files) { // more than the one planned ahead
		ed = planEdits(root, s, p, next.acts, next.loadFiles(p, files))
	}
	switch {
	case ed.why != "":
		return nil, ed.why, nil
	case len(ed.errs) > 0:
		return nil, "", ed.errs // the snapshot stays as it was: the next run reports them again
	}
	if why := splice(s, ed.old, ed.pl, ed.spans, p.Config.Budget.MaxUSD); why != "" {
		return nil, why, nil
	}
	record(s, changed, ed.sets, ed.videos, ed.outs)
	snapshot.Save(root, s)
	return ed.pl.Actions, "", nil
}

// edits is the plan of some edited manifests' videos, made against their
// own reel.lock entries, to be spliced into the snapshot's.
type edits struct {
	files  []manifest.ManifestFile
	sets   []manifest.FileSet // as loaded
	videos []*manifest.Video  // sorted by id
	old    map[string]int     // the snapshot's actions they replace, by id
	spans  map[string]lock.Span
	outs   *render.Outputs
	pl     *plan.Plan
	why    string          // why a full plan is needed instead
	errs   manifest.Errors // the edited manifests' errors, sorted
}

// planEdits plans the videos of the edited manifests loaded as sets,
// against the snapshot's actions acts. It only reads s.
func planEdits(root string, s *snapshot.Snapshot, p *manifest.Project, acts snapshot.Actions, sets []manifest.FileSet) *edits {
	ed := &edits{sets: sets}
	var errs manifest.Errors
	for _, fs := range sets {
		ed.files = append(ed.files, fs.File)
		errs = append(errs, fs.Errors...)
		ed.videos = append(ed.videos, fs.Videos...)
	}
	sort.Slice(ed.videos, func(i, j int) bool { return ed.videos[i].ID < ed.videos[j].ID })
	ed.old = ownedActions(acts, ed.files)
	if ed.why = clashes(p.Root, acts, ed.old, ed.videos); ed.why != "" || len(errs) > 0 {
		ed.errs = errs.Sorted()
		return ed
	}
	var err error
	if ed.spans, err = lockSpans(acts, ed.old); err != nil {
		ed.why = "the snapshot's plan does not read"
		return ed
	}
	l, why := lockEntries(filepath.Join(root, lock.FileName), ed.spans)
	if why != "" {
		ed.why = why
		return ed
	}
	ed.outs = render.NewOutputs(p.OutputDir, s)
	if ed.pl, err = plan.Make(ed.videos, l, plan.NewPrices(p.Config.Pricing), ed.outs.Stat); err != nil {
		ed.why = err.Error()
		return ed
	}
	ed.why = renderedElsewhere(root, s, ed.pl)
	return ed
}

// renderedElsewhere says why a full plan is needed when an edited video
// would be paid for although the lock holds a finished render of its new
// key (another video's, or an orphan's): a full plan makes that a free
// download, which the edited videos' own entries cannot tell.
func renderedElsewhere(root string, s *snapshot.Snapshot, pl *plan.Plan) string {
	rec, ok := s.Lookup(filepath.Join(root, lock.FileName))
	if !ok || rec.Size < 0 {
		return "" // no lock: nothing was rendered
	}
	var keys *snapshot.RenderedKeys
	for _, a := range pl.Actions {
		if !a.Kind.Paid() {
			continue
		}
		if keys == nil {
			if keys, ok = snapshot.OpenKeys(root, rec.SHA256); !ok {
				return "the lock's rendered keys are not indexed"
			}
			defer keys.Close()
		}
		has, err := keys.Has(a.Key)
		if err != nil {
			return "the lock's rendered keys do not read"
		}
		if has {
			return a.ID + " was rendered before under another video"
		}
	}
	return ""
}

// editedManifests maps the changed inputs to manifests edited in place, or
// says why they are something else.
func editedManifests(p *manifest.Project, s *snapshot.Snapshot, changed []int) ([]manifest.ManifestFile, string) {
	var files []manifest.ManifestFile
	for _, i := range changed {
		f := s.Files[i]
		mf, ok := p.Match(f.Path)
		if !ok || f.Dir {
			return nil, "not a manifest"
		}
		now, err := snapshot.Stat(f.Path)
		if err != nil || now.Size < 0 || now.Dir || f.Size < 0 {
			return nil, "a manifest added or removed"
		}
		// A manifest named like a variant of this one (welcome@es.yaml)
		// would share its ids: leave that to the full load's checks. The
		// snapshot records every manifest, and no folder changed, so it
		// knows them all without listing the folder.
		if variantNamed(s, strings.TrimSuffix(f.Path, filepath.Ext(f.Path))+"@") {
			return nil, "a manifest named like a variant"
		}
		files = append(files, mf)
	}
	return files, ""
}

// variantNamed reports whether the snapshot records a file whose path
// starts with prefix.
func variantNamed(s *snapshot.Snapshot, prefix string) bool {
	i := sort.Search(len(s.Files), func(i int) bool { return s.Files[i].Path >= prefix })
	return i < len(s.Files) && strings.HasPrefix(s.Files[i].Path, prefix)
}

// ownedActions finds the snapshot's actions of the given manifests: their
// videos and variants, and orphans that carry their ids.
func ownedActions(acts snapshot.Actions, files []manifest.ManifestFile) map[string]int {
	old := map[string]int{}
	for _, f := range files {
		for i := acts.Search(f.ID); i < acts.Len(); i++ {
			id := acts.ID(i)
			if id != f.ID && !strings.HasPrefix(id, f.ID+"@") {
				if !strings.HasPrefix(id, f.ID) {
					break
				}
				continue // f.ID-something: another file's id that sorts between
			}
			old[id] = i
		}
	}
	return old
}

// clashes reports an id or output the edited videos share with each other
// or with a video of another manifest: outputs that are one file on some
// file system, or one the folder the other is written in (see
// manifest.Clashes, which the full load then reports with both positions).
func clashes(root string, acts snapshot.Actions, old map[string]int, videos []*manifest.Video) string {
	if len(manifest.CheckUnique(root, videos)) > 0 {
		return "videos share an id or an output"
	}
	claims := manifest.ClaimOutputs(videos)
	for i := range acts.Len() {
		out := acts.Output(i)
		if out == "" || !claims.Clash(out) {
			continue
		}
		if _, own := old[acts.ID(i)]; !own {
			return "an edited video's output clashes with another video's: " + out
		}
	}
	for _, v := range videos {
		if _, own := old[v.ID]; own {
			continue
		}
		if i := acts.Search(v.ID); i < acts.Len() && acts.ID(i) == v.ID {
			return "an edited video's id is another's: " + v.ID
		}
	}
	return ""
}

// lockSpans reads where the given actions' blocks are in reel.lock.
func lockSpans(acts snapshot.Actions, old map[string]int) (map[string]lock.Span, error) {
	spans := make(map[string]lock.Span, len(old))
	for id, i := range old {
		a, err := acts.At(i)
		if err != nil {
			return nil, err
		}
		if a.Lock.Len > 0 { // else not in the lock
			spans[id] = lock.Span{Off: a.Lock.Off, Len: a.Lock.Len}
		}
	}
	return spans, nil
}

// lockEntries reads the lock entries at the given spans of reel.lock,
// which has not changed since the snapshot.
func lockEntries(path string, spans map[string]lock.Span) (*lock.Lock, string) {
	l := lock.NewAt(path)
	for id, sp := range spans {
		en, err := lock.ReadEntry(path, sp, id)
		if err != nil {
			return nil, err.Error()
		}
		l.Videos[id] = en
	}
	return l, ""
}

// record updates the snapshot's inputs: the edited manifests as read, the
// assets and outputs their videos use.
func record(s *snapshot.Snapshot, changed []int, sets []manifest.FileSet, videos []*manifest.Video, outs *render.Outputs) {
	for n, i := range changed {
		st := sets[n].Stamp // as the load read it
		s.Files[i] = snapshot.File{Path: s.Files[i].Path, Size: st.Size, Mtime: st.Mtime, SHA256: sets[n].Sum, Exact: true}
	}
	for _, v := range videos {
		for _, a := range v.Request.Assets {
			if f, err := snapshot.Stat(a.Path); err == nil && f.Size >= 0 {
				f.SHA256, f.Exact = strings.TrimPrefix(a.Ref, "sha256:"), true
				s.Put(f)
			}
		}
	}
	for _, f := range outs.Seen() {
		f.Exact = f.SHA256 != "" // hashed as the plan read it
		s.Put(f)
	}
}
