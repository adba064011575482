package planner

import (
	"context"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
)

// StoreOpener opens the store of project p for a plan, once per process:
// nil (an untyped nil) when the project has none, or when the command
// leaves it out (--offline).
type StoreOpener func(p *manifest.Project) (Rendered, error)

// StoreMayChange reports whether the store may change plan h, read from
// the snapshot, which knows nothing of the store: h pays for renders, and
// the project has a store the planner's Options leave in. Unsure (reel.yaml
// unreadable) is yes: the full plan that follows says why.
func (pl *Planner) StoreMayChange(h plan.Head) bool {
	if pl.opt.Store == nil || !h.Paid() {
		return false
	}
	p, err := pl.Project()
	return err != nil || p.StoreURL() != ""
}

// WithStore lets the project's store say what was rendered in plan p: each
// paid action whose render key it holds becomes a free download from it
// (FromStore). proj is the project a full plan loaded, nil for a plan read
// from the snapshot. An error opening the store is returned as err; a
// store out of reach is not one: down says why, and p stays as reel.lock
// alone says.
func (pl *Planner) WithStore(ctx context.Context, p *plan.Plan, proj *manifest.Project) (down, err error) {
	if pl.opt.Store == nil || !p.Paid() {
		return nil, nil
	}
	if proj == nil {
		if proj, err = pl.Project(); err != nil {
			return nil, err
		}
	}
	s, err := pl.opt.Store(proj)
	if err != nil || s == nil {
		return nil, err
	}
	_, down = FromStore(ctx, p, s)
	return down, nil
}

// Project is reel.yaml of the project the planner plans.
func (pl *Planner) Project() (*manifest.Project, error) {
	root, err := manifest.Find(pl.dir)
	if err != nil {
		return nil, err
	}
	return manifest.LoadProject(root)
}
