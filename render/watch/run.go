package watch

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
)

// ErrNoBudget refuses reel watch --render with a paid provider and no
// budget: drafts render unattended on every settled save.
var ErrNoBudget = errors.New("watch --render with a paid provider needs a budget for the session: pass --max-cost USD or set budget.max_usd in reel.yaml")

// Config is a reel watch session as the command line asks for it.
type Config struct {
	Dir      string   // the folder reel runs in
	Args     []string // the manifest files, folders and video ids to watch; none: all
	Provider string   // --provider
	Sandbox  *bool    // --sandbox; nil: as reel.yaml says

	Debounce, Settle, Poll time.Duration
	Render                 bool    // --render: render drafts of what changed
	MaxCost                float64 // --max-cost; negative: budget.max_usd
	Display                Display
	Warn                   io.Writer // what the store was not given, and other warnings
	// Interruptible makes the context that ends the session (on Ctrl-C),
	// once the manifests are loaded: a Ctrl-C before ends the process as
	// usual. It returns the function that stops it.
	Interruptible func() (context.Context, func())
}

// Run watches the project at or above cfg.Dir until the session's context
// ends. It starts
// watching before it loads the manifests: a save made while ten thousand
// manifests load is then re-planned, not lost. With cfg.Render it checks
// the providers' keys, then a session budget (ErrNoBudget), before it shows
// or sends anything.
func Run(cfg Config) error {
	root, err := manifest.Find(cfg.Dir)
	if err != nil {
		return err
	}
	var picked *planner.Args
	opt := SessionOptions{Provider: cfg.Provider, Sandbox: cfg.Sandbox}
	if len(cfg.Args) > 0 {
		picked = planner.NewArgs(cfg.Dir, cfg.Args)
		opt.Only = picked.File
	}
	sess, err := Open(root, opt)
	if err != nil {
		return err
	}
	ctx, stop := cfg.Interruptible()
	defer stop()
	loop := &Loop{Session: sess, Display: cfg.Display}
	if cfg.Render {
		loop.Drafts = drafts(ctx, sess, cfg, loop)
	}
	w, err := New(Options{
		Root: root, Skip: sess.Skip, Ignore: sess.Ignore, Debounce: cfg.Debounce,
		OnNotice: loop.Display.Notice, OnBatch: loop.Batch,
	})
	if err != nil {
		return err
	}
	first, err := sess.First()
	if err == nil && picked != nil {
		err = picked.Unmatched()
	}
	if err == nil && cfg.Render {
		err = preflight(sess, first, cfg.MaxCost)
	}
	if err != nil {
		w.Close()
		return err
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
	return nil
}

// preflight checks what reel watch --render needs before it shows or
// sends anything: the providers' keys first, then a session budget.
func preflight(sess *Session, first *Update, maxCost float64) error {
	if err := sess.CheckKeys(first); err != nil {
		return err
	}
	if _, limited := plan.Limit(maxCost, sess.Project().Config.Budget.MaxUSD); sess.Paid() && !limited {
		return ErrNoBudget
	}
	return nil
}

// drafts sets up reel watch --render: drafts render unattended on every
// settled save, so with a paid provider the session needs a budget
// (checked once the videos are loaded).
func drafts(ctx context.Context, sess *Session, cfg Config, loop *Loop) *Drafts {
	limit, limited := plan.Limit(cfg.MaxCost, sess.Project().Config.Budget.MaxUSD)
	d := &Drafts{
		Settle: cfg.Settle, Budget: limit, Limited: limited,
		Prepare: func(ids []string) (*Job, error) { return sess.Prepare(ids, 0) },
		Run: func(jobCtx context.Context, job *Job) render.Result {
			ps := &render.Providers{Config: job.Project.Config.Providers}
			defer ps.Close()
			r := &render.Runner{Project: job.Project, Open: ps.Open, Photos: ps.OpenPhotos, Poll: cfg.Poll, Limits: render.Limits(job.Project), Event: loop.Display.Event}
			return render.RunShared(jobCtx, r, job.Plan, cfg.Warn)
		},
		Notice:   loop.Display.Notice,
		Rendered: loop.Rendered,
	}
	d.Start(ctx)
	return d
}
