package planner

import (
	"context"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/store"
)

// Rendered is what a plan asks the store a team shares: which of these
// render keys it holds a verified output of (store.Store.ListRendered).
type Rendered interface {
	ListRendered(ctx context.Context, keys []string) (map[string]store.Output, error)
}

// StoreReason is the reason of a render this clone's reel.lock lacks and
// the store holds.
const StoreReason = "rendered in the store (by another clone or runner): fetch it from there, free"

// FromStore makes the store a source of truth for what was rendered: each
// paid action (unforced) whose render key the store has rendered becomes a
// free download of that output, even where this clone's reel.lock has not
// recorded the render. The store is asked once, for every such key, in
// listings rather than a request per video. It returns how many actions
// changed; on an error the plan is left as it was.
func FromStore(ctx context.Context, p *plan.Plan, s Rendered) (int, error) {
	var keys []string
	for _, a := range p.Actions {
		if a.Kind.Paid() && !a.Forced {
			keys = append(keys, a.Key)
		}
	}
	if len(keys) == 0 {
		return 0, nil
	}
	have, err := s.ListRendered(ctx, keys)
	if err != nil {
		return 0, err
	}
	n := 0
	var total plan.Cost
	for i := range p.Actions {
		a := &p.Actions[i]
		if o, ok := have[a.Key]; ok && a.Kind.Paid() && !a.Forced {
			a.Kind, a.Reason, a.Changes, a.Cost = plan.Download, StoreReason, nil, plan.Cost{}
			a.From = storedRender(a, o)
			n++
		}
		if a.Kind.Paid() {
			total = total.Add(a.Cost)
		}
	}
	p.Total = total
	return n, nil
}

// storedRender is the render a download from the store fetches: its
// output by hash and size; the job and provider are in the key's record,
// read when it is fetched.
func storedRender(a *plan.Action, o store.Output) *lock.Render {
	r := &lock.Render{Key: a.Key, Size: o.Size, SHA256: o.SHA256}
	if a.Video != nil {
		r.Output, r.Provider = a.Video.Output, a.Video.ProviderName()
	}
	return r
}
