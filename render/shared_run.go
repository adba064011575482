package render

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/reel-dev/reel/internal/textsafe"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/store"
)

// follow takes the render another machine made or is making of a's key,
// instead of paying for it again: its output from the store, if there,
// else its job, polled and downloaded here. The job goes into reel.lock
// first, so a run killed while following resumes it.
func (r *Runner) follow(ctx context.Context, a plan.Action, rec *store.Record, sl *slot) error {
	v := a.Video
	out := filepath.Join(r.Project.OutputDir, filepath.FromSlash(v.Output))
	if rec.Output != nil {
		r.event(a.ID, "download", v.Output+" from the store")
		if got, ok := r.Store.fromStore(ctx, a.ID, *rec.Output, out, isWebM(v.Output)); ok {
			return r.recordStored(ctx, a, renderOf(rec), got)
		}
		if ctx.Err() != nil {
			return stopped(ctx, stoppedDownloading, rec.Job, "")
		}
	}
	if rec.Job == "" {
		return fmt.Errorf("the store records this render without its job, and its output could not be fetched: run reel render again")
	}
	prov, err := r.Open(rec.Provider)
	if err != nil {
		return err
	}
	err = r.record(ctx, func(l *lock.Lock) error {
		l.Set(&lock.Entry{ID: v.ID, Key: a.Key, State: lock.Pending, Provider: rec.Provider, Job: rec.Job,
			Output: v.Output, CostUSD: round(a.Cost.USD), Request: v.Request.KeyJSON()})
		return nil
	})
	if err != nil {
		return fmt.Errorf("job %s, which %s created, could not be recorded: %w", textsafe.OneLine(rec.Job), textsafe.OneLine(rec.Holder), err)
	}
	r.event(a.ID, "wait", "job "+rec.Job+", which "+rec.Holder+" created")
	return r.finish(ctx, prov, a, rec.Job, sl, false)
}

// downloadStored is a free download taken from the store, if it has the
// output: it reports whether it dealt with the download, and otherwise
// returns the action with the job to ask the provider for (the store's
// record names it when the plan found the render in the store only).
func (r *Runner) downloadStored(ctx context.Context, a plan.Action) (plan.Action, bool, error) {
	from := a.From
	if a.Kind != plan.Download || from == nil || !r.Store.usable() {
		return a, false, nil
	}
	if from.Job == "" { // rendered by another clone: its record names the job
		rec, err := r.Store.Store.GetRecord(ctx, a.Key)
		if err != nil {
			r.Store.fault(a.ID, err)
			return a, true, fmt.Errorf("the store's record of this render could not be read: %w; run reel render again", err)
		}
		f := renderOf(rec)
		f.Key, f.Output, f.Size, f.SHA256 = from.Key, from.Output, from.Size, from.SHA256
		a.From = &f
	}
	out := filepath.Join(r.Project.OutputDir, filepath.FromSlash(a.Video.Output))
	r.event(a.ID, "download", a.Video.Output+" from the store")
	got, ok := r.Store.fromStore(ctx, a.ID, store.Output{SHA256: a.From.SHA256, Size: a.From.Size}, out, isWebM(a.Video.Output))
	switch {
	case ok:
		return a, true, r.recordStored(ctx, a, *a.From, got)
	case ctx.Err() != nil:
		return a, true, stopped(ctx, stoppedDownloading, a.From.Job, "")
	}
	return a, false, nil
}

// recordStored records in reel.lock an output taken from the store, the
// verified output of the render from (its provider, job, length and
// cost), as the machine that rendered it recorded it: every clone's
// reel.lock then says the same of it.
func (r *Runner) recordStored(ctx context.Context, a plan.Action, from lock.Render, got Fetched) error {
	v := a.Video
	return r.record(ctx, func(l *lock.Lock) error {
		e := l.Videos[v.ID]
		if e == nil || e.Key != a.Key {
			e = &lock.Entry{ID: v.ID, Key: a.Key, Request: v.Request.KeyJSON()}
			defer l.Set(e)
		}
		e.State, e.Provider, e.Job, e.Error, e.Uploads, e.Replaces = lock.Done, from.Provider, from.Job, "", nil, ""
		e.Output, e.Size, e.SHA256 = v.Output, got.Size, got.SHA256
		e.Duration, e.CostUSD = from.Duration, from.CostUSD
		return nil
	})
}

// renderOf is what a store record says of a render, as reel.lock keeps it.
func renderOf(rec *store.Record) lock.Render {
	return lock.Render{Key: rec.Key, Provider: rec.Provider, Job: rec.Job, Duration: rec.Duration, CostUSD: rec.CostUSD}
}

// shareDone writes a render this run verified and recorded as e to the
// store.
func (r *Runner) shareDone(ctx context.Context, e lock.Entry) {
	if r.Store == nil {
		return
	}
	out := filepath.Join(r.Project.OutputDir, filepath.FromSlash(e.Output))
	r.Store.put(ctx, done{ID: e.ID, Key: e.Key, Provider: e.Provider, Job: e.Job, Output: Fetched{Size: e.Size, SHA256: e.SHA256},
		Path: out, Duration: e.Duration, CostUSD: e.CostUSD})
}

func isWebM(output string) bool { return strings.EqualFold(path.Ext(output), ".webm") }

// refetchStored is reel fetch's download from the store, tried first: it
// reports whether it dealt with rec (fetched it, or was stopped). The
// store keeps the verified video alone: a caption file or thumbnail comes
// from the provider, with the video, only when the store lacks it.
func (r *Runner) refetchStored(ctx context.Context, rec Recorded) (bool, error) {
	out, err := lock.OutputPath(r.Project.OutputDir, rec.Output)
	if err != nil || !r.Store.usable() {
		return false, nil // refetch says why
	}
	r.event(rec.ID, "download", rec.Output+" from the store")
	_, ok := r.Store.fromStore(ctx, rec.ID, store.Output{SHA256: rec.SHA256, Size: rec.Size}, out, isWebM(rec.Output))
	switch {
	case ok:
		return true, nil
	case ctx.Err() != nil:
		return true, ctx.Err()
	}
	return false, nil
}
