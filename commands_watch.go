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
Flags:
  --debounce DURATION  quiet time before a re-plan (default 200ms)
  --render             also render what changed, once it has settled
  --settle DURATION    how long a video's files must be quiet before --render
                       renders it (default 3s)
  --max-cost USD       the session's budget for --render (default budget.max_usd);
                       required unless every video renders in the sandbox
  --json               one JSON event per line (reel schema events)
  --poll DURATION      first wait between status checks of a render (default 2s)
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
	sess, err := watch.Open(root, watch.SessionOptions{Provider: e.provider, Only: only})
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
	disp := e.watchDisplay(f.json)
	var drafts *watch.Drafts
	if f.render {
		drafts = e.drafts(ctx, sess, f, disp)
	}
	w, err := watch.New(watch.Options{
		Root: root, Skip: sess.Skip, Ignore: sess.Ignore, Debounce: f.debounce, OnNotice: disp.Notice,
		OnBatch: func(b watch.Batch) {
			u, err := sess.Apply(b)
			switch {
			case err != nil:
				disp.Notice(err.Error())
			case u != nil:
				disp.Plan(u)
				if drafts != nil {
					drafts.Changed(u)
				}
			}
		},
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
	if _, limited := budget(sess.Project(), f.maxCost); f.render && sess.Paid() && !limited {
		w.Close()
		return e.usage("watch --render with a paid provider needs a budget for the session: pass --max-cost USD or set budget.max_usd in reel.yaml")
	}
	disp.Plan(first)
	disp.Watching(root)
	w.Run(ctx)
	if drafts != nil {
		drafts.Close()
		if drafts.Interrupted() {
			disp.Notice("stopped: every job already submitted is recorded in reel.lock; run reel render to finish them")
		}
	}
	return exitOK
}

func (e *env) watchFlags(args []string) (watchFlags, []string, error) {
	fs := e.flags("watch")
	var f watchFlags
	fs.DurationVar(&f.debounce, "debounce", watch.DefaultDebounce, "")
	fs.DurationVar(&f.settle, "settle", watch.DefaultSettle, "")
	fs.DurationVar(&f.poll, "poll", render.DefaultPoll, "")
	fs.BoolVar(&f.render, "render", false, "")
	fs.BoolVar(&f.json, "json", false, "")
	fs.Float64Var(&f.maxCost, "max-cost", -1, "")
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
	return &watch.Lines{W: e.stdout, Dir: e.dir, Clear: isTerminal(e.stdout)}
}

// drafts sets up reel watch --render: drafts render unattended on every
// settled save, so with a paid provider the session needs a budget
// (checked once the videos are loaded).
func (e *env) drafts(ctx context.Context, sess *watch.Session, f watchFlags, disp watch.Display) *watch.Drafts {
	limit, limited := budget(sess.Project(), f.maxCost)
	d := &watch.Drafts{
		Settle: f.settle, Budget: limit, Limited: limited,
		Prepare: func(ids []string) (*watch.Job, error) { return sess.Prepare(ids, 0) },
		Run: func(ctx context.Context, job *watch.Job) render.Result {
			ps := &render.Providers{Config: job.Project.Config.Providers}
			defer ps.Close()
			r := &render.Runner{Project: job.Project, Open: ps.Open, Poll: f.poll, Limits: limits(job.Project), Event: disp.Event}
			return r.Run(ctx, job.Plan)
		},
		Notice:   disp.Notice,
		Rendered: disp.Rendered,
	}
	d.Start(ctx)
	return d
}
