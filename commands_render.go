package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
)

// exitInterrupted is the shell's code for a command stopped by Ctrl-C.
const exitInterrupted = 130

func init() {
	details["render"] = `Renders what reel plan shows: creates and re-renders are submitted
(paid), outputs that are missing are fetched again (free), jobs in flight
are waited for. Every step is recorded in reel.lock as it happens, so an
interrupted run resumes where it stopped without paying twice.
Flags:
  --max-cost USD   refuse (exit 4) if the estimate is over USD; default budget.max_usd
  --poll DURATION  wait between status checks (default 2s)
Exit: 0 all rendered, 1 none, 3 some failed, 4 over budget, 130 interrupted.
`
}

func runRender(e *env, args []string) int {
	fs := e.flags("render")
	maxCost := fs.Float64("max-cost", -1, "")
	poll := fs.Duration("poll", 2*time.Second, "")
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	set, code := e.load(pos)
	if code != exitOK {
		return code
	}
	root := set.Project.Root
	l, err := lock.Read(filepath.Join(root, lock.FileName))
	if err != nil {
		return e.fail(err)
	}
	p, err := plan.Make(set.Videos, l, plan.NewPrices(set.Project.Config.Pricing), render.StatOutputs(set.Project.OutputDir))
	if err != nil {
		return e.fail(err)
	}
	p.DropOrphans()
	fmt.Fprintln(e.stdout, plan.Summary(p))
	if limit, ok := budget(set.Project, *maxCost); ok && p.Total.USD > limit {
		fmt.Fprintf(e.stderr, "reel: refused: the estimate %s is over the budget of $%.2f: raise budget.max_usd in reel.yaml or pass --max-cost\n", p.Total, limit)
		return exitBudget
	}
	if !p.Pending() {
		return exitOK
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ps := &render.Providers{Config: set.Project.Config.Providers}
	defer ps.Close()
	r := &render.Runner{Project: set.Project, Open: ps.Open, Poll: *poll, Concurrency: concurrency(set.Project), Event: e.progress}
	res := r.Run(ctx, p)
	return e.renderResult(ctx, res)
}

// budget is the run's spending limit: --max-cost, else budget.max_usd.
func budget(p *manifest.Project, flag float64) (float64, bool) {
	if flag >= 0 {
		return flag, true
	}
	if m := p.Config.Budget.MaxUSD; m != nil {
		return *m, true
	}
	return 0, false
}

func concurrency(p *manifest.Project) int {
	n := 4
	for _, c := range p.Config.Providers {
		if c.Concurrency > n {
			n = c.Concurrency
		}
	}
	return n
}

func (e *env) progress(ev render.Event) {
	fmt.Fprintf(e.stderr, "%-9s %s  %s\n", ev.Step, ev.ID, ev.Detail)
}

func (e *env) renderResult(ctx context.Context, res render.Result) int {
	ids := make([]string, 0, len(res.Failed))
	for id := range res.Failed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(e.stderr, "reel: %s: %v\n", id, res.Failed[id])
	}
	fmt.Fprintf(e.stdout, "Rendered %d, failed %d.\n", len(res.Done), len(res.Failed))
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		fmt.Fprintln(e.stderr, "reel: interrupted: every submitted job is recorded in reel.lock; run reel render again to resume")
		return exitInterrupted
	case len(res.Failed) == 0:
		return exitOK
	case len(res.Done) > 0:
		return exitPartial
	}
	return exitError
}
