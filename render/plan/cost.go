package plan

import (
	"math"

	"github.com/reel-dev/reel/manifest"
)

// Cost is an estimate of one render, or of a plan's paid renders.
type Cost struct {
	Seconds float64 `json:"seconds"` // estimated video length
	Credits float64 `json:"credits"` // where the provider bills in credits
	USD     float64 `json:"usd"`
	// Unknown is set when some length could not be known (an audio URL):
	// the estimate is then a lower bound.
	Unknown bool `json:"unknown,omitempty"`
}

// Add sums two estimates.
func (c Cost) Add(o Cost) Cost {
	return Cost{c.Seconds + o.Seconds, c.Credits + o.Credits, c.USD + o.USD, c.Unknown || o.Unknown}
}

// Prices holds the price of each provider: the list prices below, with
// reel.yaml's pricing overrides applied.
type Prices map[string]manifest.Price

func f(v float64) *float64 { return &v }

// ListPrices are the published prices as of 2026 (providers.md): HeyGen
// Avatar IV 6 credits a minute billed in 30-second steps, fal $0.10 per
// second, PixelDojo 120 credits a video. The dollar value of a credit is
// not published for every plan: HeyGen's API plans sell credits at about
// $1 and PixelDojo's at about $0.01; set pricing.<provider>.usd_per_credit
// in reel.yaml to your plan's.
var ListPrices = Prices{
	"heygen":    {CreditsPerMinute: f(6), USDPerCredit: f(1)},
	"fal":       {USDPerSecond: f(0.10)},
	"pixeldojo": {CreditsPerVideo: f(120), USDPerCredit: f(0.01)},
	"sandbox":   {USDPerVideo: f(0)},
}

// NewPrices applies reel.yaml's overrides to the list prices, field by
// field.
func NewPrices(overrides map[string]manifest.Price) Prices {
	out := Prices{}
	for name, p := range ListPrices {
		o := overrides[name]
		out[name] = manifest.Price{
			CreditsPerMinute: or(o.CreditsPerMinute, p.CreditsPerMinute),
			CreditsPerVideo:  or(o.CreditsPerVideo, p.CreditsPerVideo),
			USDPerSecond:     or(o.USDPerSecond, p.USDPerSecond),
			USDPerMinute:     or(o.USDPerMinute, p.USDPerMinute),
			USDPerVideo:      or(o.USDPerVideo, p.USDPerVideo),
			USDPerCredit:     or(o.USDPerCredit, p.USDPerCredit),
		}
	}
	return out
}

func or(a, b *float64) *float64 {
	if a != nil {
		return a
	}
	return b
}

// heygenCreditsPerMinute is the list rate by API and avatar where it differs
// from Avatar IV's 6: the legacy v2 renders photo avatars at 1 and video
// avatars at 2 credits a minute, as does v3's avatar_iii engine.
func heygenCreditsPerMinute(v *manifest.Video) float64 {
	legacy := v.API == "v2" || v.Avatar.Engine == "avatar_iii"
	switch {
	case legacy && v.Avatar.TalkingPhoto != "":
		return 1
	case legacy:
		return 2
	}
	return 6
}

// Estimate prices one render of v.
func (p Prices) Estimate(v *manifest.Video) Cost {
	secs, unknown := v.Seconds()
	c := Cost{Seconds: secs, Unknown: unknown}
	pr := p[v.Provider]
	minutes := secs / 60
	switch {
	case v.Sandbox: // free, unless pricing.sandbox says otherwise (to rehearse a budget)
		pr = p["sandbox"]
	case v.Provider == "heygen":
		minutes = math.Ceil(secs/30) / 2 // billed in 30-second steps
		if pr.CreditsPerMinute == ListPrices["heygen"].CreditsPerMinute {
			pr.CreditsPerMinute = f(heygenCreditsPerMinute(v))
		}
	}
	c.Credits = val(pr.CreditsPerMinute)*minutes + val(pr.CreditsPerVideo)
	c.USD = c.Credits*val(pr.USDPerCredit) + val(pr.USDPerSecond)*secs + val(pr.USDPerMinute)*minutes + val(pr.USDPerVideo)
	if val(pr.CreditsPerMinute) == 0 && val(pr.USDPerSecond) == 0 && val(pr.USDPerMinute) == 0 {
		c.Unknown = false // priced by the video: the length does not change it
	}
	return c
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
