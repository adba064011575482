package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/reel-dev/reel/internal/ci"
	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/render/provider/registry"
	"github.com/reel-dev/reel/schema"
)

var renderCommand = &command{
	Name:    "render",
	Args:    "[paths|ids...]",
	Summary: "render what changed, fetch what is missing, record it in reel.lock",
	Long: `Renders what reel plan shows: creates and re-renders are submitted
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
`,
	Flags:    renderFlags,
	Run:      runRender,
	JSON:     &cli.JSON{Schema: schema.Events, Stream: true, Usage: "progress as one JSON event per line"},
	Complete: planner.KnownIDs,
}

type renderOptions struct {
	maxCost     float64
	dryRun, yes bool
	poll, wait  time.Duration
	force       cli.Strings
	offline     bool
	shard       render.Shard
	test        bool
}

func renderFlags(fs *flag.FlagSet) any {
	var o renderOptions
	ci.USDVar(fs, &o.maxCost, "refuse (exit 4) if the estimate is over `USD`; default budget.max_usd")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the plan and stop")
	fs.BoolVar(&o.yes, "yes", false, "do not ask before spending (asked only on a terminal)")
	fs.DurationVar(&o.poll, "poll", render.DefaultPoll, "wait `DURATION` before the first status check; the wait grows (default 2s)")
	fs.DurationVar(&o.wait, "wait", 3*time.Second, "wait up to `DURATION` for another reel render on this project (default 3s)")
	fs.Var(&o.force, "force", "render the video `ID` again even if it is up to date (repeatable)")
	fs.BoolVar(&o.offline, "offline", false, offlineUsage)
	fs.BoolVar(&o.test, "test", false, testUsage)
	fs.Func("shard", "render one `SHARE` of the work, I/N: the I-th of N, by render key (for N runners of one CI job)", func(s string) (err error) {
		if o.shard, err = render.ParseShard(s); err != nil {
			return cli.Want("I/N with 1 ≤ I ≤ N, e.g. --shard 2/3 on the second of three runners")
		}
		return nil
	})
	return &o
}

func runRender(e *env, flags any, args []string) error {
	o := flags.(*renderOptions)
	e.offline = o.offline
	if o.test {
		return e.renderTests(args, o)
	}
	if !o.dryRun {
		unlock, err := render.LockProject(e.dir, o.wait)
		if err != nil {
			return err
		}
		defer unlock()
	}
	if len(args) == 0 && len(o.force) == 0 && (e.offline || !e.storeBehind()) {
		// nothing changed since a plan with nothing to do: say so, read nothing
		c, err := e.planning().FromSnapshot()
		e.debugSnapshot(c, err)
		if err == nil && !c.Head.Pending() {
			delete(c.Head.Counts, plan.Orphan)
			e.ciCached(c, o)
			e.planned(c.Head.Head)
			return nil
		}
	}
	set, p, err := e.planRender(args, o)
	if err != nil {
		return err
	}
	if o.dryRun || !p.Pending() {
		return e.uploadBehind(set.Project, o)
	}
	if err := e.checkQuota(set.Project, p); err != nil {
		return err
	}
	if p.Paid() && p.Total.USD > 0 && !o.yes {
		return e.askFirst(set, p, o)
	}
	return e.execute(set, p, o)
}

// planRender loads the videos, plans them and prints the plan; it refuses
// a plan whose providers lack their keys before the plan is shown, and one
// over the budget before anything is spent.
func (e *env) planRender(args []string, o *renderOptions) (*manifest.Set, *plan.Plan, error) {
	set, p, err := e.planning().Full(planner.Select(e.dir, args))
	if err != nil {
		return nil, nil, err
	}
	p.DropOrphans()
	if missing := p.Force(o.force, plan.NewPrices(set.Project.Config.Pricing)); len(missing) > 0 {
		return nil, nil, cli.Usagef("--force %s: no such video", strings.Join(missing, ", "))
	}
	if err := e.narrowRun(set.Project, p, o); err != nil {
		return nil, nil, err
	}
	if !o.dryRun {
		if err := render.MissingKeys(render.ProvidersNeeded(context.Background(), p, e.shared)...); err != nil {
			return nil, nil, err
		}
	}
	if o.dryRun {
		out := e.textOut()
		plan.Print(out, p, plan.Options{All: true, Color: e.colorFor(out)})
		e.json.Plan(plan.HeadOf(p))
	} else {
		e.planned(plan.HeadOf(p))
	}
	limit := renderBudget(o.maxCost, set.Project.Config.Budget.MaxUSD)
	e.ci.Planned(p, limit)
	if limit != nil {
		err = plan.CheckBudget(p.Total, *limit)
	}
	return set, p, err
}

// renderBudget is the budget a render is held to: --max-cost (maxCost,
// negative for none), else reel.yaml's budget.max_usd; nil for none.
func renderBudget(maxCost float64, maxUSD *float64) *float64 {
	if limit, ok := plan.Limit(maxCost, maxUSD); ok {
		return &limit
	}
	return nil
}

