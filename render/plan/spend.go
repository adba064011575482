package plan

import (
	"fmt"
	"io"
	"strconv"

	"github.com/reel-dev/reel/internal/english"
)

// Limit is a run's spending limit: flag (--max-cost) unless it is negative
// (not given), else maxUSD (reel.yaml's budget.max_usd); false when
// neither sets one.
func Limit(flag float64, maxUSD *float64) (float64, bool) {
	if flag >= 0 {
		return flag, true
	}
	if maxUSD != nil {
		return *maxUSD, true
	}
	return 0, false
}

// UnattendedError refuses a paid run that no one can be asked about (CI,
// cron, nohup, docker without -i) and that no budget limits: nothing
// unattended spends without a limit or a --yes.
type UnattendedError struct{ Total Cost }

func (e *UnattendedError) Error() string {
	return fmt.Sprintf("this run would spend %s and there is no terminal to ask: pass --yes to spend it, or set budget.max_usd in reel.yaml (or --max-cost) to let runs without a terminal spend up to it; nothing was sent", e.Total)
}

// Unattended is the consent of a paid run no one can be asked about, as
// terraform's -input=false: it goes ahead within the budget it was checked
// against (limited), and is refused (an *UnattendedError) without one.
func Unattended(total Cost, limited bool) error {
	if limited {
		return nil
	}
	return &UnattendedError{Total: total}
}

// WithoutPaid is p without its paid actions, and how many it left out:
// what a run still does (downloads, jobs in flight) when told not to
// spend.
func (p *Plan) WithoutPaid() (*Plan, int) {
	free := &Plan{}
	skipped := 0
	for _, a := range p.Actions {
		if a.Kind.Paid() {
			skipped++
			continue
		}
		free.Actions = append(free.Actions, a)
	}
	return free, skipped
}

// PaidError is reel plan --check's failure: N videos need a render that
// costs money.
type PaidError struct {
	N     int
	Total Cost
}

func (e *PaidError) Error() string {
	verb := "need"
	if e.N == 1 {
		verb = "needs"
	}
	return fmt.Sprintf("plan --check: %s %s a paid render (%s): run reel render", english.Count(e.N, "video"), verb, e.Total)
}

// CheckPaid returns a *PaidError when the plan h heads would spend money
// (Spends): what reel plan --check refuses, so that CI asks for a render.
func (h Head) CheckPaid() error {
	if !h.Spends() {
		return nil
	}
	return &PaidError{N: h.Counts[Create] + h.Counts[Render], Total: h.Total}
}

// Work counts the actions of p with work to do (all but those up to date),
// photo avatars' trainings among them, and measures the longest of their
// ids (an avatar's label): what a progress display lays out.
func (p *Plan) Work() (n, width int) {
	for _, a := range p.Actions {
		if a.Kind != OK {
			n++
			width = max(width, len(a.ID))
		}
	}
	for _, a := range p.Avatars { // trained first, under their label
		if a.Kind != OK {
			n++
			width = max(width, len(a.Label()))
		}
	}
	return n, width
}

// PrintOverBudget says, below a plan, when reel render would refuse it:
// its estimate is over limit (nil: none), or cannot be held to it, some
// render's price being unknown. The limit is reel.yaml's budget.max_usd,
// or with fromFlag plan's --max-cost, which render takes too.
func PrintOverBudget(w io.Writer, limit *float64, fromFlag bool, total Cost) {
	if limit == nil {
		return
	}
	name, render := "budget.max_usd", "reel render"
	if fromFlag {
		name, render = "--max-cost", "reel render --max-cost "+strconv.FormatFloat(*limit, 'f', -1, 64)
	}
	switch {
	case total.USD > *limit:
		fmt.Fprintf(w, "Over budget: the estimate $%.2f is more than %s $%.2f; %s would refuse it.\n", total.USD, name, *limit, render)
	case !total.Priced():
		fmt.Fprintf(w, "Over budget: some renders have no known price, so the estimate cannot be held to %s $%.2f; %s would refuse it.\n", name, *limit, render)
	}
}
