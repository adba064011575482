package plan

import (
	"math"
	"slices"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider/facts"
	"github.com/reel-dev/reel/render/provider/registry"
)

// Cost is an estimate of one render, or of a plan's paid renders.
type Cost struct {
	Seconds float64 `json:"seconds"` // estimated video length
	Credits float64 `json:"credits"` // where the provider bills in credits
	USD     float64 `json:"usd"`
	// Unknown is set when some length could not be known (an audio URL):
	// the estimate is then a lower bound.
	Unknown bool `json:"unknown,omitempty"`
	// Unpriced names the providers of renders whose price is not known,
	// sorted and comma-separated ("gmi"): they publish none and reel.yaml's
	// pricing sets none. Those renders count nothing in Credits and USD,
	// so no budget can be checked against the estimate (see CheckBudget).
	// It is a string so that a Cost stays comparable.
	Unpriced string `json:"unpriced,omitempty"`
	// Measured says Seconds is a length measured before the render (a
	// draft's, made by reel preview), not a words-a-minute guess. A sum
	// of estimates is not marked.
	Measured bool `json:"measured,omitempty"`
}

// Add sums two estimates.
func (c Cost) Add(o Cost) Cost {
	return Cost{Seconds: c.Seconds + o.Seconds, Credits: c.Credits + o.Credits, USD: c.USD + o.USD, Unknown: c.Unknown || o.Unknown, Unpriced: union(c.Unpriced, o.Unpriced)}
}

// union is the names of two Unpriced lists, sorted, each once.
func union(a, b string) string {
	if a == b || b == "" {
		return a
	}
	if a == "" {
		return b
	}
	names := append(strings.Split(a, ","), strings.Split(b, ",")...)
	slices.Sort(names)
	return strings.Join(slices.Compact(names), ",")
}

// unpriced is Unpriced as a list.
func (c Cost) unpriced() []string {
	if c.Unpriced == "" {
		return nil
	}
	return strings.Split(c.Unpriced, ",")
}

// Prices holds the price of each provider, and of the sandbox: the list
// prices the registry holds, with reel.yaml's pricing overrides applied;
// and the lengths measured of videos before they render, which
// estimates prefer to a guess.
type Prices struct {
	byName   map[string]manifest.Price
	measured func(key string) (float64, bool)
}

// Measuring is p with lengths measured before the render (reel preview's
// drafts), by render key: a video with one is estimated by its length
// rather than by 150 words a minute.
func (p Prices) Measuring(measured func(key string) (seconds float64, ok bool)) Prices {
	p.measured = measured
	return p
}

// NewPrices applies reel.yaml's overrides to the list prices, field by
// field.
func NewPrices(overrides map[string]manifest.Price) Prices {
	out := map[string]manifest.Price{registry.Sandbox: override(registry.SandboxPricing.List, overrides[registry.Sandbox])}
	for _, p := range registry.All() {
		out[p.Name] = override(p.Pricing.List, overrides[p.Name])
	}
	return Prices{byName: out}
}

func override(list, o manifest.Price) manifest.Price {
	return manifest.Price{
		CreditsPerMinute: or(o.CreditsPerMinute, list.CreditsPerMinute),
		CreditsPerVideo:  or(o.CreditsPerVideo, list.CreditsPerVideo),
		USDPerSecond:     or(o.USDPerSecond, list.USDPerSecond),
		USDPerMinute:     or(o.USDPerMinute, list.USDPerMinute),
		USDPerVideo:      or(o.USDPerVideo, list.USDPerVideo),
		USDPerCredit:     or(o.USDPerCredit, list.USDPerCredit),

		CreditsPerTraining: or(o.CreditsPerTraining, list.CreditsPerTraining),
		CreditsPerLook:     or(o.CreditsPerLook, list.CreditsPerLook),
	}
}

func or(a, b *float64) *float64 {
	if a != nil {
		return a
	}
	return b
}

// billing is who bills a render of v, and how: the sandbox (free, unless
// pricing.sandbox says otherwise, to rehearse a budget), else its
// provider.
func billing(v *manifest.Video) (string, facts.Pricing) {
	if v.Sandbox {
		return registry.Sandbox, registry.SandboxPricing
	}
	if p, ok := registry.Lookup(v.Provider); ok {
		return p.Name, p.Pricing
	}
	return v.Provider, facts.Pricing{}
}

// Estimate prices one render of v.
func (p Prices) Estimate(v *manifest.Video) Cost {
	c := p.length(v)
	if v.Request != nil && v.Request.Test {
		return c // the API's test mode is free
	}
	secs := c.Seconds
	name, bill := billing(v)
	pr := p.byName[name]
	if !priced(pr) {
		c.Unpriced = name
		return c
	}
	minutes := secs / 60
	if bill.Step > 0 {
		minutes = math.Ceil(secs/bill.Step) * bill.Step / 60 // billed in steps
	}
	if bill.Rate != nil && pr.CreditsPerMinute == bill.List.CreditsPerMinute {
		pr.CreditsPerMinute = f(bill.Rate(v)) // the list's, which varies by API and avatar
	}
	c.Credits = val(pr.CreditsPerMinute)*minutes + val(pr.CreditsPerVideo)
	c.USD = c.Credits*val(pr.USDPerCredit) + val(pr.USDPerSecond)*secs + val(pr.USDPerMinute)*minutes + val(pr.USDPerVideo)
	if val(pr.CreditsPerMinute) == 0 && val(pr.USDPerSecond) == 0 && val(pr.USDPerMinute) == 0 {
		c.Unknown = false // priced by the video: the length does not change it
	}
	return c
}

// length is v's length as an estimate starts it: measured where it was,
// else guessed from its scripts.
func (p Prices) length(v *manifest.Video) Cost {
	if p.measured != nil && v.Request != nil {
		if secs, ok := p.measured(v.Request.Key); ok {
			return Cost{Seconds: secs, Measured: true}
		}
	}
	secs, unknown := v.Seconds()
	return Cost{Seconds: secs, Unknown: unknown}
}

// priced reports whether pr charges for anything: a rate of credits per
// credit alone is no price.
func priced(pr manifest.Price) bool {
	return pr.CreditsPerMinute != nil || pr.CreditsPerVideo != nil || pr.USDPerSecond != nil || pr.USDPerMinute != nil || pr.USDPerVideo != nil
}

func f(v float64) *float64 { return &v }

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
