package main

import (
	"bufio"
	"fmt"
	"github.com/reel-dev/reel/internal/english"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
)

// askFirst carries out a paid plan run without --yes. Where a person can
// answer (stdin and stderr are terminals) it asks; "no", or the end of
// input, skips the paid renders and still does the free work (downloads,
// jobs in flight). A run no one can answer (CI, cron, nohup, docker
// without -i) never prompts, as terraform's -input=false: it goes ahead
// within the budget that plan has checked it against (budget.max_usd or
// --max-cost), and without a budget it refuses, so that nothing unattended
// spends without a limit or a --yes.
func (e *env) askFirst(set *manifest.Set, p *plan.Plan, f renderFlags) int {
	if !isTerminal(os.Stdin) || !isTerminal(e.stderr) {
		if _, ok := budget(set.Project, f.maxCost); !ok {
			fmt.Fprintf(e.stderr, "reel: this run would spend %s and there is no terminal to ask: pass --yes to spend it, or set budget.max_usd in reel.yaml (or --max-cost) to let runs without a terminal spend up to it; nothing was sent\n", p.Total)
			return exitError
		}
		return e.execute(set, p, f)
	}
	if confirm(e, p) {
		return e.execute(set, p, f)
	}
	free, skipped := withoutPaid(p)
	code := e.execute(set, free, f)
	them := "them"
	if skipped == 1 {
		them = "it"
	}
	fmt.Fprintf(e.stderr, "reel: skipped %d paid %s (%s) as answered: run reel render again to render %s\n",
		skipped, english.Plural(skipped, "render"), p.Total, them)
	return code
}

// isTerminal reports whether f is a terminal: /dev/null, a pipe or a file
// is not, though /dev/null is a character device.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// confirm asks before spending, on a terminal; anything but y or yes,
// and the end of input, is no.
func confirm(e *env, p *plan.Plan) bool {
	fmt.Fprintf(e.stderr, "Spend %s? [y/N] ", p.Total)
	answer, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && answer == "" {
		fmt.Fprintln(e.stderr)
	}
	answer = strings.ToLower(strings.TrimSpace(answer))
	return answer == "y" || answer == "yes"
}

// withoutPaid is p without its paid actions, and how many it left out.
func withoutPaid(p *plan.Plan) (*plan.Plan, int) {
	free := &plan.Plan{}
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
