package planner

import (
	"encoding/json"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
)

// splice replaces the old actions with those of the edit, and counts the
// head anew; budget is reel.yaml's budget.max_usd, which the head keeps.
// It is false when the snapshot's plan does not read.
func splice(s *snapshot.Snapshot, old map[string]int, e *Edit, spans map[string]lock.Span, budget *float64) bool {
	acts, err := s.Actions()
	if err != nil {
		return false
	}
	remove := make([]int, 0, len(old))
	for _, i := range old {
		remove = append(remove, i)
	}
	h, ok := headAfter(s.Head, acts, remove, e)
	if s.Splice(remove, snapActions(e.Actions, spans)) != nil {
		return false
	}
	if !ok {
		if acts, err = s.Actions(); err != nil {
			return false
		}
		if h, err = headOf(acts); err != nil {
			return false
		}
	}
	s.Head, _ = json.Marshal(Head{h, budget})
	return true
}

// headAfter is the head once the actions at remove are replaced by e's,
// worked out from the head before, when that is exact: the counts always
// are, and the total when e holds every paid action left (the usual edit
// of a project with nothing else pending), so that summing e's in id
// order is the sum a full plan makes. ok is false otherwise: the caller
// counts all the actions.
func headAfter(before []byte, acts snapshot.Actions, remove []int, e *Edit) (h plan.Head, ok bool) {
	var prev Head
	if json.Unmarshal(before, &prev) != nil || prev.Counts == nil {
		return h, false
	}
	h.Counts = prev.Counts
	paidLeft := h.Counts[plan.Create] + h.Counts[plan.Render]
	for _, i := range remove {
		k := plan.Kind(acts.Kind(i))
		switch n := h.Counts[k]; {
		case n <= 0:
			return h, false // a head that does not count its actions
		case n == 1:
			delete(h.Counts, k) // a full plan counts only the kinds it has
		default:
			h.Counts[k] = n - 1
		}
		if k.Paid() {
			paidLeft--
		}
	}
	if paidLeft != 0 {
		return h, false
	}
	for _, a := range e.Actions {
		h.Counts[a.Kind]++
	}
	h.Total = e.Total // summed as a full plan sums its paid actions, which are all here
	return h, true
}

// headOf sums the actions as a full plan does, in the same order, so the
// floating-point total is the same to the last bit. Only paid actions are
// decoded; the others are counted by kind, a run of one kind at a time.
func headOf(acts snapshot.Actions) (plan.Head, error) {
	h := plan.Head{Counts: map[plan.Kind]int{}}
	run, n := "", 0
	for i := range acts.Len() {
		k := acts.Kind(i)
		if k != run {
			if n > 0 {
				h.Counts[plan.Kind(run)] += n
			}
			run, n = k, 0
		}
		n++
		if !plan.Kind(k).Paid() {
			continue
		}
		a, err := acts.At(i)
		if err != nil {
			return h, err
		}
		full, err := plan.DecodeAction(a.ID, plan.Kind(k), a.Data)
		if err != nil {
			return h, err
		}
		h.Total = h.Total.Add(full.Cost)
	}
	if n > 0 {
		h.Counts[plan.Kind(run)] += n
	}
	return h, nil
}
