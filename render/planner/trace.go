package planner

import (
	"errors"
	"fmt"

	"github.com/reel-dev/reel/render/plan"
)

// Trace says in a line which form a plan from the snapshot took (c), or why
// only a full plan could give it (err): what REEL_DEBUG=snapshot prints.
func Trace(c *Cached, err error) string {
	var need *NeedFull
	var edited *EditErrors
	const replanned = "snapshot: changed: %s; re-planned the edited manifests only"
	switch {
	case errors.As(err, &need):
		return fmt.Sprintf("snapshot: %v", need)
	case errors.As(err, &edited):
		return fmt.Sprintf(replanned, edited.Edited)
	case err != nil:
		return fmt.Sprintf("snapshot: %v", err)
	case c.Form == Replanned:
		return fmt.Sprintf(replanned, c.Edited)
	case c.Form == Touched:
		return "snapshot: fresh: the plan is read from it (touched files confirmed by content)"
	}
	return "snapshot: fresh: the plan is read from it"
}

// Plan is the plan of the videos sel asks for (nil: all) and reel.yaml's
// budget.max_usd: decoded from c, a plan read from the snapshot, when
// there is one and it decodes; else made in full.
func (pl *Planner) Plan(c *Cached, sel Selection) (*plan.Plan, *float64, error) {
	if c != nil {
		if p, err := c.Plan(); err == nil {
			return p, c.Head.MaxUSD, nil
		}
	}
	set, p, err := pl.Full(sel)
	if err != nil {
		return nil, nil, err
	}
	return p, set.Project.Config.Budget.MaxUSD, nil
}
