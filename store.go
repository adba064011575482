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
func (e *env) sharedFor(p *manifest.Project) (*render.Shared, error) {
	if e.offline {
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

// storeOpener is sharedFor as the planner opens the store: nil for
// --offline, which leaves the store out of the plan.
func (e *env) storeOpener() planner.StoreOpener {
	if e.offline {
		return nil
	}
	return func(p *manifest.Project) (planner.Rendered, error) {
		sh, err := e.sharedFor(p)
		if sh == nil {
			return nil, err // an untyped nil: no store
		}
		return sh, err
	}
}

// storeWarning says, on stderr, that the store is out of reach and what
// that means for the command.
func (e *env) storeWarning(sh *render.Shared, meaning string) {
	if line := render.DamageWarning(sh); line != "" {
		fmt.Fprintln(e.stderr, line)
	}
	if err := sh.Down(); err != nil {
		fmt.Fprintf(e.stderr, "reel: warning: %s: %v; %s\n", sh, err, meaning)
	}
}

// withStore lets the store say what plan p's renders are (the planner's
// WithStore), warning when it is out of reach; proj is the project a full
// plan loaded, nil for one read from the snapshot.
func (e *env) withStore(p *plan.Plan, proj *manifest.Project) error {
	down, err := e.planning().WithStore(context.Background(), p, proj)
	if down != nil {
		e.storeWarning(e.shared, "planned from reel.lock alone")
	}
	return err
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
	if _, err := e.sharedFor(proj); err != nil { // opened for the run's downloads and uploads too
		return err
	}
	return e.withStore(p, proj)
}

// uploadBehind is a render with nothing to do, whose store may lack what
// an earlier run recorded: it uploads that.
func (e *env) uploadBehind(p *manifest.Project, o *renderOptions) error {
	if o.dryRun || e.offline || !render.Behind(p.Root) {
		return nil
	}
	sh, err := e.sharedFor(p)
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
func (e *env) forgetStored(p *manifest.Project, keys map[string]string, missing []string) []string {
	sh, err := e.sharedFor(p)
	if err != nil || sh == nil {
		return missing
	}
	e.planning().CurrentKeys(missing, keys)
	cleared := render.ForgetIntents(context.Background(), sh, keys, e.stdout, e.stderr)
	return slices.DeleteFunc(missing, func(id string) bool { return slices.Contains(cleared, id) })
}
