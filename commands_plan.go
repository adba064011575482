package main

import (
	"fmt"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
)

func init() {
	details["plan"] = `Shows what reel render would do, and what it would cost, without calling
any provider:
  + create    a new video (paid)
  ~ render    the request changed since the last render (paid)
  ↓ download  the output is missing or differs: fetched again, free
  … resume    a job is in flight
  = ok        up to date
  - orphan    in reel.lock, no manifest
Flags:
  --all                list the videos that are up to date too
  --revalidate         read and validate every manifest, even if nothing changed
  --diff               show the changed fields of each re-render
  --json               print the plan as JSON
  --detailed-exitcode  exit 0 when there is nothing to do, 2 when there is
  --check              exit 1 when any video needs a paid render (for CI)
`
}

func runPlan(e *env, args []string) int {
	fs := e.flags("plan")
	diff := fs.Bool("diff", false, "")
	asJSON := fs.Bool("json", false, "")
	detailed := fs.Bool("detailed-exitcode", false, "")
	check := fs.Bool("check", false, "")
	all := fs.Bool("all", false, "")
	revalidate := fs.Bool("revalidate", false, "")
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	// --diff needs the requests themselves, which the snapshot does not keep
	var proj *manifest.Project
	var p *plan.Plan
	if c, ok := e.cachedPlan(); ok && len(pos) == 0 && !*diff && !*revalidate {
		if !c.head.Pending() && !*all && !*asJSON {
			fmt.Fprintln(e.stdout, c.head.Summary()) // a no-op: nothing to list
			return exitOK
		}
		if full, err := c.plan(); err == nil {
			proj, p = c.project, full
		}
	}
	if p == nil {
		set, full, code := e.fullPlan(pos)
		if code != exitOK {
			return code
		}
		proj, p = set.Project, full
	}
	if *asJSON {
		if err := plan.WriteJSON(e.stdout, p); err != nil {
			return e.fail(err)
		}
	} else {
		plan.Print(e.stdout, p, *diff, *all)
		if max := proj.Config.Budget.MaxUSD; max != nil && p.Total.USD > *max {
			fmt.Fprintf(e.stdout, "Over budget: the estimate $%.2f is more than budget.max_usd $%.2f; reel render would refuse it.\n", p.Total.USD, *max)
		}
	}
	switch {
	case *check && p.Paid():
		fmt.Fprintln(e.stderr, "reel: plan --check: videos need a paid render; run reel render")
		return exitError
	case *detailed && p.Pending():
		return exitUsage // terraform's convention: 2 means changes are pending
	}
	return exitOK
}
