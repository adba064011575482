package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
	"github.com/reel-dev/reel/schema"
)

// stamp is what a plan depends on besides the files a snapshot records:
// this build of reel (its executable's size and mtime, its schemas, its
// key and lock versions) and the --provider and --sandbox flags.
func (e *env) stamp() string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", exe, st.Size(), st.ModTime().UnixNano())
		}
	}
	for _, name := range []string{schema.Video, schema.Project} {
		src, _ := schema.Source(name)
		h.Write(src)
	}
	fmt.Fprintf(h, "%s %d %s %s", manifest.KeyVersion, lock.Version, e.provider, sandboxFlag(e.sandbox))
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// sandboxFlag spells --sandbox for the stamp: "" when not given.
func sandboxFlag(on *bool) string {
	if on == nil {
		return ""
	}
	return strconv.FormatBool(*on)
}

// cached is the plan of the whole project read from the snapshot: the
// no-op path, which reads no manifest, or the few-edits path, which reads
// only the edited ones. Actions are decoded only if they must be listed.
type cached struct {
	root  string
	snap  *snapshot.Snapshot
	head  snapHead
	fresh []plan.Action // the re-planned videos' actions, sorted by id: listed as planned, not decoded
}

// snapHead is the head a snapshot keeps: the plan's counts and total, and
// reel.yaml's budget.max_usd, so that a plan read from the snapshot says it
// is over budget without reading reel.yaml (and compiling the schemas to
// validate it). reel.yaml is one of the snapshot's inputs: while the
// snapshot holds, so does the budget.
type snapHead struct {
	plan.Head
	MaxUSD *float64 `json:"b,omitempty"`
}

