package plan

import (
	"fmt"
	"strings"
)

// Priced reports whether every render of the estimate has a known price.
func (c Cost) Priced() bool { return c.Unpriced == "" }

// Spends reports whether the estimate costs money, or may: some render's
// price is unknown.
func (c Cost) Spends() bool { return c.USD > 0 || !c.Priced() }

// OverBudgetError refuses a run before anything is spent: its estimate is
// over the budget, or cannot be held to it because some render's price is
// unknown (a provider that publishes none, with no pricing.<name> set).
// Refusing what cannot be checked is the safe side: a budget is a promise
// that no run spends more.
type OverBudgetError struct {
	Total Cost
	Limit float64
}

func (e *OverBudgetError) Error() string {
	if !e.Total.Priced() {
		return fmt.Sprintf("refused: reel knows no price for %s (none is published), so this run cannot be held to the budget of $%.2f: set %s in reel.yaml (e.g. usd_per_minute)",
			strings.Join(e.Total.unpriced(), " and "), e.Limit, pricingFields(e.Total.unpriced()))
	}
	return fmt.Sprintf("refused: the estimate %s is over the budget of $%.2f: raise budget.max_usd in reel.yaml or pass --max-cost", e.Total, e.Limit)
}

// CheckBudget returns an *OverBudgetError when total is over limit, or
// holds a render whose price is unknown.
func CheckBudget(total Cost, limit float64) error {
	if total.USD > limit || !total.Priced() {
		return &OverBudgetError{Total: total, Limit: limit}
	}
	return nil
}
