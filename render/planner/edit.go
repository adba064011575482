package planner

import (
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
)

// Edit is the re-plan of some edited manifests: what replaces their part
// of a plan. Both partial forms make it with planEdit, so they agree on
// what an edit does: the snapshot's re-plan splices it into the snapshot
// (splice.go), the live plan of reel watch into its map of actions
// (Live.Edit).
type Edit struct {
	// Actions are the edited videos' actions and the orphans of the ids
	// gone that reel.lock knows, sorted by id.
	Actions []plan.Action
	// Removed are the ids gone that reel.lock does not know: they leave
	// the plan.
	Removed []string
	Total   plan.Cost // of the paid actions, summed in id order as a full plan sums them
}

// planEdit re-plans the videos the edited manifests make now, and the ids
// they made before and make no more (gone), against l: the whole of
// reel.lock, or at least its entries of those ids. An id gone that the
// lock knows becomes an orphan, as a full plan has it; one that an edited
// manifest makes now is not gone (a manifest moved to another include,
// which keeps its id); an orphan of any other id is none of the edit's
// business, and left out.
func planEdit(videos []*manifest.Video, gone []string, l *lock.Lock, prices plan.Prices, stat plan.Stat) (*Edit, error) {
	p, err := plan.Make(videos, l, prices, stat)
	if err != nil {
		return nil, err
	}
	made := make(map[string]bool, len(videos))
	for _, v := range videos {
		made[v.ID] = true
	}
	orphan, removed := map[string]bool{}, map[string]bool{}
	e := &Edit{Total: p.Total}
	for _, id := range gone {
		switch {
		case made[id] || removed[id]:
		case l.Videos[id] != nil:
			orphan[id] = true
		default:
			removed[id] = true
			e.Removed = append(e.Removed, id)
		}
	}
	e.Actions = p.Actions[:0]
	for _, a := range p.Actions {
		if a.Kind != plan.Orphan || orphan[a.ID] {
			e.Actions = append(e.Actions, a)
		}
	}
	return e, nil
}
