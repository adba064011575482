package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
)

func init() {
	details["plan"] = `Shows what reel render would do, and what it would cost, without calling
any provider:
  + train     a photo avatar of reel.yaml to train, before its videos (paid)
  + look      new looks of a trained photo avatar to generate (paid)
  + create    a new video (paid)
  ~ render    the request changed since the last render (paid)
  ↓ download  the output is missing or differs: fetched again, free
  … resume    a job is in flight
  = ok        up to date
  - orphan    in reel.lock, no manifest
The videos of a manifest with rows are listed under it, a line per kind
(~ render  welcome  3 of 500 rows changed); --all and --diff list each.
With --quota it asks the providers that report it (HeyGen) what the account
has left, and says whether reel render would refuse the plan for it;
without it, plan calls no provider.
Exit: 0, or with --check 6 when a render would cost money (renders that
cost nothing, as in the sandbox, do not count), or with --detailed-exitcode
2 when anything is to be done; --check wins over --detailed-exitcode.
`
}

func runPlan(e *env, args []string) int {
	fs := e.flags("plan")
	diff := fs.Bool("diff", false, "show the changed fields of each re-render")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	detailed := fs.Bool("detailed-exitcode", false, "exit 0 when there is nothing to do, 2 when there is")
	check := fs.Bool("check", false, "exit 6 when any video needs a render that costs money (for CI)")
	all := fs.Bool("all", false, "list the videos that are up to date too")
	revalidate := fs.Bool("revalidate", false, "read and validate every manifest, even if nothing changed")
	offline := fs.Bool("offline", false, offlineUsage)
	quota := fs.Bool("quota", false, "ask the providers that report it what the account has left (without it, plan stays offline)")
	e.planCIFlags(fs)
	pos, err := e.parse(fs, args)
	if err == nil {
		err = e.formatConflict(*asJSON)
	}
	if err != nil {
		return e.usage("%v", err)
	}
	*diff = *diff || e.ci.format == formatMarkdown // the comment shows the changes
	if *asJSON {
		e.jsonMode("plan")
	}
	defer e.ciFold()()
	// --diff needs the requests themselves, which the snapshot does not keep
	var budget *float64 // budget.max_usd
	var p *plan.Plan
	var proj *manifest.Project // loaded by a full plan, or for --quota: its providers' settings
	if len(pos) == 0 && !*diff && !*revalidate && !*quota {
		// The collector stays off (gcForSnapshot) through a plan printed
		// from the snapshot, which ends the process: turned back on, it
		// would start collecting the snapshot's garbage as the plan prints.
		gcOn := gcForSnapshot()
		c, err := e.planning().FromSnapshot()
		e.debugSnapshot(c, err)
		var edited *planner.EditErrors
		switch {
		case errors.As(err, &edited):
			e.printErrors(edited.Errors)
			return exitError
		case err == nil && !*asJSON && !*all && !githubActions() && !e.storeMayChange(c.Head.Head, *offline):
			return e.printCached(c, *detailed, *check)
		}
		gcOn() // what follows decodes or loads every video
		if err == nil {
			if full, err := c.Plan(); err == nil {
				p, budget = full, c.Head.MaxUSD
			}
		}
	}
	if p == nil {
		set, full, err := e.planning().Full(e.selection(pos))
		if err != nil {
			e.printErrors(err)
			return exitError
		}
		p, budget, proj = full, set.Project.Config.Budget.MaxUSD, set.Project
	}
	if code := e.planStore(p, proj, *offline); code != exitOK {
		return code
	}
	if e.ciPlanned(p, budget); e.ciComment(p, budget) {
		return planExit(e, plan.HeadOf(p), *detailed, *check)
	}
	if *asJSON {
		if err := plan.WriteJSON(e.stdout, p); err != nil {
			return e.fail(err)
		}
	} else {
		plan.Print(e.stdout, p, plan.Options{Diff: *diff, All: *all, Color: e.colorFor(e.stdout)})
		overBudget(e, e.ciBudget(budget), p.Total)
	}
	if *quota {
		if code := e.showQuota(proj, p); code != exitOK {
			return code
		}
	}
	return planExit(e, plan.HeadOf(p), *detailed, *check)
}

// printCached prints a plan read from the snapshot: its head, and the
// actions with work to do, decoded only if there are any.
func (e *env) printCached(c *planner.Cached, detailed, check bool) int {
	if !c.Head.Pending() && c.Head.Counts[plan.Orphan] == 0 {
		fmt.Fprintln(e.stdout, c.Head.Summary()) // a no-op: nothing to list, reel.yaml not even read
		return exitOK
	}
	listed, err := c.Listed(false)
	if err != nil {
		return e.fail(err)
	}
	plan.PrintHead(e.stdout, listed, c.Head.Head, plan.Options{Color: e.colorFor(e.stdout), Sizes: c.Sizes})
	overBudget(e, e.ciBudget(c.Head.MaxUSD), c.Head.Total) // as reel.yaml says (one of the snapshot's inputs), or --max-cost
	return planExit(e, c.Head.Head, detailed, check)
}

// debugSnapshot says, under REEL_DEBUG=snapshot, which form a plan from
// the snapshot took, or why only a full plan could give it.
func (e *env) debugSnapshot(c *planner.Cached, err error) {
	if os.Getenv("REEL_DEBUG") != "snapshot" {
		return
	}
	var need *planner.NeedFull
	var edited *planner.EditErrors
	const replanned = "snapshot: changed: %s; re-planned the edited manifests only\n"
	switch {
	case errors.As(err, &need):
		fmt.Fprintf(e.stderr, "snapshot: %v\n", need)
	case errors.As(err, &edited):
		fmt.Fprintf(e.stderr, replanned, edited.Edited)
	case err != nil:
		fmt.Fprintf(e.stderr, "snapshot: %v\n", err)
	case c.Form == planner.Replanned:
		fmt.Fprintf(e.stderr, replanned, c.Edited)
	case c.Form == planner.Touched:
		fmt.Fprintln(e.stderr, "snapshot: fresh: the plan is read from it (touched files confirmed by content)")
	default:
		fmt.Fprintln(e.stderr, "snapshot: fresh: the plan is read from it")
	}
}

// overBudget says when reel render would refuse the plan: its estimate is
// over max, reel.yaml's budget.max_usd or --max-cost (nil: none).
func overBudget(e *env, max *float64, total plan.Cost) {
	name, render := e.budgetWords()
	switch {
	case max == nil:
	case total.USD > *max:
		fmt.Fprintf(e.stdout, "Over budget: the estimate $%.2f is more than %s $%.2f; %s would refuse it.\n", total.USD, name, *max, render)
	case !total.Priced():
		fmt.Fprintf(e.stdout, "Over budget: some renders have no known price, so the estimate cannot be held to %s $%.2f; %s would refuse it.\n", name, *max, render)
	}
}

// planExit is plan's exit code: --check fails (6) on a render that costs
// money, and --detailed-exitcode says 2 when anything is pending.
func planExit(e *env, h plan.Head, detailed, check bool) int {
	switch {
	case check && h.Spends():
		n := h.Counts[plan.Create] + h.Counts[plan.Render]
		fmt.Fprintf(e.stderr, "reel: plan --check: %s %s a paid render (%s): run reel render\n", english.Count(n, "video"), map[bool]string{true: "needs", false: "need"}[n == 1], h.Total)
		return exitCheck
	case detailed && h.Pending():
		return exitUsage // terraform's convention: 2 means changes are pending
	}
	return exitOK
}
