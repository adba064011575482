package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider/registry"
)

// exitInterrupted is the shell's code for a command stopped by Ctrl-C.
const exitInterrupted = 130

func init() {
	details["render"] = `Renders what reel plan shows: creates and re-renders are submitted
(paid), outputs that are missing are fetched again (free), jobs in flight
are waited for. Every step is recorded in reel.lock as it happens, so an
interrupted run resumes where it stopped without paying twice. Each
provider with work, free downloads included, must have its key in the
environment before the plan is shown (the sandbox needs none): a missing
one is named and nothing is sent.
Keys: ` + strings.Join(registry.KeyVars(), ", ") + `.
With no terminal to ask (CI, cron, nohup, docker without -i) a paid run
never asks: it spends within --max-cost or budget.max_usd, and without
either refuses (exit 1) unless --yes is given. On a terminal (stdin and
stderr both), "n" or Ctrl-D skips the paid renders and still does the free
downloads.
With a store in reel.yaml (store:), every clone and runner sharing it pays
for a render key once: a create is sent under the key's lease and intent
in the store, a render another machine made or is making is followed (its
output fetched from the store, or its job polled here), verified outputs
are uploaded, and downloads come from the store first. If the store cannot
be reached, what is in flight goes on and is recorded here, creates are not
sent (--offline sends them on reel.lock's word alone), the run warns that
the store was not updated, and the next run uploads what it lacks; the exit
code is the renders'. --shard I/N renders share I of N of the work, by
render key, for N runners of one CI job.
A provider that refuses a create for want of credit gets no more creates
in the run; its jobs in flight are still downloaded.
Exit: 0 all done, 1 none, 3 some failed (or out of credits after paying
for some), 4 over budget (or out of credits before paying for any), 5
busy, 130 interrupted.
`
}

// forceList is a repeatable --force flag.
type forceList []string

func (f *forceList) String() string      { return strings.Join(*f, ",") }
func (f *forceList) Set(id string) error { *f = append(*f, id); return nil }

type renderFlags struct {
	maxCost     float64
	dryRun, yes bool
	json        bool
	poll, wait  time.Duration
	force       forceList
	offline     bool
	shard       render.Shard
	test        bool
}

func runRender(e *env, args []string) int {
	fs := e.flags("render")
	var f renderFlags
	fs.Float64Var(&f.maxCost, "max-cost", -1, "refuse (exit 4) if the estimate is over `USD`; default budget.max_usd")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the plan and stop")
	fs.BoolVar(&f.yes, "yes", false, "do not ask before spending (asked only on a terminal)")
	fs.BoolVar(&f.json, "json", false, "progress as one JSON event per line")
	fs.DurationVar(&f.poll, "poll", render.DefaultPoll, "wait `DURATION` before the first status check; the wait grows (default 2s)")
	fs.DurationVar(&f.wait, "wait", 3*time.Second, "wait up to `DURATION` for another reel render on this project (default 3s)")
	fs.Var(&f.force, "force", "render the video `ID` again even if it is up to date (repeatable)")
	fs.BoolVar(&f.offline, "offline", false, offlineUsage)
	fs.BoolVar(&f.test, "test", false, testUsage)
	fs.Func("shard", "render one `SHARE` of the work, I/N: the I-th of N, by render key (for N runners of one CI job)", func(s string) (err error) {
		f.shard, err = render.ParseShard(s)
		return err
	})
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	if f.json {
		e.jsonMode("render")
	}
	if f.test {
		return e.renderTests(pos, f)
	}
	if !f.dryRun {
		unlock, code := e.lockRun(f.wait)
		if code != exitOK {
			return code
		}
		defer unlock()
	}
	if len(pos) == 0 && len(f.force) == 0 && (f.offline || !e.storeBehind()) {
		// nothing changed since a plan with nothing to do: say so, read nothing
		c, err := e.planning().FromSnapshot()
		e.debugSnapshot(c, err)
		if err == nil && !c.Head.Pending() {
			delete(c.Head.Counts, plan.Orphan)
			e.ciCached(c, f.maxCost)
			e.planned(c.Head.Head, f.json)
			return exitOK
		}
	}
	set, p, code := e.planRender(pos, f)
	if code != exitOK || set == nil {
		return code
	}
	if f.dryRun || !p.Pending() {
		return e.uploadBehind(set.Project, f)
	}
	if code := e.checkQuota(set.Project, p); code != exitOK {
		return code
	}
	if p.Paid() && p.Total.USD > 0 && !f.yes {
		return e.askFirst(set, p, f)
	}
	return e.execute(set, p, f)
}

// lockRun takes the project's run lock: one reel at a time renders or
// fetches into a project.
func (e *env) lockRun(wait time.Duration) (func(), int) {
	root, err := manifest.Find(".")
	if err != nil {
		return nil, e.fail(err)
	}
	unlock, err := render.LockRun(root, wait)
	if errors.Is(err, render.ErrBusy) {
		e.fail(fmt.Errorf("%w (waited %s): let it finish, or run again with a longer --wait", err, wait))
		return nil, exitBusy
	}
	if err != nil {
		return nil, e.fail(err)
	}
	return unlock, exitOK
}

