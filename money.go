package main

import (
	"fmt"

	"github.com/reel-dev/reel/render"
)

// sayOutOfCredits tells, after the run's failures, of each provider that
// ran out of credit during the run: what it said, what reel did (no more
// creates there; jobs in flight finished) and what to do next.
func (e *env) sayOutOfCredits(res render.Result) {
	for _, o := range res.OutOfCredits {
		fmt.Fprintf(e.stderr, "reel: %v\n", o)
	}
}

// outOfCreditsExit is reel render's exit when a provider ran out of
// credit during the run: 3 (partial) once the run has paid for a render,
// 4 (refused, as a budget refuses) when no create of it was taken.
func outOfCreditsExit(res render.Result) int {
	if len(res.Charges) == 0 {
		return exitBudget
	}
	return exitPartial
}
