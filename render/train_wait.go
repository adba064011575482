package render

import (
	"context"
	"fmt"
	"sync"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider/registry"
)

// trainings are a run's avatar actions, carried out before the videos that
// use them: each paid render of such a video waits for its avatars, then
// puts their ids in its body. A failed training fails those videos, and
// only those.
type trainings struct {
	lockPath string
	by       map[string]*training // by the avatar's lock id
}

// training is one avatar's: done once it ended, with the ids of the
// avatar and its looks by placeholder, or why it failed.
type training struct {
	done chan struct{}
	ids  map[string]string
	err  error
	usd  float64 // the estimate of a paid training or look that ended well
}

// startTrainings starts the work of each of p's avatars; wg counts it.
func (r *Runner) startTrainings(ctx context.Context, p *plan.Plan, wg *sync.WaitGroup) *trainings {
	ts := &trainings{lockPath: r.lockPath(), by: map[string]*training{}}
	for _, a := range p.Avatars {
		t := &training{done: make(chan struct{})}
		ts.by[a.ID] = t
		if a.Kind == plan.OK {
			t.ids = idsOf(a.Avatar, a.Entry, a.Needed)
			close(t.done)
			continue
		}
		wg.Go(func() {
			defer close(t.done)
			t.ids, t.err = r.train(ctx, a)
			if t.err != nil {
				r.event(a.Label(), "failed", t.err.Error())
			} else {
				t.usd = a.Cost.USD
				r.event(a.Label(), "done", "trained")
			}
		})
	}
	return ts
}

// spent is the estimate of the trainings and looks this run paid for and
// saw end well; call it once every training has ended.
func (ts *trainings) spent() float64 {
	usd := 0.0
	for _, t := range ts.by {
		usd += t.usd
	}
	return usd
}

// wait waits for the avatars of a paid render of a to be trained, and
// returns why it cannot render if one cannot be.
func (ts *trainings) wait(ctx context.Context, a plan.Action) error {
	if ts == nil || !a.Kind.Paid() || a.Video == nil {
		return nil
	}
	for _, u := range a.Video.Request.Avatars {
		t := ts.of(a.Video, u)
		if t == nil {
			continue // not the plan's: ids reads the lock
		}
		select {
		case <-t.done:
		case <-ctx.Done():
			return stopped(ctx, stoppedBeforeSubmit, "", "")
		}
		if t.err != nil {
			return fmt.Errorf("avatar %s: %w", u.Avatar.Name, t.err)
		}
	}
	return nil
}

// of is the training of the avatar u of v, or nil if the plan has none.
func (ts *trainings) of(v *manifest.Video, u manifest.AvatarUse) *training {
	trainer, ok := registry.Trainer(v.ProviderName())
	if !ok {
		return nil
	}
	return ts.by[lock.AvatarID(trainer, u.Avatar.Name)]
}

// ids is the provider's id of each avatar v renders, by placeholder: as an
// earlier create of the same body recorded it (known), as its training in
// this run ended, or as reel.lock records it (a plan without the avatar's
// action, as watch makes).
func (ts *trainings) ids(v *manifest.Video, known map[string]string) (map[string]string, error) {
	if ts == nil {
		return nil, fmt.Errorf("photo avatars are rendered by Runner.Run, which trains them first")
	}
	out := map[string]string{}
	var l *lock.Lock
	for _, u := range v.Request.Avatars {
		if id, ok := known[u.Ref]; ok {
			out[u.Ref] = id
			continue
		}
		var ids map[string]string
		if t := ts.of(v, u); t != nil {
			ids = t.ids
		} else {
			var err error
			if l == nil {
				if l, err = lock.Read(ts.lockPath); err != nil {
					return nil, err
				}
			}
			ids = lockedIDs(l, v, u)
		}
		id, ok := ids[u.Ref]
		if !ok {
			return nil, notTrained(u)
		}
		out[u.Ref] = id
	}
	return out, nil
}

// lockedIDs are the ids reel.lock records for the avatar u of v.
func lockedIDs(l *lock.Lock, v *manifest.Video, u manifest.AvatarUse) map[string]string {
	trainer, ok := registry.Trainer(v.ProviderName())
	if !ok {
		return nil
	}
	var needed []manifest.Look
	if u.Look != "" {
		needed = append(needed, u.Avatar.Looks[u.Look])
	}
	return idsOf(u.Avatar, l.Avatars[lock.AvatarID(trainer, u.Avatar.Name)], needed)
}

func notTrained(u manifest.AvatarUse) error {
	what := "avatar " + u.Avatar.Name
	if u.Look != "" {
		what += "'s look " + u.Look
	}
	return fmt.Errorf("%s is not trained yet: run reel render, which trains it before its videos", what)
}

// withAll is m with every entry of more, m made if nil.
func withAll(m, more map[string]string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	for k, v := range more {
		m[k] = v
	}
	return m
}
