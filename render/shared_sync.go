package render

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/store"
)

// SyncLock writes into reel.lock of the project at root the renders the
// store holds of videos whose current render reel.lock lacks: a clone, or
// a CI runner that rendered with the store and committed nothing, can
// then commit the lock without rendering or downloading. Which keys the
// store has rendered is learnt from listings; only those keys' records
// are read, for their jobs. A video whose render is in flight here is left
// alone. It returns the ids it recorded, sorted, and how many videos
// the lock lacked.
func (sh *Shared) SyncLock(ctx context.Context, root string, videos []*manifest.Video) (Synced, error) {
	if !sh.usable() {
		return Synced{}, sh.Down()
	}
	path := filepath.Join(root, lock.FileName)
	l, err := lock.Read(path)
	if err != nil {
		return Synced{}, err
	}
	var want []*manifest.Video
	var keys []string
	for _, v := range videos {
		if lacks(l.Videos[v.ID], v.Request.Key) {
			want = append(want, v)
			keys = append(keys, v.Request.Key)
		}
	}
	if len(keys) == 0 {
		return Synced{}, nil
	}
	have, err := sh.Store.ListRendered(ctx, keys)
	if err != nil {
		return Synced{}, err
	}
	recs, err := sh.records(ctx, have)
	if err != nil {
		return Synced{}, err
	}
	var ids []string
	_, err = lock.UpdateContext(ctx, path, func(l *lock.Lock) error {
		ids = ids[:0]
		for _, v := range want {
			rec, ok := recs[v.Request.Key]
			if !ok || !lacks(l.Videos[v.ID], v.Request.Key) {
				continue
			}
			o := have[v.Request.Key]
			l.Set(&lock.Entry{ID: v.ID, Key: v.Request.Key, State: lock.Done, Provider: rec.Provider, Job: rec.Job,
				Output: v.Output, Size: o.Size, SHA256: o.SHA256, Duration: rec.Duration, CostUSD: rec.CostUSD, Request: v.Request.KeyJSON()})
			ids = append(ids, v.ID)
		}
		return nil
	})
	return Synced{IDs: ids, Lacked: len(want)}, err
}

// Synced is what SyncLock did: the videos it recorded, of those whose
// current render reel.lock lacked.
type Synced struct {
	IDs    []string
	Lacked int
}

// Summary is reel lock sync's last line, of a sync from sh.
func (s Synced) Summary(sh *Shared) string {
	switch left := s.Lacked - len(s.IDs); {
	case s.Lacked == 0:
		return "reel.lock already records the current render of every video."
	case len(s.IDs) == 0:
		manifests := "their manifests are"
		if left == 1 {
			manifests = "its manifest is"
		}
		return fmt.Sprintf("The store holds no render of the %s reel.lock lacks (as %s now): reel render makes %s.",
			english.Count(left, "video"), manifests, english.Them(left))
	case left > 0:
		return fmt.Sprintf("Synced %s from %s into reel.lock; it holds none of the other %s reel.lock lacks.",
			english.Count(len(s.IDs), "render"), sh, english.Count(left, "video"))
	}
	return fmt.Sprintf("Synced %s from %s into reel.lock.", english.Count(len(s.IDs), "render"), sh)
}

// lacks reports whether a video's entry lacks the finished render of key:
// it has none, another key's, or a failed one; not a render in flight.
func lacks(e *lock.Entry, key string) bool {
	return e == nil || e.Key != key || e.State == lock.Failed
}

// records reads the records of the rendered keys, a few at once, keeping
// those that name their job and provider.
func (sh *Shared) records(ctx context.Context, have map[string]store.Output) (map[string]*store.Record, error) {
	var (
		mu    sync.Mutex
		out   = map[string]*store.Record{}
		first error
		wg    sync.WaitGroup
		next  = make(chan string)
	)
	for range min(catchUpWorkers, len(have)) {
		wg.Go(func() {
			for key := range next {
				rec, err := sh.Store.GetRecord(ctx, key)
				mu.Lock()
				switch {
				case err != nil && first == nil && store.KindOf(err) != store.NotFound:
					first = err
				case err == nil && rec.Job != "" && rec.Provider != "":
					out[key] = rec
				}
				mu.Unlock()
			}
		})
	}
	for key := range have {
		next <- key
	}
	close(next)
	wg.Wait()
	return out, first
}
