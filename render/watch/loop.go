package watch

import (
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
)

// Loop is the flow of a watch session: it shows the first plan and every
// re-plan, hands what each found to do to the drafts, and after each batch
// of drafts shows the plan again as reel.lock now has it. The first plan
// goes to the drafts too: what was pending when watch started renders as
// if it had just been saved, once settled and within the budget.
type Loop struct {
	Session *Session
	Display Display
	Drafts  *Drafts // nil unless watch renders
}

// Begin shows the first plan and schedules its pending work.
func (l *Loop) Begin(first *Update) {
	l.Display.Plan(first)
	if l.Drafts != nil {
		l.Drafts.Changed(first)
	}
}

// Batch re-plans what a quiet period changed: the Watcher's OnBatch.
func (l *Loop) Batch(b Batch) {
	u, err := l.Session.Apply(b)
	switch {
	case err != nil:
		l.Display.Notice(err.Error())
	case u != nil:
		l.Display.Plan(u)
		if l.Drafts != nil {
			l.Drafts.Changed(u)
		}
	}
}

// Rendered reports a batch of drafts, then the plan as it now stands: the
// Drafts' Rendered.
func (l *Loop) Rendered(p *plan.Plan, res render.Result, sessionUSD float64) {
	l.Display.Rendered(p, res, sessionUSD)
	ids := make([]string, 0, len(p.Actions))
	for _, a := range p.Actions {
		ids = append(ids, a.ID)
	}
	u, err := l.Session.Refresh(ids)
	if err != nil {
		l.Display.Notice(err.Error())
		return
	}
	l.Display.Plan(u)
}
