package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"time"

	"github.com/reel-dev/reel/internal/ci"
	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/render/watch"
	"github.com/reel-dev/reel/schema"
)

var watchCommand = &command{
	Name:    "watch",
	Args:    "[paths|ids...]",
	Summary: "re-plan on every save; with --render, render drafts of what changed",
	Long: `Validates and plans the project (or the given files, folders or ids), then
again on every save: only the manifests that changed are reloaded, with the
videos that use a changed asset (all of them when reel.yaml changes). Each
re-plan prints the errors as file:line:col, the plan of the videos it
touched and a summary line; a save that changes nothing prints nothing.
With --render, what was pending at start renders as if it had just been
saved, then what each save changes, once settled; after each render the
plan is printed again as it now stands. The API keys of the providers the
watched videos use are checked first: a missing one exits 1 at once.
Ctrl-C stops watching: jobs already submitted are recorded in reel.lock
(reel render resumes them), and reel watch exits 0.
`,
	Flags:    watchFlags,
	Needs:    map[string]string{"max-cost": "render", "settle": "render", "poll": "render"},
	Run:      runWatch,
	JSON:     &cli.JSON{Schema: schema.Events, Stream: true, Usage: "one JSON event per line"},
	Complete: planner.KnownIDs,
}

type watchOptions struct {
	debounce, settle, poll time.Duration
	render                 bool
	maxCost                float64
}

func watchFlags(fs *flag.FlagSet) any {
	var o watchOptions
	fs.DurationVar(&o.debounce, "debounce", watch.DefaultDebounce, "re-plan once saves have been quiet for `DURATION` (default 200ms)")
	fs.DurationVar(&o.settle, "settle", watch.DefaultSettle, "with --render, render a video once its files have been quiet for `DURATION` (default 3s)")
	fs.DurationVar(&o.poll, "poll", render.DefaultPoll, "with --render, wait `DURATION` before a render's first status check; the wait grows (default 2s)")
	fs.BoolVar(&o.render, "render", false, "also render what changed, once it has settled")
	ci.USDVar(fs, &o.maxCost, "with --render, spend at most `USD` in the session (default budget.max_usd); required unless every video renders in the sandbox")
	return &o
}

func runWatch(e *env, flags any, args []string) error {
	o := flags.(*watchOptions)
	if o.debounce <= 0 || o.settle <= 0 || o.poll <= 0 {
		return cli.Usagef("--debounce, --settle and --poll take a duration above zero, e.g. 200ms")
	}
	var say io.Writer // only a rendering watch has creates to let finish
	if o.render {
		say = e.stderr
	}
	err := watch.Run(watch.Config{
		Dir: e.dir, Args: args, Provider: e.provider, Sandbox: e.sandbox,
		Debounce: o.debounce, Settle: o.settle, Poll: o.poll, Render: o.render, MaxCost: o.maxCost,
		Display:       e.watchDisplay(e.json != nil),
		Interruptible: func() (context.Context, func()) { return cli.Interruptible(say, render.Interrupted) },
	})
	if errors.Is(err, watch.ErrNoBudget) {
		return cli.Usagef("%v", err)
	}
	return err
}

// watchDisplay picks the output: JSON events, a redrawn screen on a
// terminal, plain lines otherwise.
func (e *env) watchDisplay(asJSON bool) watch.Display {
	if asJSON {
		return &watch.JSON{W: e.stdout, Dir: e.dir}
	}
	return &watch.Lines{W: e.stdout, Dir: e.dir, Clear: cli.IsTerminal(e.stdout), Color: e.colorFor(e.stdout)}
}
