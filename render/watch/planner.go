package watch

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
)

// planner keeps every video's action, re-planning the videos a change
// touched against a reel.lock read once and again only when it changes
// (a render, here or in another reel).
type planner struct {
	lockPath string
	prices   plan.Prices
	stats    *outputStats
	orphans  bool // the whole project is watched: lock entries without a manifest are orphans

	lock    *lock.Lock
	stamp   stamp // of reel.lock as read
	actions map[string]plan.Action
}

// stamp tells a file changed without reading it.
type stamp struct {
	size  int64
	mtime time.Time
}

func stampOf(path string) stamp {
	st, err := os.Stat(path)
	if err != nil {
		return stamp{size: -1}
	}
	return stamp{st.Size(), st.ModTime()}
}

func newPlanner(p *manifest.Project, stats *outputStats, orphans bool) *planner {
	if stats == nil {
		stats = &outputStats{dir: p.OutputDir, seen: map[string]statEntry{}}
	}
	return &planner{
		lockPath: filepath.Join(p.Root, lock.FileName),
		prices:   plan.NewPrices(p.Config.Pricing),
		stats:    stats,
		orphans:  orphans,
		lock:     lock.New(),
		stamp:    stamp{size: -2},
		actions:  map[string]plan.Action{},
	}
}

// sync re-reads reel.lock if it changed, and re-plans every video then:
// what is rendered, and what can be fetched instead of rendered, moved.
func (pl *planner) sync() (bool, error) {
	now := stampOf(pl.lockPath)
	if now == pl.stamp {
		return false, nil
	}
	l, err := lock.Read(pl.lockPath)
	if err != nil {
		return false, err
	}
	pl.lock, pl.stamp = l, now
	videos := make([]*manifest.Video, 0, len(pl.actions))
	for _, a := range pl.actions {
		videos = append(videos, a.Video)
	}
	_, err = pl.replan(videos)
	return true, err
}

// replan plans some videos and keeps their actions.
func (pl *planner) replan(videos []*manifest.Video) ([]plan.Action, error) {
	if len(videos) == 0 {
		return nil, nil
	}
	p, err := plan.Make(videos, pl.lock, pl.prices, pl.stats.Stat)
	if err != nil {
		return nil, err
	}
	p.DropOrphans()
	for _, a := range p.Actions {
		pl.actions[a.ID] = a
	}
	return p.Actions, nil
}

// forget drops the actions of videos whose manifest is gone. Those
// reel.lock knows come back as orphans, the rest as ids.
func (pl *planner) forget(ids []string) (orphans []plan.Action, removed []string) {
	known := lock.New()
	for _, id := range ids {
		delete(pl.actions, id)
		if e := pl.lock.Videos[id]; e != nil {
			known.Videos[id] = e
		} else {
			removed = append(removed, id)
		}
	}
	if len(known.Videos) > 0 {
		p, _ := plan.Make(nil, known, pl.prices, pl.stats.Stat)
		orphans = p.Actions
	}
	return orphans, removed
}

// all is every video's action.
func (pl *planner) all() []plan.Action {
	out := make([]plan.Action, 0, len(pl.actions))
	for _, a := range pl.actions {
		out = append(out, a)
	}
	return out
}

// whole is the plan of the project, for its summary (unsorted).
func (pl *planner) whole() *plan.Plan {
	p := &plan.Plan{Actions: pl.all()}
	for _, a := range p.Actions {
		if a.Kind.Paid() {
			p.Total = p.Total.Add(a.Cost)
		}
	}
	if pl.orphans {
		for id, e := range pl.lock.Videos {
			if _, ok := pl.actions[id]; !ok {
				p.Actions = append(p.Actions, plan.Action{ID: id, Kind: plan.Orphan, Key: e.Key, Entry: e})
			}
		}
	}
	return p
}

// outputStats is the plan's view of the output folder, hashing a file
// again only when its size or mtime moved: re-planning after a render
// must not read every video of the project again.
type outputStats struct {
	dir  string
	mu   sync.Mutex
	seen map[string]statEntry
}

type statEntry struct {
	stamp stamp
	out   plan.Output
}

func (o *outputStats) Stat(rel string) (plan.Output, error) {
	path := filepath.Join(o.dir, filepath.FromSlash(rel))
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return plan.Output{}, nil
	}
	if err != nil {
		return plan.Output{}, err
	}
	now := stamp{st.Size(), st.ModTime()}
	o.mu.Lock()
	e, ok := o.seen[path]
	o.mu.Unlock()
	if ok && e.stamp == now {
		return e.out, nil
	}
	f, _, err := safefile.Open(path, safefile.Output)
	if err != nil {
		return plan.Output{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, safefile.LimitReader(f, path, safefile.Output))
	if err != nil {
		return plan.Output{}, err
	}
	out := plan.Output{Exists: true, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	o.mu.Lock()
	o.seen[path] = statEntry{now, out}
	o.mu.Unlock()
	return out, nil
}
