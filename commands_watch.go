package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/watch"
)

func init() {
	details["watch"] = `Validates and plans the project (or the given files, folders or ids), then
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
`
}

type watchFlags struct {
	debounce, settle, poll time.Duration
	render, json           bool
	maxCost                float64
}

// runWatch starts watching before it loads the manifests: a save made
// while ten thousand manifests load is then re-planned, not lost.
func runWatch(e *env, args []string) int {
	f, pos, err := e.watchFlags(args)
	if err != nil {
		return e.usage("%v", err)
	}
	if f.json {
		e.jsonMode("watch")
	}
	root, err := manifest.Find(".")
	if err != nil {
		return e.fail(err)
	}
	only, check, err := selector(e.dir, pos)
	if err != nil {
		return e.fail(err)
	}
	sess, err := watch.Open(root, watch.SessionOptions{Provider: e.provider, Sandbox: e.sandbox, Only: only})
	if err != nil {
		e.printErrors(err)
		return exitError
	}
	var say io.Writer // only a rendering watch has creates to let finish
	if f.render {
		say = e.stderr
	}
	ctx, stop := interruptible(say)
	defer stop()
	loop := &watch.Loop{Session: sess, Display: e.watchDisplay(f.json)}
	if f.render {
		loop.Drafts = e.drafts(ctx, sess, f, loop)
	}
	w, err := watch.New(watch.Options{
		Root: root, Skip: sess.Skip, Ignore: sess.Ignore, Debounce: f.debounce,
		OnNotice: loop.Display.Notice, OnBatch: loop.Batch,
	})
	if err != nil {
		return e.fail(err)
	}
	first, err := sess.First()
	if err != nil {
		return e.fail(err)
	}
	if miss := check(); len(miss) > 0 {
		w.Close()
		return e.fail(fmt.Errorf("no manifest matches %s: give a manifest file, a folder of them or a video id (see include in reel.yaml)", strings.Join(miss, ", ")))
	}
	if code := e.watchPreflight(sess, first, f); code != exitOK {
		w.Close()
		return code
	}
	loop.Begin(first)
	loop.Display.Watching(root)
	w.Run(ctx)
	if loop.Drafts != nil {
		loop.Drafts.Close()
		if loop.Drafts.Interrupted() {
			loop.Display.Notice("stopped: every job already submitted is recorded in reel.lock; run reel render to finish them")
		}
	}
	return exitOK
}

// watchPreflight checks what reel watch --render needs before it shows or
// sends anything: the providers' keys first, then a session budget.
func (e *env) watchPreflight(sess *watch.Session, first *watch.Update, f watchFlags) int {
	if !f.render {
		return exitOK
	}
	if err := sess.CheckKeys(first); err != nil {
		return e.fail(err)
	}
	if _, limited := budget(sess.Project(), f.maxCost); sess.Paid() && !limited {
		return e.usage("watch --render with a paid provider needs a budget for the session: pass --max-cost USD or set budget.max_usd in reel.yaml")
	}
	return exitOK
}

func (e *env) watchFlags(args []string) (watchFlags, []string, error) {
	fs := e.flags("watch")
	var f watchFlags
	fs.DurationVar(&f.debounce, "debounce", watch.DefaultDebounce, "re-plan once saves have been quiet for `DURATION` (default 200ms)")
	fs.DurationVar(&f.settle, "settle", watch.DefaultSettle, "with --render, render a video once its files have been quiet for `DURATION` (default 3s)")
	fs.DurationVar(&f.poll, "poll", render.DefaultPoll, "wait `DURATION` before a render's first status check; the wait grows (default 2s)")
	fs.BoolVar(&f.render, "render", false, "also render what changed, once it has settled")
	fs.BoolVar(&f.json, "json", false, "one JSON event per line")
	fs.Float64Var(&f.maxCost, "max-cost", -1, "with --render, spend at most `USD` in the session (default budget.max_usd); required unless every video renders in the sandbox")
	pos, err := e.parse(fs, args)
	if err == nil && (f.debounce <= 0 || f.settle <= 0 || f.poll <= 0) {
		err = fmt.Errorf("--debounce, --settle and --poll take a duration above zero, e.g. 200ms")
	}
	return f, pos, err
}

// watchDisplay picks the output: JSON events, a redrawn screen on a
// terminal, plain lines otherwise.
func (e *env) watchDisplay(asJSON bool) watch.Display {
	if asJSON {
		return &watch.JSON{W: e.stdout, Dir: e.dir}
	}
	return &watch.Lines{W: e.stdout, Dir: e.dir, Clear: isTerminal(e.stdout), Color: e.colorFor(e.stdout)}
}

// drafts sets up reel watch --render: drafts render unattended on every
// settled save, so with a paid provider the session needs a budget
// (checked once the videos are loaded).
func (e *env) drafts(ctx context.Context, sess *watch.Session, f watchFlags, loop *watch.Loop) *watch.Drafts {
	limit, limited := budget(sess.Project(), f.maxCost)
	d := &watch.Drafts{
		Settle: f.settle, Budget: limit, Limited: limited,
		Prepare: func(ids []string) (*watch.Job, error) { return sess.Prepare(ids, 0) },
		Run: func(ctx context.Context, job *watch.Job) render.Result {
			ps := &render.Providers{Config: job.Project.Config.Providers}
			defer ps.Close()
			r := &render.Runner{Project: job.Project, Open: ps.Open, Photos: ps.OpenPhotos, Poll: f.poll, Limits: limits(job.Project), Event: loop.Display.Event}
			return e.runShared(ctx, r, job.Plan)
		},
		Notice:   loop.Display.Notice,
		Rendered: loop.Rendered,
	}
	d.Start(ctx)
	return d
}