// listed decodes the actions Print shows: those with work to do, or all.
func (c *cached) listed(all bool) ([]plan.Action, error) {
	acts, err := c.snap.Actions()
	if err != nil {
		return nil, err
	}
	if pending, ok := c.pendingFresh(); ok && !all {
		return pending, nil // every action with work to do was just planned: no need to look for others
	}
	var out []plan.Action
	for i := range acts.Len() {
		if !all && acts.Kind(i) == string(plan.OK) {
			continue
		}
		if a, ok := c.freshAction(acts.ID(i)); ok {
			out = append(out, a)
			continue
		}
		sa, err := acts.At(i)
		if err != nil {
			return nil, err
		}
		a, err := plan.DecodeAction(sa.ID, plan.Kind(sa.Kind), sa.Data)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// pendingFresh returns the re-planned actions with work to do, and
// whether they are all the plan's: the head counts no others.
func (c *cached) pendingFresh() ([]plan.Action, bool) {
	if c.fresh == nil {
		return nil, false
	}
	var pending []plan.Action
	for _, a := range c.fresh {
		if a.Kind != plan.OK {
			pending = append(pending, a)
		}
	}
	n := 0
	for k, count := range c.head.Counts {
		if k != plan.OK {
			n += count
		}
	}
	return pending, n == len(pending)
}

// freshAction is the re-planned action of the video id, if it is one.
func (c *cached) freshAction(id string) (plan.Action, bool) {
	i, ok := slices.BinarySearchFunc(c.fresh, id, func(a plan.Action, id string) int { return strings.Compare(a.ID, id) })
	if !ok {
		return plan.Action{}, false
	}
	return c.fresh[i], true
}

// plan is the whole plan.
func (c *cached) plan() (*plan.Plan, error) {
	actions, err := c.listed(true)
	if err != nil {
		return nil, err
	}
	return &plan.Plan{Actions: actions, Total: c.head.Total}, nil
}

// cachedPlan returns the plan of the whole project from the snapshot when
// no input changed, or when only manifests were edited (their videos are
// re-planned and spliced in); errs are the edited manifests' errors, to
// report as a full load would. ok is false when a full plan is needed.
// The collector is off while it runs (gcForSnapshot).
func (e *env) cachedPlan() (c *cached, errs manifest.Errors, ok bool) {
	defer gcForSnapshot()()
	root, err := manifest.Find(".")
	if err != nil {
		return nil, nil, false
	}
	// A manifest the last re-plan found edited, saved again, is about to
	// be validated: the schema compiles on the other core, idle while the
	// snapshot is decoded.
	s := snapshot.LoadWatching(root, func() { go schema.Warm() })
	next := ahead{root: root, opts: e.loadOptions(nil)}
	chk := s.Check(e.stamp(), func(first int) { next.do(s, first) })
	debug := os.Getenv("REEL_DEBUG") == "snapshot"
	var fresh []plan.Action
	switch {
	case chk.Why != "":
		if debug {
			fmt.Fprintf(e.stderr, "snapshot: %s\n", chk.Why)
		}
		return nil, nil, false
	case len(chk.Changed) > 0:
		restore := func() {}
		if len(chk.Changed) > snapshotFew {
			restore = gcForLoading()
		}
		var why string
		fresh, why, errs = replan(root, s, chk.Changed, &next)
		restore()
		if debug {
			fmt.Fprintf(e.stderr, "snapshot: changed: %s; %s\n", s.Files[chk.Changed[0]].Path, cmp.Or(why, "re-planned the edited manifests only"))
		}
		if why != "" {
			return nil, nil, false
		}
		if len(errs) > 0 {
			return nil, errs, true
		}
	case chk.Touched:
		if debug {
			fmt.Fprintln(e.stderr, "snapshot: fresh: the plan is read from it (touched files confirmed by content)")
		}
		snapshot.Save(root, s) // remember their new mtimes
	case debug:
		fmt.Fprintln(e.stderr, "snapshot: fresh: the plan is read from it")
	}
	c = &cached{root: root, snap: s, fresh: fresh}
	if json.Unmarshal(s.Head, &c.head) != nil {
		return nil, nil, false
	}
	return c, nil, true
}

// fullPlan loads the videos (all, or those args name), reads the lock and
// plans. A plan of the whole project is saved as a snapshot for the next
// no-op; output hashes of the last snapshot are reused where the files
// still stat the same.
func (e *env) fullPlan(args []string) (*manifest.Set, *plan.Plan, int) {
	start := time.Now()
	found, err := manifest.Find(".")
	if err == nil && len(args) == 0 {
		// reel's cache folder is made before the walk lists the root: made
		// after it, by the save, the next plan would take it for a change
		os.MkdirAll(filepath.Dir(snapshot.Path(found)), 0o755)
	}
	ahead := readLockAhead(found)
	set, code := e.load(args)
	if code != exitOK {
		return nil, nil, code
	}
	root := set.Project.Root
	prev := snapshot.Load(root)
	outs := render.NewOutputs(set.Project.OutputDir, prev)
	ix, err := ahead(root)
	if err != nil {
		return nil, nil, e.fail(err)
	}
	p, err := plan.Make(set.Videos, ix.Lock, plan.NewPrices(set.Project.Config.Pricing), outs.Stat)
	if err != nil {
		return nil, nil, e.fail(err)
	}
	if len(args) > 0 {
		p.DropOrphans() // a partial plan cannot tell an orphan from an unselected video
	} else {
		e.saveSnapshot(set, outs, p, ix, start)
	}
	return set, p, exitOK
}

// readLockAhead starts reading the reel.lock of the project at root (if
// any was found) while the manifests load, and returns a function that
// waits for it: a 10,000-video lock takes tens of milliseconds to decode.
// The lock of another root than the load found (the folders changed
// meanwhile) is read then.
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

// saveSnapshot records the plan and every input it read. A failure only
// costs the next no-op its speed, so it is not reported.
func (e *env) saveSnapshot(set *manifest.Set, outs *render.Outputs, p *plan.Plan, ix *lock.Indexed, start time.Time) {
	root := set.Project.Root
	// The rendered keys are written, and the actions encoded, while the
	// inputs are gathered: at ten thousand videos each takes tens of ms.
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
	for path := range set.Sums {
		paths = append(paths, path)
	}
	head, _ := json.Marshal(snapHead{plan.HeadOf(p), set.Project.Config.Budget.MaxUSD})
	s := &snapshot.Snapshot{Stamp: e.stamp(), Written: start.UnixNano(), Head: head}
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
