package render

import (
	"fmt"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
)

// Summary is a run's last line: what was rendered, fetched, up to date
// and failed, and what it cost.
func (res Result) Summary(p *plan.Plan) string {
	stopped := ""
	if len(res.Stopped) > 0 {
		stopped = fmt.Sprintf(", stopped %d", len(res.Stopped))
	}
	return fmt.Sprintf("Rendered %d, downloaded %d, up to date %d, failed %d%s. Spent about $%.2f.",
		res.Rendered, res.Fetched, p.Counts()[plan.OK], len(res.Failed), stopped, res.SpentUSD)
}

// FetchSummary is reel fetch's last line: how many of the missing outputs
// were fetched, failed (failed counts those that could not be checked
// too) and were stopped.
func FetchSummary(res FetchResult, failed int) string {
	total := len(res.Done) + failed + len(res.Stopped)
	line := fmt.Sprintf("Fetched %d of %d missing %s", len(res.Done), total, english.Plural(total, "output"))
	if failed > 0 {
		line += fmt.Sprintf("; %d failed", failed)
	}
	if len(res.Stopped) > 0 {
		line += fmt.Sprintf("; %d stopped", len(res.Stopped))
	}
	return line + "."
}

// Limits are reel.yaml's providers.<name>.concurrency settings, as a
// Runner's Limits.
func Limits(p *manifest.Project) map[string]int {
	out := map[string]int{}
	for name, c := range p.Config.Providers {
		if c.Concurrency > 0 {
			out[name] = c.Concurrency
		}
	}
	return out
}
