package planner

import (
	"slices"
	"strings"

	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
)

// Cached is the plan of the whole project read from the snapshot: the
// no-op form, which reads no manifest, or the re-planned one, which reads
// only the edited ones. Actions are decoded only if they must be listed.
type Cached struct {
	Form   Form
	Edited string // Replanned: the first edited manifest
	Head   Head

	snap  *snapshot.Snapshot
	fresh []plan.Action // the re-planned videos' actions, sorted by id: listed as planned, not decoded
}

// Form is which of its forms a plan took.
type Form int

const (
	Fresh     Form = iota + 1 // read from the snapshot: no input changed
	Touched                   // read from the snapshot: some inputs were rewritten with the same content
	Replanned                 // the edited manifests re-planned alone and spliced into the snapshot's plan
	Full                      // every manifest loaded and planned
)

// Head is the head a snapshot keeps: the plan's counts and total, and
// reel.yaml's budget.max_usd, so that a plan read from the snapshot says it
// is over budget without reading reel.yaml (and compiling the schemas to
// validate it). reel.yaml is one of the snapshot's inputs: while the
// snapshot holds, so does the budget.
type Head struct {
	plan.Head
	MaxUSD *float64 `json:"b,omitempty"`
}

// listsActions reports whether reel plan lists actions of this plan: some
// have work to do, or are orphans.
func (c *Cached) listsActions() bool { return c.Head.Pending() || c.Head.Counts[plan.Orphan] > 0 }

// Listed decodes the actions Print shows: those with work to do, or all.
func (c *Cached) Listed(all bool) ([]plan.Action, error) {
	acts, err := c.snap.Actions()
	if err != nil {
		return nil, err
	}
	if pending, ok := c.pendingFresh(); ok && !all {
		return pending, nil // every action with work to do was just planned: no need to look for others
	}
	var out []plan.Action
	for i := range acts.Len() {
		if !all && acts.Kind(i) == string(plan.OK) {
			continue
		}
		if a, ok := c.freshAction(acts.ID(i)); ok {
			out = append(out, a)
			continue
		}
		sa, err := acts.At(i)
		if err != nil {
			return nil, err
		}
		a, err := plan.DecodeAction(sa.ID, plan.Kind(sa.Kind), sa.Data)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// pendingFresh returns the re-planned actions with work to do, and
// whether they are all the plan's: the head counts no others.
func (c *Cached) pendingFresh() ([]plan.Action, bool) {
	if c.fresh == nil {
		return nil, false
	}
	var pending []plan.Action
	for _, a := range c.fresh {
		if a.Kind != plan.OK {
			pending = append(pending, a)
		}
	}
	n := 0
	for k, count := range c.Head.Counts {
		if k != plan.OK {
			n += count
		}
	}
	return pending, n == len(pending)
}

// freshAction is the re-planned action of the video id, if it is one.
func (c *Cached) freshAction(id string) (plan.Action, bool) {
	i, ok := slices.BinarySearchFunc(c.fresh, id, func(a plan.Action, id string) int { return strings.Compare(a.ID, id) })
	if !ok {
		return plan.Action{}, false
	}
	return c.fresh[i], true
}

// Plan is the whole plan, every action decoded.
func (c *Cached) Plan() (*plan.Plan, error) {
	actions, err := c.Listed(true)
	if err != nil {
		return nil, err
	}
	return &plan.Plan{Actions: actions, Avatars: c.Head.Avatars, Total: c.Head.Total}, nil
}
