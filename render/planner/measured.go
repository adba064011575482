package planner

import (
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
)

// Measure is the length measured of the video of a render key before it
// is rendered (reel preview's draft of it), where one was.
type Measure = func(key string) (seconds float64, ok bool)

// measure is the Options' measure of the project at root, and its stamp;
// nil and "" without one.
func (pl *Planner) measure(root string) (Measure, string) {
	if pl.opt.Measured == nil {
		return nil, ""
	}
	return pl.opt.Measured(root)
}

// prices are the project's prices, measuring the lengths pl's Options
// measure: what every plan of the planner estimates with.
func (pl *Planner) prices(p *manifest.Project) plan.Prices {
	return pricesOf(p, pl.opt.Measured)
}

// pricesOf are p's prices, with the lengths measured (nil: none).
func pricesOf(p *manifest.Project, measured func(root string) (Measure, string)) plan.Prices {
	prices := plan.NewPrices(p.Config.Pricing)
	if measured == nil {
		return prices
	}
	if m, _ := measured(p.Root); m != nil {
		prices = prices.Measuring(m)
	}
	return prices
}