// ciCached reports to CI, on GitHub, a render that found nothing to do in
// the snapshot: the plan read from it.
func (e *env) ciCached(c *planner.Cached, o *renderOptions) {
	if !ci.GitHubActions() {
		return
	}
	if p, err := c.Plan(); err == nil { // else the run goes on; the summary is only missing
		p.DropOrphans()
		e.ci.Planned(p, renderBudget(o.maxCost, c.Head.MaxUSD))
	}
}

// execute carries the plan out, showing progress, and reports the end.
func (e *env) execute(set *manifest.Set, p *plan.Plan, o *renderOptions) error {
	// JSON events, a live view on a terminal, plain lines otherwise (CI logs)
	var prog render.Progress
	if e.json != nil {
		prog = e.json.Events()
	} else {
		n, width := p.Work()
		prog = render.NewProgress(e.stderr, cli.IsTerminal(e.stderr), n, width)
	}
	say := io.Writer(e.stderr)
	if l, ok := prog.(*render.Live); ok {
		say = l.Above()
	}
	ctx, stop := cli.Interruptible(say, render.Interrupted)
	defer stop()
	endStore := render.StartStore(ctx, set.Project, e.shared, e.stderr)
	res, err := render.Execute(ctx, set.Project, p, e.shared, o.poll, prog.Event)
	prog.Close()
	endStore()
	if err != nil {
		return err
	}
	return e.renderResult(ctx, p, res)
}

// renderResult prints each failure and the summary, and says how the run
// ended.
func (e *env) renderResult(ctx context.Context, p *plan.Plan, res render.Result) error {
	e.printFailed(res.Failed)
	for _, o := range res.OutOfCredits { // what the provider said, what reel did, what to do
		fmt.Fprintf(e.stderr, "reel: %v\n", o)
	}
	interrupted := errors.Is(ctx.Err(), context.Canceled)
	line := res.Summary(p)
	fmt.Fprintln(e.textOut(), line)
	e.json.Rendered(p, res, line, interrupted)
	if interrupted {
		fmt.Fprintln(e.stderr, "reel: interrupted: every submitted job is recorded in reel.lock; run reel render again to resume")
		return errInterrupted
	}
	if len(res.Failed) > 0 && len(res.OutOfCredits) > 0 {
		if len(res.Charges) == 0 {
			return errNoCredit // refused, as a budget refuses: no create was taken
		}
		return errSomeFailed // it paid for some
	}
	return failedEnd(len(res.Failed), len(res.Done))
}

// checkQuota refuses (a *render.QuotaError, exit 4) a paid run whose
// estimate at a provider is more than the account has left there, as the
// provider reports it: nothing is sent but that question. A provider that
// cannot be asked is said so and the run goes on, as a refusal for want of
// credit would still stop its creates.
func (e *env) checkQuota(project *manifest.Project, p *plan.Plan) error {
	if !p.Paid() {
		return nil
	}
	qs := render.AskQuotas(project, p, true)
	for _, q := range qs {
		if q.Err != nil {
			fmt.Fprintf(e.stderr, "reel: %v; rendering without checking it\n", q)
		}
	}
	return render.CheckQuota(qs)
}

// printFailed prints each video's failure, by id.
func (e *env) printFailed(failed map[string]error) {
	for _, id := range slices.Sorted(maps.Keys(failed)) {
		fmt.Fprintf(e.stderr, "reel: %s: %v\n", id, failed[id])
	}
}

// failedEnd is how a run in which failed videos failed (each told) and
// done were done ends: well, in part, or not at all.
func failedEnd(failed, done int) error {
	switch {
	case failed == 0:
		return nil
	case done > 0:
		return errSomeFailed
	}
	return errTold
}

// askFirst carries out a paid plan run without --yes. Where a person can
// answer (stdin and stderr are terminals) it asks; "no", or the end of
// input, skips the paid renders and still does the free work (downloads,
// jobs in flight). A run no one can answer (CI, cron, nohup, docker
// without -i) never prompts, as terraform's -input=false: it goes ahead
// within the budget that plan has checked it against (budget.max_usd or
// --max-cost), and without a budget it refuses, so that nothing unattended
// spends without a limit or a --yes.
func (e *env) askFirst(set *manifest.Set, p *plan.Plan, o *renderOptions) error {
	if !cli.IsTerminal(os.Stdin) || !cli.IsTerminal(e.stderr) {
		_, limited := plan.Limit(o.maxCost, set.Project.Config.Budget.MaxUSD)
		if err := plan.Unattended(p.Total, limited); err != nil {
			return err
		}
		return e.execute(set, p, o)
	}
	if e.confirm(p) {
		return e.execute(set, p, o)
	}
	free, skipped := p.WithoutPaid()
	err := e.execute(set, free, o)
	fmt.Fprintf(e.stderr, "reel: skipped %s (%s) as answered: run reel render again to render %s\n",
		english.Count(skipped, "paid render"), p.Total, english.Them(skipped))
	return err
}

// confirm asks before spending, on a terminal; anything but y or yes,
// and the end of input, is no.
func (e *env) confirm(p *plan.Plan) bool {
	fmt.Fprintf(e.stderr, "Spend %s? [y/N] ", p.Total)
	answer, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && answer == "" {
		fmt.Fprintln(e.stderr)
	}
	answer = strings.ToLower(strings.TrimSpace(answer))
	return answer == "y" || answer == "yes"
}
