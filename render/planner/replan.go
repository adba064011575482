package planner

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
)

// replan brings the snapshot s up to date after some manifests were edited
// (changed are their indices in s.Files): it loads those manifests only,
// plans their videos against their own reel.lock entries, splices the
// actions into the plan and saves it. The result is the plan a full load
// would make, of which it returns the edited videos' actions; or an
// *EditErrors with the errors a full load would report in the edited
// manifests; or a *NeedFull when only a full plan can tell: anything but
// manifests edited in place (reel.yaml, the lock, an asset, an output, a
// file added or removed), or a clash with another video's id or output,
// which a full load reports with both positions.
func replan(root string, s *snapshot.Snapshot, changed []int, next *lookahead) ([]plan.Action, error) {
	first := s.Files[changed[0]].Path
	next.do(s, changed[0]) // if the check has not done it
	switch {
	case next.pErr != nil:
		return nil, &NeedFull{Reason: ProjectFails, Path: first, Err: next.pErr}
	case next.err != nil:
		return nil, needFull(Damaged, first, "")
	}
	p := next.p
	work, need := sortChanged(root, p, s, changed)
	if need != nil {
		return nil, need
	}
	if len(p.Avatars) > 0 {
		return nil, needFull(Avatars, first, "")
	}
	rows := loadRowEdits(p, work.rows, next.opts)
	ed := next.edits
	if ed == nil || !slices.Equal(ed.files, work.files) || len(rows) > 0 { // more than the one planned ahead
		ed = planEdits(root, s, p, next.acts, next.loadFiles(p, work.files), next.measured, rows...)
	}
	switch {
	case ed.need != nil:
		ed.need.Path = first
		return nil, ed.need
	case len(ed.errs) > 0:
		return nil, &EditErrors{Edited: first, Errors: ed.errs} // the snapshot stays as it was: the next run reports them again
	}
	if !splice(s, ed.old, ed.edit, ed.spans, p.Config.Budget.MaxUSD) {
		return nil, needFull(Damaged, first, "")
	}
	record(s, ed.sets, ed.videos, ed.outs)
	recordRows(root, work.cache, ed.sets)
	snapshot.Save(root, s)
	return ed.edit.Actions, nil
}

// edits is the plan of some edited manifests' videos, made against their
// own reel.lock entries, to be spliced into the snapshot's.
type edits struct {
	files  []manifest.ManifestFile
	sets   []manifest.FileSet // as loaded
	videos []*manifest.Video  // sorted by id
	old    map[string]int     // the snapshot's actions they replace, by id
	spans  map[string]lock.Span
	outs   *Outputs
	edit   *Edit
	need   *NeedFull       // why a full plan is needed instead (its Path is the caller's to set)
	errs   manifest.Errors // the edited manifests' errors, sorted
}

// planEdits plans the videos of the edited manifests loaded as sets, and
// of the rows that changed in the data files of others, against the
// snapshot's actions acts, with the lengths measured. It only reads s.
func planEdits(root string, s *snapshot.Snapshot, p *manifest.Project, acts snapshot.Actions, sets []manifest.FileSet, measured func(string) (Measure, string), rows ...rowEdit) *edits {
	ed := &edits{sets: slices.Clone(sets)}
	var errs manifest.Errors
	for _, fs := range sets {
		ed.files = append(ed.files, fs.File)
	}
	owners := slices.Clone(ed.files)
	for _, r := range rows {
		ed.sets = append(ed.sets, r.set)
		owners = append(owners, r.owners...)
	}
	for _, fs := range ed.sets {
		errs = append(errs, fs.Errors...)
		ed.videos = append(ed.videos, fs.Videos...)
	}
	sort.Slice(ed.videos, func(i, j int) bool { return ed.videos[i].ID < ed.videos[j].ID })
	ed.old = ownedActions(acts, owners)
	if ed.need = clashes(p.Root, acts, ed.old, ed.videos); ed.need != nil || len(errs) > 0 {
		ed.errs = errs.Sorted()
		return ed
	}
	var err error
	if ed.spans, err = lockSpans(acts, ed.old); err != nil {
		ed.need = needFull(Damaged, "", "")
		return ed
	}
	l, err := lockEntries(filepath.Join(root, lock.FileName), ed.spans)
	if err != nil {
		ed.need = &NeedFull{Reason: LockBlockMoved, Err: err}
		return ed
	}
	ed.outs = NewOutputs(p.OutputDir, s)
	if ed.edit, err = planEdit(ed.videos, gone(ed.old, ed.videos), l, pricesOf(p, measured), ed.outs.Stat); err != nil {
		ed.need = &NeedFull{Reason: PlanFails, Err: err}
		return ed
	}
	ed.need = renderedElsewhere(root, s, ed.edit.Actions)
	return ed
}

