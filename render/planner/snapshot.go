package planner

import (
	"encoding/json"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/snapshot"
	"github.com/reel-dev/reel/schema"
)

// replanFew is the most edited manifests a plan from the snapshot
// re-plans in the ReadingSnapshot phase: more make garbage like a load.
const replanFew = 64

// FromSnapshot returns the plan of the whole project from the snapshot
// when no input changed, or when only manifests were edited in place
// (their videos are re-planned and spliced in). The error is a *NeedFull
// when only a full plan can give the plan, or an *EditErrors with the
// edited manifests' errors, to report as a full load would.
func (pl *Planner) FromSnapshot() (*Cached, error) {
	defer pl.gc(ReadingSnapshot)()
	root, err := manifest.Find(pl.dir)
	if err != nil {
		return nil, &NeedFull{Reason: NoProject, Err: err}
	}
	// A manifest the last re-plan found edited, saved again, is about to
	// be validated: the schema compiles on the other core, idle while the
	// snapshot is decoded.
	s := snapshot.LoadWatching(root, func() { go schema.Warm() })
	next := lookahead{root: root, opts: pl.loadOptions(nil), measured: pl.opt.Measured}
	chk := s.Check(pl.stamp(root), func(first int) { next.do(s, first) })
	c := &Cached{Form: Fresh, snap: s}
	switch {
	case chk.Unusable != snapshot.Usable:
		return nil, unusable(chk)
	case len(chk.Changed) > 0:
		restore := func() {}
		if len(chk.Changed) > replanFew {
			restore = pl.gc(Loading)
		}
		fresh, err := replan(root, s, chk.Changed, &next)
		restore()
		if err != nil {
			return nil, err
		}
		c.Form, c.Edited, c.fresh = Replanned, s.Files[chk.Changed[0]].Path, fresh
	case chk.Touched:
		c.Form = Touched
		snapshot.Save(root, s) // remember their new mtimes
	}
	if json.Unmarshal(s.Head, &c.Head) != nil {
		return nil, needFull(Damaged, "", "")
	}
	if c.listsActions() {
		// read now, while a full plan can stand in for them: a no-op
		// never reads the actions, and one that lists them must
		if _, err := s.Actions(); err != nil {
			return nil, needFull(Damaged, "", "")
		}
	}
	return c, nil
}

// LastIDs lists the video ids of the project's last plan, orphans too,
// without reading a manifest: none when there is no snapshot.
func LastIDs(root string) []string {
	s := snapshot.Load(root)
	if s == nil {
		return nil
	}
	acts, err := s.Actions()
	if err != nil {
		return nil
	}
	ids := make([]string, acts.Len())
	for i := range ids {
		ids[i] = acts.ID(i)
	}
	return ids
}
