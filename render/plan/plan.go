// Package plan decides what a run must do, and nothing else: it is a pure
// function of the resolved videos, reel.lock and what is on disk, returning
// one action per video with its reason and its estimated cost. It never
// calls a provider; render carries a plan out and decides nothing.
package plan

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
)

// Kind is what an action does.
type Kind string

const (
	Create   Kind = "create"   // a new video: a paid render
	Render   Kind = "render"   // the request changed: a paid render
	Download Kind = "download" // the output is missing or differs: fetch it again, free
	Resume   Kind = "resume"   // a job is in flight: wait for it, free
	OK       Kind = "ok"       // up to date
	Orphan   Kind = "orphan"   // in reel.lock, no manifest
)

// Paid reports whether the action pays a provider.
func (k Kind) Paid() bool { return k == Create || k == Render || k == Train || k == Look }

// Action is one video's part of a plan.
type Action struct {
	ID     string
	Kind   Kind
	Reason string
	// Key is the render key the action produces or keeps.
	Key string
	// Changes lists what differs from the last render (Render only).
	Changes []Change
	// Cost is the estimate of a paid action; zero for the others.
	Cost Cost
	// Forced marks a re-render asked for by --force: the request did not
	// change, so the provider must be told this is a new render.
	Forced bool
	// Group is the manifest a row's video is listed under (see GroupOf).
	Group string
	// Video is the manifest's video (nil for an orphan); Entry its lock
	// entry (nil for a new video); From the earlier render a download or
	// resume fetches from.
	Video *manifest.Video
	Entry *lock.Entry
	From  *lock.Render
}

// Output is what the plan needs to know of a file on disk.
type Output struct {
	Exists bool
	Size   int64
	SHA256 string
}

// Stat reports on an output file, by its slash path below output_dir. The
// caller decides how (a cache may skip re-hashing unchanged files). Make
// calls it from several goroutines at once.
type Stat func(rel string) (Output, error)

// Plan is every action, sorted by video id, and their total estimate.
type Plan struct {
	Actions []Action
	// Avatars are the photo avatars the videos use, sorted by id: a run
	// trains them (and generates their looks) before the videos.
	Avatars []AvatarAction
	Total   Cost
}

// Make builds the plan. Stat errors (a permission problem, say) are
// returned: a plan must not guess what is on disk.
func Make(videos []*manifest.Video, l *lock.Lock, prices Prices, stat Stat) (*Plan, error) {
	p := &Plan{}
	seen := make(map[string]bool, len(videos))
	renders := l.Renders() // one index, not a search of the lock per changed video
	acts, err := actions(videos, l, renders, prices, stat)
	if err != nil {
		return nil, err
	}
	for i, v := range videos {
		seen[v.ID] = true
		if acts[i].Kind.Paid() {
			p.Total = p.Total.Add(acts[i].Cost)
		}
	}
	p.Actions = acts
	p.Avatars = avatarActions(videos, l, prices)
	for _, a := range p.Avatars {
		p.Total = p.Total.Add(a.Cost)
	}
	for id, e := range l.Videos {
		if !seen[id] {
			p.Actions = append(p.Actions, Action{ID: id, Kind: Orphan, Key: e.Key, Entry: e, Reason: "in reel.lock but no manifest: its output is kept"})
		}
	}
	sort.Slice(p.Actions, func(i, j int) bool { return p.Actions[i].ID < p.Actions[j].ID })
	return p, nil
}

// actions is each video's action, with its estimate when paid. Each stats
// an output (a system call, or a hash of a file that moved) and a changed
// one reads and diffs the last render's request, so they are made by
// several goroutines, more than there are cores: at ten thousand videos
// that is the difference between tens of milliseconds and a few. The
// first error in the videos' order is the one returned.
func actions(videos []*manifest.Video, l *lock.Lock, renders map[string]lock.Render, prices Prices, stat Stat) ([]Action, error) {
	acts := make([]Action, len(videos))
	errs := make([]error, len(videos))
	one := func(i int) {
		acts[i], errs[i] = action(videos[i], l, renders, stat)
		if acts[i].Kind.Paid() {
			acts[i].Cost = prices.Estimate(videos[i])
			if videos[i].Sandbox {
				acts[i].Reason += InSandbox
			}
			if videos[i].Request.Test {
				acts[i].Reason += AsTest
			}
		}
	}
	const chunk = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0)*4, (len(videos)+chunk-1)/chunk) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(videos) {
					return
				}
				for i := lo; i < min(lo+chunk, len(videos)); i++ {
					one(i)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return acts, nil
}