// renderedElsewhere says why a full plan is needed when an edited video
// would be paid for although the lock holds a finished render of its new
// key (another video's, or an orphan's): a full plan makes that a free
// download, which the edited videos' own entries cannot tell.
func renderedElsewhere(root string, s *snapshot.Snapshot, actions []plan.Action) *NeedFull {
	rec, ok := s.Lookup(filepath.Join(root, lock.FileName))
	if !ok || rec.Size < 0 {
		return nil // no lock: nothing was rendered
	}
	var keys *snapshot.RenderedKeys
	for _, a := range actions {
		if !a.Kind.Paid() {
			continue
		}
		if keys == nil {
			if keys, ok = snapshot.OpenKeys(root, rec.SHA256); !ok {
				return needFull(KeysUnindexed, "", "")
			}
			defer keys.Close()
		}
		has, err := keys.Has(a.Key)
		if err != nil {
			return &NeedFull{Reason: KeysUnindexed, Err: err}
		}
		if has {
			return needFull(RenderedElsewhere, "", a.ID)
		}
	}
	return nil
}

// editedManifests maps the changed inputs to manifests edited in place, or
// says why they are something else.
func editedManifests(p *manifest.Project, s *snapshot.Snapshot, changed []int) ([]manifest.ManifestFile, *NeedFull) {
	var files []manifest.ManifestFile
	for _, i := range changed {
		f := s.Files[i]
		mf, ok := p.Match(f.Path)
		if !ok || f.Dir {
			return nil, needFull(notManifest(p, f), f.Path, "")
		}
		now, err := snapshot.Stat(f.Path)
		if err != nil || now.Size < 0 || now.Dir || f.Size < 0 {
			return nil, needFull(ManifestsChanged, f.Path, "")
		}
		// A manifest named like a variant of this one (welcome@es.yaml)
		// would share its ids: leave that to the full load's checks. The
		// snapshot records every manifest, and no folder changed, so it
		// knows them all without listing the folder.
		if variantNamed(s, strings.TrimSuffix(f.Path, filepath.Ext(f.Path))+"@") {
			return nil, needFull(VariantNamed, f.Path, "")
		}
		files = append(files, mf)
	}
	return files, nil
}

// notManifest is the reason of a changed input that is not a manifest.
func notManifest(p *manifest.Project, f snapshot.File) Reason {
	switch {
	case f.Path == filepath.Join(p.Root, manifest.ProjectFile):
		return ProjectChanged
	case f.Path == filepath.Join(p.Root, lock.FileName):
		return LockChanged
	case f.Dir:
		return ManifestsChanged // a folder's listing: a manifest or an asset added, removed or renamed
	}
	return InputChanged
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
func clashes(root string, acts snapshot.Actions, old map[string]int, videos []*manifest.Video) *NeedFull {
	if len(manifest.CheckUnique(root, videos)) > 0 {
		return needFull(Clash, "", "edited videos share an id or an output")
	}
	claims := manifest.ClaimOutputs(videos)
	for i := range acts.Len() {
		out := acts.Output(i)
		if out == "" || !claims.Clash(out) {
			continue
		}
		if _, own := old[acts.ID(i)]; !own {
			return needFull(Clash, "", "output "+out)
		}
	}
	for _, v := range videos {
		if _, own := old[v.ID]; own {
			continue
		}
		if i := acts.Search(v.ID); i < acts.Len() && acts.ID(i) == v.ID {
			return needFull(Clash, "", "id "+v.ID)
		}
	}
	return nil
}

// gone is the ids of the snapshot's actions old that the edited manifests
// no longer make: their videos removed, or orphans that stay orphans.
func gone(old map[string]int, videos []*manifest.Video) []string {
	made := make(map[string]bool, len(videos))
	for _, v := range videos {
		made[v.ID] = true
	}
	var ids []string
	for id := range old {
		if !made[id] {
			ids = append(ids, id)
		}
	}
	return ids
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
func lockEntries(path string, spans map[string]lock.Span) (*lock.Lock, error) {
	l := lock.NewAt(path)
	for id, sp := range spans {
		en, err := lock.ReadEntry(path, sp, id)
		if err != nil {
			return nil, err
		}
		l.Videos[id] = en
	}
	return l, nil
}

// record updates the snapshot's inputs: the re-planned manifests as read,
// the data and translation files they read, the assets and outputs their
// videos use.
func record(s *snapshot.Snapshot, sets []manifest.FileSet, videos []*manifest.Video, outs *Outputs) {
	for _, fs := range sets {
		st := fs.Stamp // as the load read it
		s.Put(snapshot.File{Path: fs.File.Path, Size: st.Size, Mtime: st.Mtime, SHA256: fs.Sum, Exact: true})
	}
	recordInputs(s, sets)
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
