package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/reel-dev/reel/internal/ci"
	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/gctune"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/schema"
)

var planCommand = &command{
	Name:    "plan",
	Args:    "[paths|ids...]",
	Summary: "show what render would do and what it would cost; calls no provider",
	Long: `Shows what reel render would do, and what it would cost, without calling
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
`,
	Flags:    planFlags,
	Check:    func(flags any) error { return flags.(*planOptions).ci.Conflict() },
	Run:      runPlan,
	JSON:     &cli.JSON{Schema: schema.PlanJSON, Usage: "print the plan as JSON"},
	Complete: planner.KnownIDs,
}

type planOptions struct {
	diff, detailed, check, all, revalidate, offline, quota bool
	ci                                                     ci.Flags
}

func planFlags(fs *flag.FlagSet) any {
	var o planOptions
	fs.BoolVar(&o.diff, "diff", false, "show the changed fields of each re-render")
	fs.BoolVar(&o.detailed, "detailed-exitcode", false, "exit 0 when there is nothing to do, 2 when there is")
	fs.BoolVar(&o.check, "check", false, "exit 6 when any video needs a render that costs money (for CI)")
	fs.BoolVar(&o.all, "all", false, "list the videos that are up to date too")
	fs.BoolVar(&o.revalidate, "revalidate", false, "read and validate every manifest, even if nothing changed")
	fs.BoolVar(&o.offline, "offline", false, offlineUsage)
	fs.BoolVar(&o.quota, "quota", false, "ask the providers that report it what the account has left (without it, plan stays offline)")
	o.ci.Define(fs)
	o.ci.DefineMaxCost(fs)
	return &o
}

func runPlan(e *env, flags any, args []string) error {
	o := flags.(*planOptions)
	asJSON := e.json != nil
	e.ci.Flags, e.offline = o.ci, o.offline
	o.diff = o.diff || o.ci.Format == ci.Markdown // the comment shows the changes
	defer e.ci.Fold(&e.stdout, asJSON)()
	var c *planner.Cached
	// --diff needs the requests themselves, which the snapshot does not keep
	if len(args) == 0 && !o.diff && !o.revalidate && !o.quota {
		// The collector stays off (gctune.Snapshot) through a plan printed
		// from the snapshot, which ends the process: turned back on, it
		// would start collecting the snapshot's garbage as the plan prints.
		gcOn := gctune.Snapshot()
		cached, err := e.planning().FromSnapshot()
		e.debugSnapshot(cached, err)
		var edited *planner.EditErrors
		switch {
		case errors.As(err, &edited):
			return edited.Errors
		case err == nil && !asJSON && !o.all && !ci.GitHubActions() && !e.planning().StoreMayChange(cached.Head.Head):
			return e.printCached(cached, o)
		case err == nil:
			c = cached
		}
		gcOn() // what follows decodes or loads every video
	}
	p, maxUSD, err := e.planning().Plan(c, planner.Select(e.dir, args))
	if err == nil {
		err = e.withStore(p, nil)
	}
	if err != nil {
		return err
	}
	e.ci.Planned(p, maxUSD)
	if commented, err := e.ci.Comment(e.stdout, p, maxUSD); err != nil {
		return err
	} else if commented {
		return planEnd(plan.HeadOf(p), o)
	}
	if asJSON {
		if err := plan.WriteJSON(e.stdout, p); err != nil {
			return err
		}
	} else {
		plan.Print(e.stdout, p, plan.Options{Diff: o.diff, All: o.all, Color: e.colorFor(e.stdout)})
		plan.PrintOverBudget(e.stdout, e.ci.Budget(maxUSD), e.ci.MaxCost != nil, p.Total)
	}
	if o.quota {
		if err := e.showQuota(p); err != nil {
			return err
		}
	}
	return planEnd(plan.HeadOf(p), o)
}

// showQuota is reel plan --quota: what each provider of the plan that
// reports it says its account has left, beside what the plan needs
// there. A provider that cannot be asked is an error (exit 1).
func (e *env) showQuota(p *plan.Plan) error {
	project, err := e.planning().Project()
	if err != nil {
		return err
	}
	qs := render.AskQuotas(project, p, false)
	out := e.textOut()
	if len(qs) == 0 {
		fmt.Fprintln(out, "Quota: no provider of this plan reports what its account has left.")
	}
	var failed error
	for _, q := range qs {
		switch {
		case q.Err != nil:
			fmt.Fprintf(e.stderr, "reel: %v\n", q)
			failed = errTold
		case !q.Covered():
			fmt.Fprintf(out, "Quota: %v: reel render would refuse it.\n", q)
		default:
			fmt.Fprintf(out, "Quota: %v.\n", q)
		}
	}
	return failed
}

// printCached prints a plan read from the snapshot: its head, and the
// actions with work to do, decoded only if there are any.
func (e *env) printCached(c *planner.Cached, o *planOptions) error {
	if !c.Head.Pending() && c.Head.Counts[plan.Orphan] == 0 {
		fmt.Fprintln(e.stdout, c.Head.Summary()) // a no-op: nothing to list, reel.yaml not even read
		return nil
	}
	listed, err := c.Listed(false)
	if err != nil {
		return err
	}
	plan.PrintHead(e.stdout, listed, c.Head.Head, plan.Options{Color: e.colorFor(e.stdout), Sizes: c.Sizes})
	plan.PrintOverBudget(e.stdout, e.ci.Budget(c.Head.MaxUSD), e.ci.MaxCost != nil, c.Head.Total) // as reel.yaml says (one of the snapshot's inputs), or --max-cost
	return planEnd(c.Head.Head, o)
}

// debugSnapshot says, under REEL_DEBUG=snapshot, which form a plan from
// the snapshot took, or why only a full plan could give it.
func (e *env) debugSnapshot(c *planner.Cached, err error) {
	if os.Getenv("REEL_DEBUG") == "snapshot" {
		fmt.Fprintln(e.stderr, planner.Trace(c, err))
	}
}

// planEnd is how plan ends: --check fails (exit 6) on a render that costs
// money, and --detailed-exitcode says when anything is pending (exit 2).
func planEnd(h plan.Head, o *planOptions) error {
	if err := h.CheckPaid(); o.check && err != nil {
		return err
	}
	if o.detailed && h.Pending() {
		return errPending // terraform's convention: 2 means changes are pending
	}
	return nil
}