func action(v *manifest.Video, l *lock.Lock, renders map[string]lock.Render, stat Stat) (Action, error) {
	key := v.Request.Key
	a := Action{ID: v.ID, Key: key, Video: v, Entry: l.Videos[v.ID], Group: GroupOf(v)}
	e := a.Entry
	switch {
	case e != nil && e.Key == key && e.State == lock.Pending:
		a.Kind, a.Reason = Resume, "a job is in flight"
		if e.Job == "" {
			a.Reason = "a create was started and not confirmed: reel checks with the provider before creating again"
		}
		return a, nil
	case e != nil && e.Key == key && e.State == lock.Done:
		return outputAction(a, e.Render(), stat)
	}
	if other, ok, err := otherMode(a, e, stat); ok || err != nil {
		return other, err
	}
	if r, ok := renders[key]; ok {
		a.From = &r
		a.Kind, a.Reason = Download, "rendered before (job "+r.Job+"): fetch it again, free"
		return a, nil
	}
	switch {
	case e == nil:
		a.Kind, a.Reason = Create, "new video"
	case e.Key == key: // failed before
		a.Kind, a.Reason = Render, "the last render failed: "+e.Error
	default:
		a.Kind = Render
		a.Changes = Diff(e, l.Request(e), v)
		a.Reason = "changed: " + changedFields(a.Changes)
	}
	return a, nil
}

// outputAction checks the recorded output of an up-to-date video.
func outputAction(a Action, r lock.Render, stat Stat) (Action, error) {
	a.From = &r
	out, err := stat(a.Video.Output)
	if err != nil {
		return a, fmt.Errorf("%s: %w", a.Video.Output, err)
	}
	switch {
	case !out.Exists && a.Video.Output != r.Output:
		a.Kind, a.Reason = Download, "output moved to "+a.Video.Output+": fetch it again, free"
	case !out.Exists:
		a.Kind, a.Reason = Download, "output missing: fetch it again, free"
	case out.Size != r.Size || out.SHA256 != r.SHA256:
		a.Kind, a.Reason = Download, "output differs from the recorded render: fetch it again, free"
	default:
		a.Kind, a.Reason = OK, "up to date"
	}
	return a, nil
}

// Counts returns how many actions of each kind the plan holds.
func (p *Plan) Counts() map[Kind]int {
	c := map[Kind]int{}
	for _, a := range p.Actions {
		c[a.Kind]++
	}
	return c
}

// Pending reports whether anything is left to do (orphans aside).
func (p *Plan) Pending() bool {
	if avatarsPending(p.Avatars) {
		return true
	}
	for _, a := range p.Actions {
		if a.Kind != OK && a.Kind != Orphan {
			return true
		}
	}
	return false
}

// Paid reports whether the plan would pay a provider.
func (p *Plan) Paid() bool {
	if avatarsPaid(p.Avatars) {
		return true
	}
	for _, a := range p.Actions {
		if a.Kind.Paid() {
			return true
		}
	}
	return false
}

// DropOrphans removes the orphan actions, for a plan of some videos only.
func (p *Plan) DropOrphans() {
	kept := p.Actions[:0]
	for _, a := range p.Actions {
		if a.Kind != Orphan {
			kept = append(kept, a)
		}
	}
	p.Actions = kept
}

// Force turns the actions of the given video ids into paid re-renders
// (reel render --force), priced like any other. It returns the ids that
// are not in the plan.
func (p *Plan) Force(ids []string, prices Prices) []string {
	var missing []string
	for _, id := range ids {
		found := false
		for i := range p.Actions {
			a := &p.Actions[i]
			if a.ID != id || a.Video == nil {
				continue
			}
			found = true
			if !a.Kind.Paid() {
				// the video's own key: an action may keep another mode's render
				a.Kind, a.Reason, a.Forced, a.Key = Render, "forced by --force", true, a.Video.Request.Key
				a.Cost = prices.Estimate(a.Video)
				p.Total = p.Total.Add(a.Cost)
			}
		}
		if !found {
			missing = append(missing, id)
		}
	}
	return missing
}
