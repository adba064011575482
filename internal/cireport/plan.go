package cireport

import (
	"fmt"
	"strings"
)

// The actions of a plan, as reel plan --json names them.
const (
	Create   = "create"
	Render   = "render"
	Download = "download"
	Resume   = "resume"
	OK       = "ok"
	Orphan   = "orphan"
)

// kinds are the actions in the order a summary lists them, with the words
// the summary uses, the GitHub output counting them, and the plan's mark.
var kinds = []struct {
	action, words, output, symbol string
}{
	{Create, "to create", "to-create", "+"},
	{Render, "to re-render", "to-rerender", "~"},
	{Download, "to download", "to-download", "↓"},
	{Resume, "in flight", "in-flight", "…"},
	{OK, "up to date", "up-to-date", "="},
	{Orphan, "orphaned", "orphaned", "-"},
}

// paid reports whether an action pays a provider.
func paid(action string) bool { return action == Create || action == Render }

// hasWork reports whether a row is listed: everything but what is up to
// date, as reel plan lists it.
func hasWork(r Row) bool { return r.Action != OK }

func symbol(action string) string {
	for _, k := range kinds {
		if k.action == action {
			return k.symbol
		}
	}
	return "?"
}

// counts is the number of rows of each action.
func (p Plan) counts() map[string]int {
	n := map[string]int{}
	for _, r := range p.Rows {
		n[r.Action]++
	}
	return n
}

// Paid reports whether the plan pays a provider: some create or render.
func (p Plan) Paid() bool {
	for _, r := range p.Rows {
		if paid(r.Action) {
			return true
		}
	}
	return false
}

// Spends reports whether carrying the plan out is estimated to cost
// money: it pays a provider, and the estimate is above zero or only a
// lower bound (the sandbox's renders pay nothing).
func (p Plan) Spends() bool {
	return p.Paid() && (p.Total.USD > 0 || p.Total.Credits > 0 || p.Total.Unknown || p.Total.Unpriced != "")
}

// Pending reports whether the plan has anything to do, orphans aside.
func (p Plan) Pending() bool {
	for _, r := range p.Rows {
		if r.Action != OK && r.Action != Orphan {
			return true
		}
	}
	return false
}

// OverBudget reports whether reel render would refuse the plan: its
// estimate is over the budget, or holds a render of unknown price, which
// no budget can be held to.
func (p Plan) OverBudget() bool {
	return p.Budget != nil && (p.Total.USD > *p.Budget || p.Total.Unpriced != "")
}

// Summary is the plan's last line, as reel plan prints it.
func (p Plan) Summary() string {
	n := p.counts()
	var parts []string
	for _, k := range kinds {
		if n[k.action] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k.action], k.words))
		}
	}
	if len(parts) == 0 {
		return "Plan: no videos."
	}
	s := "Plan: " + strings.Join(parts, ", ") + "."
	if p.Paid() {
		return s + " Estimated cost: " + p.Total.String() + "."
	}
	return s + " Nothing to pay."
}

// String renders an estimate as reel plan does: dollars, credits and the
// videos' length.
func (c Cost) String() string {
	s := fmt.Sprintf("$%.2f", c.USD)
	if c.Unknown {
		s = "at least " + s
	}
	if c.Credits > 0 {
		s += fmt.Sprintf(" (%g credits)", float64(int64(c.Credits*100+0.5))/100)
	}
	secs := int(c.Seconds + 0.5)
	s += fmt.Sprintf(" for ~%d:%02d", secs/60, secs%60)
	if c.Unpriced != "" {
		s += ", and an unknown cost at " + strings.ReplaceAll(c.Unpriced, ",", " and ")
	}
	return s
}

// diffLine is one change as reel plan --diff lists it.
func diffLine(c Change) string {
	line := fmt.Sprintf("%s: %s → %s", c.Field, orNone(c.Old), orNone(c.New))
	if c.Request != "" && c.Request != c.Field {
		line += "  (request: " + c.Request + ")"
	}
	return line
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
