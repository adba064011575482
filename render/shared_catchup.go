package render

import (
	"context"
	"errors"
	"os"
	"sort"
	"sync"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/store"
)

// catchUpWorkers is how many uploads CatchUp has in flight.
const catchUpWorkers = 8

// CatchUp uploads to the store each render reel.lock records done that
// the store lacks: what an earlier run could not write, because the store
// was unreachable or the run was killed between recording a render and
// uploading it. What the store lacks is learnt from listings, not a
// request per video. An output no longer here as recorded is passed over:
// there is nothing verified to upload. It returns how many renders it
// uploaded; what failed is noted, as a run's failures are (Missed).
func (sh *Shared) CatchUp(ctx context.Context, outputDir string, l *lock.Lock) (int, error) {
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
	var missing []done
	for _, k := range keys {
		if _, ok := have[k]; !ok {
			if d, ok := localDone(outputDir, todo[k]); ok {
				missing = append(missing, d)
			}
		}
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i].ID < missing[j].ID })
	return sh.upload(ctx, missing), sh.Down()
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
// its size; the store checks its SHA-256 as it takes it).
func localDone(outputDir string, e *lock.Entry) (done, bool) {
	path, err := lock.OutputPath(outputDir, e.Output)
	if err != nil {
		return done{}, false
	}
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() != e.Size {
		return done{}, false
	}
	return done{ID: e.ID, Key: e.Key, Provider: e.Provider, Job: e.Job, Output: Fetched{Size: e.Size, SHA256: e.SHA256}, Path: path,
		Duration: e.Duration, CostUSD: e.CostUSD}, true
}

// upload puts each render, a few at once, until the store fails, and
// returns how many it put. A file that is not the one recorded (its bytes
// changed since) is passed over.
func (sh *Shared) upload(ctx context.Context, ds []done) int {
	var (
		mu   sync.Mutex
		n    int
		wg   sync.WaitGroup
		next = make(chan done)
	)
	for range min(catchUpWorkers, len(ds)) {
		wg.Go(func() {
			for d := range next {
				err := sh.putOutput(ctx, d)
				if err == nil {
					err = sh.putDone(ctx, d)
				}
				switch {
				case err == nil:
					mu.Lock()
					n++
					mu.Unlock()
				case store.KindOf(err) == store.Invalid, errors.Is(err, os.ErrNotExist):
				default:
					sh.fault(d.ID, err)
				}
			}
		})
	}
	for _, d := range ds {
		if !sh.usable() || ctx.Err() != nil {
			break
		}
		next <- d
	}
	close(next)
	wg.Wait()
	return n
}
