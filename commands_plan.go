package main

import (
	"fmt"
	"path/filepath"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
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
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	set, code := e.load(pos)
	if code != exitOK {
		return code
	}
	l, err := lock.Read(filepath.Join(set.Project.Root, lock.FileName))
	if err != nil {
		return e.fail(err)
	}
	p, err := plan.Make(set.Videos, l, plan.NewPrices(set.Project.Config.Pricing), render.StatOutputs(set.Project.OutputDir))
	if err != nil {
		return e.fail(err)
	}
	if len(pos) > 0 {
		p.DropOrphans() // a partial plan cannot tell an orphan from an unselected video
	}
	if *asJSON {
		if err := plan.WriteJSON(e.stdout, p); err != nil {
			return e.fail(err)
		}
	} else {
		plan.Print(e.stdout, p, *diff)
		if max := set.Project.Config.Budget.MaxUSD; max != nil && p.Total.USD > *max {
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
