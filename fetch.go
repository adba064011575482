package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"time"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/planner"
)

var fetchCommand = &command{
	Name:    "fetch",
	Args:    "[paths|ids...]",
	Summary: "download outputs reel.lock records but that are missing here; never renders",
	Long: `Downloads each output reel.lock records but that is missing here (a fresh
clone, a cleaned output folder), or that is not the file recorded, from the
provider, API and job that made it, whatever reel.yaml, the manifests or
--provider say now. It works from reel.lock alone: a video whose manifest
is gone is fetched by its id. It never renders, never pays and checks no
budget; it writes nothing to reel.lock.
Each download must be the very file recorded (its size and SHA-256), or it
is not saved. The lock does not say whether captions were burned in: the
job's captioned video is tried first, then the plain one, and the one with
the recorded SHA-256 is kept; a caption file is fetched for a render whose
captions were not burned in.
Arguments: video ids (an id without @ takes its variants too), manifest
files or folders of them. Without any, every video in reel.lock.
With a store in reel.yaml, each output comes from the store first (checked
by its SHA-256 like any download), and from the provider only if the store
lacks it: a fresh clone needs no provider key for what the store holds.
Exit: 0 all fetched (or nothing missing), 1 none, 3 some failed, 130 interrupted.
`,
	Flags: func(fs *flag.FlagSet) any {
		var o fetchOptions
		fs.DurationVar(&o.wait, "wait", 3*time.Second, "wait up to `DURATION` for another reel render on this project (default 3s)")
		fs.BoolVar(&o.offline, "offline", false, offlineUsage)
		return &o
	},
	Run:      runFetch,
	Complete: planner.KnownIDs,
}

type fetchOptions struct {
	wait    time.Duration
	offline bool
}

func runFetch(e *env, flags any, args []string) error {
	o := flags.(*fetchOptions)
	e.offline = o.offline
	unlock, err := render.LockProject(e.dir, o.wait)
	if err != nil {
		return err
	}
	defer unlock()
	p, l, err := planner.Recorded(e.dir)
	if err != nil {
		return err
	}
	ids, err := planner.FetchIDs(p, l, e.dir, args)
	if err != nil {
		return err
	}
	todo := planner.MissingOutputs(p, l, ids, len(args) > 0)
	for _, u := range todo.Unfinished {
		fmt.Fprintf(e.stderr, "reel: %v\n", u)
	}
	if len(todo.Missing)+len(todo.Failed) == 0 {
		fmt.Fprintln(e.stdout, "Nothing to fetch: every output reel.lock records is here.")
		return nil
	}
	sh, err := e.sharedFor(p)
	if err != nil {
		return err
	}
	if err := render.MissingKeys(render.ProvidersToFetch(context.Background(), sh, todo.Missing)...); err != nil {
		return err
	}
	return e.fetch(p, todo)
}

// fetch downloads the recorded outputs, shows progress and reports the end.
func (e *env) fetch(p *manifest.Project, todo planner.Refetch) error {
	width := 0
	for _, r := range todo.Missing {
		width = max(width, len(r.ID))
	}
	prog := render.NewProgress(e.stderr, cli.IsTerminal(e.stderr), len(todo.Missing), width)
	ctx, stop := cli.Interruptible(nil, render.Interrupted)
	defer stop()
	res, err := render.Refetch(ctx, p, todo.Missing, e.shared, prog.Event)
	e.storeWarning(e.shared, "what it lacked came from the providers")
	prog.Close()
	if err != nil {
		return err
	}
	maps.Copy(todo.Failed, res.Failed)
	e.printFailed(todo.Failed)
	fmt.Fprintln(e.stdout, render.FetchSummary(res, len(todo.Failed)))
	if errors.Is(ctx.Err(), context.Canceled) {
		fmt.Fprintln(e.stderr, "reel: interrupted: run reel fetch again for the rest")
		return errInterrupted
	}
	return failedEnd(len(todo.Failed), len(res.Done))
}
