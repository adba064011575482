package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/reel-dev/reel/manifest"
)

// gmiFiles is a one-minute video of GMI Cloud, which publishes no price.
var gmiFiles = map[string]string{
	"reel.yaml":     "version: 1\nprovider: gmi\ndefaults: {voice: {id: v1}, avatar: {id: a1}}\n",
	"videos/a.yaml": "scenes: [{script: " + script150 + "}]\n",
}

// A provider that publishes no price is estimated at an unknown cost,
// named, until pricing.<name> sets one; its length is still counted. The
// plan spends (it pays a provider), and says what to set.
func TestUnpublishedPriceIsUnknownUntilSet(t *testing.T) {
	v := videos(t, gmiFiles, "")[0]
	got := NewPrices(nil).Estimate(v)
	if got.Priced() || got.Unpriced != "gmi" || got.USD != 0 || got.Seconds != 60 || !got.Spends() {
		t.Errorf("no price: %+v, want 60 s at an unknown cost at gmi", got)
	}
	if s := got.String(); !strings.Contains(s, "an unknown cost at gmi") || !strings.Contains(s, "set pricing.gmi in reel.yaml") {
		t.Errorf("the estimate reads %q: it must say the cost is unknown and what to set", s)
	}
	perMinute := 0.5
	set := NewPrices(map[string]manifest.Price{"gmi": {USDPerMinute: &perMinute}}).Estimate(v)
	if !set.Priced() || set.USD != 0.5 {
		t.Errorf("pricing.gmi usd_per_minute 0.5: %+v, want $0.50", set)
	}
	heygen := videos(t, map[string]string{"reel.yaml": project, "videos/a.yaml": gmiFiles["videos/a.yaml"]}, "")[0]
	sum := got.Add(NewPrices(nil).Estimate(heygen)).Add(got)
	if sum.Unpriced != "gmi" || sum.USD != 6 || sum.Priced() {
		t.Errorf("a sum keeps the unpriced providers once, and the known costs: %+v", sum)
	}
}

// A budget is a promise that no run spends more: a run with a render of
// unknown cost cannot be held to it, and is refused, whatever the limit,
// saying what to set; a known cost within the limit is not.
func TestBudgetRefusesAnUnknownCost(t *testing.T) {
	unknown := NewPrices(nil).Estimate(videos(t, gmiFiles, "")[0])
	var over *OverBudgetError
	if err := CheckBudget(unknown, 1e9); !errors.As(err, &over) || !strings.Contains(err.Error(), "reel knows no price for gmi") ||
		!strings.Contains(err.Error(), "set pricing.gmi in reel.yaml") {
		t.Errorf("an unknown cost under a budget: %v", err)
	}
	known := Cost{Seconds: 60, USD: 6}
	if err := CheckBudget(known, 6); err != nil {
		t.Errorf("$6 under a $6 budget: %v", err)
	}
	if err := CheckBudget(known, 5.99); !errors.As(err, &over) || !strings.Contains(err.Error(), "over the budget of $5.99") {
		t.Errorf("$6 under a $5.99 budget: %v", err)
	}
}
