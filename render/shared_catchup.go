package render

import (
	"context"
	"errors"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/store"
)

// catchUpWorkers is how many uploads CatchUp has in flight.
const catchUpWorkers = 8

// behindSlack is how long before the behind mark an output may seem to
// have been written and still be checked: file times may be coarse, or
// set by a file server whose clock is not this machine's.
const behindSlack = 10 * time.Minute

// CatchUp writes to the store each render reel.lock records done that
// the store lacks: what an earlier run could not write, because the store
// was unreachable or the run was killed between recording a render and
// writing it. since is when the store was marked behind (BehindSince);
// the zero time has every listed render checked.
//
// What the store has is learnt from listings of rendered/, not a request
// per video; but a run killed between indexing a render there and writing
// its record leaves the index saying done and the record not. So the
// record of each render whose output here was written since (or whose
// output is not here to tell) is read, and written Done unless it is. An
// output no longer here as recorded is not uploaded: there is nothing
// verified to upload. It returns how many renders it wrote; what failed
// is noted, as a run's failures are (Missed).
func (sh *Shared) CatchUp(ctx context.Context, outputDir string, l *lock.Lock, since time.Time) (int, error) {
	if !sh.usable() {
		return 0, sh.Down()
	}
	todo := doneByKey(l)
	keys := make([]string, 0, len(todo))
	for k := range todo {
		keys = append(keys, k)
	}
	have, err := sh.Store.ListRendered(ctx, keys)
	if err != nil {
		sh.fault("", err)
		return 0, err
	}
	var work []mend
	for _, k := range keys {
		if m, ok := mendOf(outputDir, todo[k], have, since); ok {
			work = append(work, m)
		}
	}
	sort.Slice(work, func(i, j int) bool { return work[i].ID < work[j].ID })
	return sh.mendAll(ctx, work), sh.Down()
}

// mend is what CatchUp does for one render: upload it when the store has
// not indexed it (Listed nil), else check its record against the index.
type mend struct {
	done
	Listed *store.Output // the output rendered/ lists for the key
}

// mendOf is the work e's render needs, given the outputs the store lists:
// none when the store lists it and it was here before since (an earlier
// run wrote it whole), or when it is neither listed nor here.
func mendOf(outputDir string, e *lock.Entry, have map[string]store.Output, since time.Time) (mend, bool) {
	d, written, here := localDone(outputDir, e)
	listed, ok := have[e.Key]
	switch {
	case !ok:
		return mend{done: d}, here
	case here && written.Before(since.Add(-behindSlack)):
		return mend{}, false
	}
	if !here {
		d = doneOf(e, "")
	}
	return mend{done: d, Listed: &listed}, true
}

// doneByKey is the current finished render of each key reel.lock holds,
// from the video that sorts first when several share a key.
func doneByKey(l *lock.Lock) map[string]*lock.Entry {
	out := map[string]*lock.Entry{}
	for _, e := range l.Videos {
		if e.State != lock.Done || e.SHA256 == "" || e.Job == "" {
			continue
		}
		if was, ok := out[e.Key]; !ok || e.ID < was.ID {
			out[e.Key] = e
		}
	}
	return out
}

// localDone is the upload of e's output, if it is here as recorded (by
// its size; the store checks its SHA-256 as it takes it), and when it was
// written.
func localDone(outputDir string, e *lock.Entry) (done, time.Time, bool) {
	path, err := lock.OutputPath(outputDir, e.Output)
	if err != nil {
		return done{}, time.Time{}, false
	}
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() != e.Size {
		return done{}, time.Time{}, false
	}
	return doneOf(e, path), st.ModTime(), true
}

// doneOf is the render reel.lock records as e, its output at path ("" when
// not here).
func doneOf(e *lock.Entry, path string) done {
	return done{ID: e.ID, Key: e.Key, Provider: e.Provider, Job: e.Job, Output: Fetched{Size: e.Size, SHA256: e.SHA256}, Path: path,
		Duration: e.Duration, CostUSD: e.CostUSD}
}

// mendAll does each mend, a few at once, until the store fails, and
// returns how many renders it wrote. A file that is not the one recorded
// (its bytes changed since) is passed over.
func (sh *Shared) mendAll(ctx context.Context, ms []mend) int {
	var (
		mu   sync.Mutex
		n    int
		wg   sync.WaitGroup
		next = make(chan mend)
	)
	for range min(catchUpWorkers, len(ms)) {
		wg.Go(func() {
			for m := range next {
				wrote, err := sh.mendOne(ctx, m)
				switch {
				case err == nil && wrote:
					mu.Lock()
					n++
					mu.Unlock()
				case err == nil, store.KindOf(err) == store.Invalid, errors.Is(err, os.ErrNotExist):
				default:
					sh.fault(m.ID, err)
				}
			}
		})
	}
	for _, m := range ms {
		if !sh.usable() || ctx.Err() != nil {
			break
		}
		next <- m
	}
	close(next)
	wg.Wait()
	return n
}

// mendOne uploads a render the store has not indexed, with its record;
// for one it has, it reads the record and, unless it is Done, writes it
// Done, uploading the output first when the index lists another one.
func (sh *Shared) mendOne(ctx context.Context, m mend) (bool, error) {
	if m.Listed != nil {
		rec, err := sh.Store.GetRecord(ctx, m.Key)
		switch {
		case err == nil && rec.State == store.Done && rec.Output != nil:
			return false, nil
		case err != nil && !errors.Is(err, store.NotFound):
			return false, err
		}
		if *m.Listed == (store.Output{SHA256: m.Output.SHA256, Size: m.Output.Size}) {
			return sh.putDone(ctx, m.done)
		}
	}
	if m.Path == "" {
		return false, nil // nothing verified here to upload
	}
	if err := sh.putOutput(ctx, m.done); err != nil {
		return false, err
	}
	return sh.putDone(ctx, m.done)
}
