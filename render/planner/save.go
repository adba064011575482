package planner

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
)

// save records the plan and every input it read in the snapshot. A
// failure only costs the next no-op its speed, so it is not reported.
func (pl *Planner) save(set *manifest.Set, outs *Outputs, p *plan.Plan, ix *lock.Indexed, start time.Time) {
	root := set.Project.Root
	// The rendered keys are written, and the actions encoded, while the
	// inputs are gathered: each takes a while when there are many videos.
	var acts []snapshot.Action
	var keysErr error
	var wg sync.WaitGroup
	defer wg.Wait() // every return waits: nothing outlives the call
	wg.Go(func() { acts = snapActions(p.Actions, ix.Spans) })
	if ix.Size >= 0 { // no lock, no keys: a re-plan finds none
		wg.Go(func() { keysErr = snapshot.SaveKeys(root, ix.SHA256, ix.RenderedKeys()) })
	}
	exact := map[string]string{} // content hashed by the load, as it read it
	for path, sum := range set.Sums {
		exact[path] = sum
	}
	pf, lf := filepath.Join(root, manifest.ProjectFile), filepath.Join(root, lock.FileName)
	read := set.Project.Read
	given := map[string]snapshot.File{ // as they were read, not as they are now
		pf: {Path: pf, Size: read.Size, Mtime: read.Mtime, SHA256: read.SHA256, Exact: true},
		lf: {Path: lf, Size: ix.Size, Mtime: ix.Mtime, SHA256: ix.SHA256, Exact: ix.Size >= 0},
	}
	paths := []string{pf, lf}
	for dir, sum := range set.Dirs {
		paths = append(paths, dir)
		if sum != "" {
			exact[dir] = sum
		}
	}
	for _, v := range set.Videos {
		for _, a := range v.Request.Assets {
			if _, ok := exact[a.Path]; !ok {
				exact[a.Path] = strings.TrimPrefix(a.Ref, "sha256:")
				paths = append(paths, a.Path)
			}
		}
	}
	for _, av := range set.Project.Avatars { // the photos: a changed one trains again
		for _, ph := range av.Photos {
			if _, ok := exact[ph.Path]; !ok {
				exact[ph.Path] = strings.TrimPrefix(ph.Ref, "sha256:")
				paths = append(paths, ph.Path)
			}
		}
	}
	for path := range set.Sums {
		paths = append(paths, path)
	}
	head, _ := json.Marshal(Head{plan.HeadOf(p), set.Project.Config.Budget.MaxUSD})
	s := &snapshot.Snapshot{Stamp: pl.stamp(root), Written: start.UnixNano(), Head: head}
	for _, path := range paths {
		if f, ok := given[path]; ok {
			s.Files = append(s.Files, f)
			continue
		}
		f, err := snapshot.File{Path: path}, error(nil)
		if st, ok := set.Stamps[path]; ok {
			f.Size, f.Mtime = st.Size, st.Mtime // as the load read it
		} else if f, err = snapshot.Stat(path); err != nil {
			return
		}
		if f.Size >= 0 {
			f.SHA256, f.Exact = exact[path], exact[path] != ""
			if !f.Exact {
				if f.SHA256, err = snapshot.Sum(f); err != nil {
					return
				}
			}
		}
		s.Files = append(s.Files, f)
	}
	for _, f := range outs.Seen() {
		f.Exact = f.SHA256 != "" // hashed as the plan read it
		s.Files = append(s.Files, f)
	}
	slices.SortFunc(s.Files, func(a, b snapshot.File) int { return strings.Compare(a.Path, b.Path) })
	if wg.Wait(); keysErr != nil {
		return // a re-plan could not tell a free download from a paid render
	}
	if s.SetActions(acts) != nil {
		return // an id or output that cannot be recorded
	}
	saveRows(root, rowsOf(set))
	snapshot.LearnBlobs(root, s, outs.prev)
	snapshot.Save(root, s)
}

// snapActions encodes actions for the snapshot, each with its lock block.
func snapActions(actions []plan.Action, spans map[string]lock.Span) []snapshot.Action {
	out := make([]snapshot.Action, len(actions))
	for i, a := range actions {
		sa := snapshot.Action{ID: a.ID, Kind: string(a.Kind), Data: plan.EncodeAction(a)}
		if a.Video != nil {
			sa.Output = a.Video.Output
		}
		if sp, ok := spans[a.ID]; ok {
			sa.Lock = snapshot.Span{Off: sp.Off, Len: sp.Len}
		}
		out[i] = sa
	}
	return out
}
