package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
)

// The store's part of the commands: reel.yaml's store:, which --offline
// leaves out, and --shard.

// offlineUsage is the help of every command's --offline.
const offlineUsage = "leave reel.yaml's store out: reel.lock alone says what was rendered"

// sharedFor opens the project's store for a command, once: nil without a
// store or with --offline (render.OpenStore).
func (e *env) sharedFor(p *manifest.Project, offline bool) (*render.Shared, error) {
	if offline {
		return nil, nil
	}
	if e.shared == nil {
		sh, err := render.OpenStore(context.Background(), p, false)
		if err != nil {
			return nil, err
		}
		e.shared = sh
	}
	return e.shared, nil
}

// storeWarning says, on stderr, that the store is out of reach and what
// that means for the command.
func (e *env) storeWarning(sh *render.Shared, meaning string) {
	if err := sh.Down(); err != nil {
		fmt.Fprintf(e.stderr, "reel: warning: %s: %v; %s\n", sh, err, meaning)
	}
}

// planStore is reel plan's look at the store (storePlan): proj is the
// project a full plan loaded, or nil for a plan read from the snapshot.
func (e *env) planStore(p *plan.Plan, proj *manifest.Project, offline bool) error {
	if offline || !p.Paid() {
		return nil
	}
	if proj == nil {
		var err error
		if proj, err = e.project(); err != nil {
			return err
		}
	}
	return e.storePlan(p, proj, offline)
}

// storePlan opens the store and lets it say what was rendered: each paid
// action whose key the store holds becomes a free download from it.
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

// narrowRun is a run's share of the plan (--shard), with what the store
// has rendered taken from there.
func (e *env) narrowRun(proj *manifest.Project, p *plan.Plan, o *renderOptions) error {
	if o.shard.N > 1 {
		if others := o.shard.Narrow(p); others > 0 {
			fmt.Fprintf(e.stderr, "reel: --shard %s: %s with work to do %s left to the other shards\n", o.shard, english.Count(others, "video"), map[bool]string{true: "is", false: "are"}[others == 1])
		}
	}
	return e.storePlan(p, proj, o.offline)
}

// uploadBehind is a render with nothing to do, whose store may lack what
// an earlier run recorded: it uploads that.
func (e *env) uploadBehind(p *manifest.Project, o *renderOptions) error {
	if o.dryRun || o.offline || !render.Behind(p.Root) {
		return nil
	}
	sh, err := e.sharedFor(p, false)
	if err != nil {
		return err
	}
	ctx, stop := cli.Interruptible(nil, render.Interrupted)
	defer stop()
	render.StartStore(ctx, p, sh, e.stderr)()
	return nil
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
	cleared := render.ForgetIntents(context.Background(), sh, keys, e.stdout, e.stderr)
	return slices.DeleteFunc(missing, func(id string) bool { return slices.Contains(cleared, id) })
}
