package main

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
)

// The store's part of the commands: reel.yaml's store:, which --offline
// leaves out, and --shard.

// offlineUsage is the help of every command's --offline.
const offlineUsage = "leave reel.yaml's store out: reel.lock alone says what was rendered"

// sharedFor opens the project's store for a command, once: nil without a
// store or with --offline. A store that cannot be opened comes back down
// and the command says so; a bad REEL_STORE_LEASE is an error.
func (e *env) sharedFor(p *manifest.Project, offline bool) (*render.Shared, error) {
	if offline || p.StoreURL() == "" {
		return nil, nil
	}
	if e.shared != nil {
		return e.shared, nil
	}
	sh, err := render.OpenShared(context.Background(), p.Root, p.StoreURL())
	if err != nil {
		return nil, err
	}
	e.shared = sh
	return sh, nil
}

// storeWarning says, on stderr, that the store is out of reach and what
// that means for the command.
func (e *env) storeWarning(sh *render.Shared, meaning string) {
	if err := sh.Down(); err != nil {
		fmt.Fprintf(e.stderr, "reel: warning: %s: %v; %s\n", sh, err, meaning)
	}
}

// storePlan lets the store say what was rendered: each paid action whose
// key the store holds becomes a free download from it.
func (e *env) storePlan(p *plan.Plan, proj *manifest.Project, offline bool) error {
	sh, err := e.sharedFor(proj, offline)
	if err != nil || sh == nil || !p.Paid() {
		return err
	}
	if _, err := planner.FromStore(context.Background(), p, sh); err != nil {
		e.storeWarning(sh, "planned from reel.lock alone")
	}
	return nil
}

// storeMayChange reports whether the store may change a plan read from
// the snapshot, which knows nothing of it: the plan pays for renders and
// the project has a store that --offline does not leave out.
func (e *env) storeMayChange(h plan.Head, offline bool) bool {
	if offline || !h.Paid() {
		return false
	}
	p, err := e.project()
	return err != nil || p.StoreURL() != ""
}

// project loads reel.yaml of the project reel runs in.
func (e *env) project() (*manifest.Project, error) {
	root, err := manifest.Find(e.dir)
	if err != nil {
		return nil, err
	}
	return manifest.LoadProject(root)
}

// storeBehind reports whether the project's store may lack renders an
// earlier run recorded: a render that looks like a no-op runs then, to
// upload them.
func (e *env) storeBehind() bool {
	root, err := manifest.Find(e.dir)
	return err == nil && render.Behind(root)
}

// beginStore readies the store for a run that may write to it: the store
// is marked behind until the run ends with everything written, and what an
// earlier run could not write is uploaded first. The function it returns
// ends the run's part: it says what the store was not given.
func (e *env) beginStore(ctx context.Context, p *manifest.Project, sh *render.Shared) func() {
	if sh == nil {
		return func() {}
	}
	behind := render.Behind(p.Root)
	if err := render.MarkBehind(p.Root); err != nil {
		fmt.Fprintf(e.stderr, "reel: warning: %v\n", err)
	}
	if behind {
		if l, err := lock.Read(filepath.Join(p.Root, lock.FileName)); err == nil {
			if n, _ := sh.CatchUp(ctx, p.OutputDir, l); n > 0 {
				fmt.Fprintf(e.stderr, "reel: uploaded %s that earlier runs could not to %s\n", english.Count(n, "render"), sh)
			}
		}
	}
	return func() { e.endStore(sh, p.Root) }
}

// endStore clears the store's mark when it holds all the run rendered, and
// otherwise says it was not updated. The exit code stays the run's: every
// render is verified and recorded in reel.lock here, and the next reel
// render uploads what the store lacks.
func (e *env) endStore(sh *render.Shared, root string) {
	missed, down := sh.Missed(), sh.Down()
	if len(missed) == 0 && down == nil {
		render.ClearBehind(root)
		return
	}
	what := "some renders"
	if len(missed) > 0 {
		what = english.Count(len(missed), "video") + " (" + firstFew(missed, 5) + ")"
	}
	why := ""
	if down != nil {
		why = ": " + down.Error()
	}
	fmt.Fprintf(e.stderr, "reel: warning: %s was not updated with %s%s; they are rendered, verified and recorded in reel.lock here, and the next reel render uploads them\n", sh, what, why)
}

