package planner

import (
	"os"
	"path/filepath"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
)

// Live is the plan reel watch keeps: every video's action in memory,
// re-planning the videos a change touched against a reel.lock read once,
// and again only when it changes (a render, here or in another reel). An
// edit is re-planned as the snapshot's re-plan does it (planEdit); what
// differs is where the lock and the plan are. The snapshot's re-plan
// reads only the edited videos' blocks of reel.lock and splices encoded
// lines; Live holds the whole lock, so a video whose new request was
// rendered under another is planned as the download a full plan makes of
// it, and keeps the actions decoded, with their videos, which a render of
// them needs. It is not safe for concurrent use, but for PlanNow.
type Live struct {
	lockPath string
	prices   plan.Prices
	outs     *Outputs
	orphans  bool // the whole project is planned: lock entries without a manifest are orphans

	lock    *lock.Lock
	stamp   fileStamp // of reel.lock as read
	actions map[string]plan.Action
}

// fileStamp tells a file changed without reading it.
type fileStamp struct {
	size  int64
	mtime time.Time
}

func stampOf(path string) fileStamp {
	st, err := os.Stat(path)
	if err != nil {
		return fileStamp{size: -1}
	}
	return fileStamp{st.Size(), st.ModTime()}
}

// NewLive starts the live plan of the project p, with no video yet.
// outs, if it reads p's output folder, carries the hashes of the last
// live plan over (nil: none); orphans says the whole project is planned.
func NewLive(p *manifest.Project, outs *Outputs, orphans bool) *Live {
	if outs == nil || outs.Dir() != p.OutputDir {
		outs = NewOutputs(p.OutputDir, nil)
	}
	return &Live{
		lockPath: filepath.Join(p.Root, lock.FileName),
		prices:   plan.NewPrices(p.Config.Pricing),
		outs:     outs,
		orphans:  orphans,
		lock:     lock.New(),
		stamp:    fileStamp{size: -2},
		actions:  map[string]plan.Action{},
	}
}

// Outputs is the live plan's view of the output folder.
func (l *Live) Outputs() *Outputs { return l.outs }

// Sync re-reads reel.lock if it changed, and re-plans every video then:
// what is rendered, and what can be fetched instead of rendered, moved.
func (l *Live) Sync() (bool, error) {
	now := stampOf(l.lockPath)
	if now == l.stamp {
		return false, nil
	}
	read, err := lock.Read(l.lockPath)
	if err != nil {
		return false, err
	}
	l.lock, l.stamp = read, now
	videos := make([]*manifest.Video, 0, len(l.actions))
	for _, a := range l.actions {
		videos = append(videos, a.Video)
	}
	_, err = l.Edit(videos, nil)
	return true, err
}

// Edit re-plans the videos of edited manifests and the ids they made and
// make no more (see planEdit), against the whole lock, and keeps the
// videos' actions: the orphans among the result are the lock's, which
// Whole lists. It returns the re-plan, orphans and removed ids included.
func (l *Live) Edit(videos []*manifest.Video, gone []string) (*Edit, error) {
	if len(videos) == 0 && len(gone) == 0 {
		return &Edit{}, nil
	}
	e, err := planEdit(videos, gone, l.lock, l.prices, l.outs.Stat)
	if err != nil {
		return nil, err
	}
	for _, id := range gone {
		delete(l.actions, id)
	}
	for _, a := range e.Actions {
		if a.Kind != plan.Orphan {
			l.actions[a.ID] = a
		}
	}
	return e, nil
}

// Action is the video id's action, if it has one.
func (l *Live) Action(id string) (plan.Action, bool) {
	a, ok := l.actions[id]
	return a, ok
}

// All is every video's action, unsorted.
func (l *Live) All() []plan.Action {
	out := make([]plan.Action, 0, len(l.actions))
	for _, a := range l.actions {
		out = append(out, a)
	}
	return out
}

// Whole is the plan of the project, for its summary (unsorted).
func (l *Live) Whole() *plan.Plan {
	p := &plan.Plan{Actions: l.All()}
	for _, a := range p.Actions {
		if a.Kind.Paid() {
			p.Total = p.Total.Add(a.Cost)
		}
	}
	if l.orphans {
		for id, e := range l.lock.Videos {
			if _, ok := l.actions[id]; !ok {
				p.Actions = append(p.Actions, plan.Action{ID: id, Kind: plan.Orphan, Key: e.Key, Entry: e})
			}
		}
	}
	return p
}

// PlanNow plans videos against reel.lock as it is now, not as the live
// plan last read it: another reel may have rendered meanwhile. It changes
// nothing of the live plan, and may run beside its other methods.
func (l *Live) PlanNow(videos []*manifest.Video) (*plan.Plan, error) {
	now, err := lock.Read(l.lockPath)
	if err != nil {
		return nil, err
	}
	return plan.Make(videos, now, l.prices, l.outs.Stat)
}