// planRender loads the videos, plans them and prints the plan; it refuses
// a plan whose providers lack their keys before the plan is shown, and one
// over the budget before anything is spent.
func (e *env) planRender(pos []string, f renderFlags) (*manifest.Set, *plan.Plan, int) {
	set, p, err := e.planning().Full(e.selection(pos))
	if err != nil {
		e.printErrors(err)
		return nil, nil, exitError
	}
	p.DropOrphans()
	if missing := p.Force(f.force, plan.NewPrices(set.Project.Config.Pricing)); len(missing) > 0 {
		return nil, nil, e.usage("--force %s: no such video", strings.Join(missing, ", "))
	}
	if err := e.narrowRun(set.Project, p, f); err != nil {
		return nil, nil, e.fail(err)
	}
	if !f.dryRun && e.keysMissing(render.ProvidersNeeded(context.Background(), p, e.shared)) {
		return nil, nil, exitError
	}
	if f.dryRun {
		out := e.textOut()
		plan.Print(out, p, plan.Options{All: true, Color: e.colorFor(out)})
		if e.json != nil {
			e.json.events.Emit("plan", planEvent(plan.HeadOf(p)))
		}
	} else {
		e.planned(plan.HeadOf(p), f.json)
	}
	e.ciPlanned(p, renderBudget(set.Project, f.maxCost))
	if limit, ok := budget(set.Project, f.maxCost); ok {
		if err := plan.CheckBudget(p.Total, limit); err != nil {
			e.fail(err)
			return nil, nil, exitBudget
		}
	}
	return set, p, exitOK
}

// execute carries the plan out, showing progress, and reports the end.
func (e *env) execute(set *manifest.Set, p *plan.Plan, f renderFlags) int {
	if err := render.RemoveStaleDownloads(set.Project.OutputDir); err != nil {
		return e.fail(err)
	}
	ps := &render.Providers{Config: set.Project.Config.Providers}
	defer ps.Close()
	prog := e.progressFor(f.json, p)
	say := io.Writer(e.stderr)
	if l, ok := prog.(*render.Live); ok {
		say = l.Above()
	}
	ctx, stop := interruptible(say)
	defer stop()
	endStore := e.beginStore(ctx, set.Project, e.shared)
	r := &render.Runner{Project: set.Project, Open: ps.Open, Photos: ps.OpenPhotos, Poll: f.poll, Limits: limits(set.Project), Event: prog.Event, Store: e.shared}
	res := r.Run(ctx, p)
	prog.Close()
	endStore()
	return e.renderResult(ctx, p, res)
}

// progressFor picks the display: JSON events, a live view on a terminal,
// plain lines otherwise (CI logs).
func (e *env) progressFor(asJSON bool, p *plan.Plan) render.Progress {
	if asJSON {
		return e.json.events
	}
	n, width := 0, 0
	for _, a := range p.Actions {
		if a.Kind != plan.OK {
			n++
			width = max(width, len(a.ID))
		}
	}
	for _, a := range p.Avatars { // trained first, under their label
		if a.Kind != plan.OK {
			n++
			width = max(width, len(a.Label()))
		}
	}
	if isTerminal(e.stderr) {
		return render.NewLive(e.stderr, n, width)
	}
	return render.Plain{W: e.stderr, IDs: width}
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

// limits are reel.yaml's providers.<name>.concurrency settings.
func limits(p *manifest.Project) map[string]int {
	out := map[string]int{}
	for name, c := range p.Config.Providers {
		if c.Concurrency > 0 {
			out[name] = c.Concurrency
		}
	}
	return out
}

func (e *env) renderResult(ctx context.Context, p *plan.Plan, res render.Result) int {
	ids := make([]string, 0, len(res.Failed))
	for id := range res.Failed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(e.stderr, "reel: %s: %v\n", id, res.Failed[id])
	}
	e.sayOutOfCredits(res)
	interrupted := errors.Is(ctx.Err(), context.Canceled)
	line := summary(p, res)
	fmt.Fprintln(e.textOut(), line)
	if e.json != nil {
		e.json.events.Emit("rendered", renderedEvent(p, res, line, interrupted))
	}
	switch {
	case interrupted:
		fmt.Fprintln(e.stderr, "reel: interrupted: every submitted job is recorded in reel.lock; run reel render again to resume")
		return exitInterrupted
	case len(res.Failed) == 0:
		return exitOK
	case len(res.OutOfCredits) > 0:
		return outOfCreditsExit(res)
	case len(res.Done) > 0:
		return exitPartial
	}
	return exitError
}

// summary is the run's last line: what was rendered, fetched, up to date
// and failed, and what it cost.
func summary(p *plan.Plan, res render.Result) string {
	stopped := ""
	if len(res.Stopped) > 0 {
		stopped = fmt.Sprintf(", stopped %d", len(res.Stopped))
	}
	return fmt.Sprintf("Rendered %d, downloaded %d, up to date %d, failed %d%s. Spent about $%.2f.",
		res.Rendered, res.Fetched, p.Counts()[plan.OK], len(res.Failed), stopped, res.SpentUSD)
}