// firstFew lists up to n ids, and how many more.
func firstFew(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:n], ", ") + fmt.Sprintf(" and %d more", len(ids)-n)
}

// narrowRun is a run's share of the plan (--shard), with what the store
// has rendered taken from there.
func (e *env) narrowRun(proj *manifest.Project, p *plan.Plan, f renderFlags) error {
	if f.shard.N > 1 {
		if others := f.shard.Narrow(p); others > 0 {
			fmt.Fprintf(e.stderr, "reel: --shard %s: %s with work to do %s left to the other shards\n", f.shard, english.Count(others, "video"), map[bool]string{true: "is", false: "are"}[others == 1])
		}
	}
	return e.storePlan(p, proj, f.offline)
}

// uploadBehind is a render with nothing to do, whose store may lack what
// an earlier run recorded: it uploads that.
func (e *env) uploadBehind(p *manifest.Project, f renderFlags) int {
	if f.dryRun || f.offline || !render.Behind(p.Root) {
		return exitOK
	}
	sh, err := e.sharedFor(p, false)
	if err != nil {
		return e.fail(err)
	}
	ctx, stop := interruptible(nil)
	defer stop()
	e.beginStore(ctx, p, sh)()
	return exitOK
}

// planStore is reel plan's look at the store: proj is the project a full
// plan loaded, or nil for a plan read from the snapshot.
func (e *env) planStore(p *plan.Plan, proj *manifest.Project, offline bool) int {
	if offline || !p.Paid() {
		return exitOK
	}
	if proj == nil {
		var err error
		if proj, err = e.project(); err != nil {
			e.printErrors(err)
			return exitError
		}
	}
	if err := e.storePlan(p, proj, offline); err != nil {
		return e.fail(err)
	}
	return exitOK
}

// notStored is the recorded renders whose output the store does not hold:
// only those need their provider's key.
func notStored(sh *render.Shared, recs []render.Recorded) []render.Recorded {
	if sh == nil {
		return recs
	}
	sums := make([]string, len(recs))
	for i, r := range recs {
		sums[i] = r.SHA256
	}
	held := sh.Holds(context.Background(), sums)
	var out []render.Recorded
	for _, r := range recs {
		if !held[r.SHA256] {
			out = append(out, r)
		}
	}
	return out
}

// forgetStored gives up, in the store, the unconfirmed creates of the
// videos reel forget names: by the key reel.lock recorded for them, or,
// for a video reel.lock lacks (another machine's create), by its current
// key. It returns the ids still found nowhere.
func (e *env) forgetStored(p *manifest.Project, keys map[string]string, missing []string, offline bool) []string {
	sh, err := e.sharedFor(p, offline)
	if err != nil || sh == nil {
		return missing
	}
	if len(missing) > 0 {
		if set, _ := e.planning().Load(nil); set != nil {
			for _, v := range set.Videos {
				if slices.Contains(missing, v.ID) {
					keys[v.ID] = v.Request.Key
				}
			}
		}
	}
	ids := slices.Sorted(maps.Keys(keys))
	var cleared []string
	for _, id := range ids {
		rec, err := sh.ForgetIntent(context.Background(), keys[id])
		switch {
		case err != nil:
			fmt.Fprintf(e.stderr, "reel: %s: the store's record was not changed: %v\n", id, err)
		case rec != nil:
			fmt.Fprintf(e.stdout, "forgot %s's unconfirmed create of %s in %s (started %s)\n", rec.Holder, id, sh, rec.Time.UTC().Format(time.RFC3339))
			cleared = append(cleared, id)
		}
	}
	var still []string
	for _, id := range missing {
		if !slices.Contains(cleared, id) {
			still = append(still, id)
		}
	}
	return still
}

// runShared is a reel watch --render run with the project's store, opened
// anew for each run (a store that failed one run is asked again the
// next): its creates take the store's leases as reel render's do.
func (e *env) runShared(ctx context.Context, r *render.Runner, p *plan.Plan) render.Result {
	proj := r.Project
	if proj.StoreURL() == "" {
		return r.Run(ctx, p)
	}
	sh, err := render.OpenShared(ctx, proj.Root, proj.StoreURL())
	if err != nil {
		sh = render.DownShared(err) // its creates are refused, not sent unguarded
	}
	r.Store = sh
	defer e.beginStore(ctx, proj, sh)()
	return r.Run(ctx, p)
}
