package render

import (
	"context"
	"sync"
	"time"

	"github.com/reel-dev/reel/render/provider"
)

// MaxBatch is the most job ids one status call asks about: HeyGen v3's bulk
// statuses endpoint takes up to 100.
const MaxBatch = 100

// batchWindow is how long a status request waits for others to join it.
// Jobs poll on similar schedules, so a few milliseconds gather most of
// them into one call per hundred jobs instead of one call per job.
const batchWindow = 5 * time.Millisecond

// statusBatcher gathers the status checks of many jobs at one provider
// into bulk calls.
type statusBatcher struct {
	prov provider.Provider

	mu      sync.Mutex
	waiting map[string][]chan statusResult
	flush   bool // a flush is scheduled
}

type statusResult struct {
	st  provider.Status
	err error
}

// get returns the status of one job, asked together with whatever other
// jobs are being asked about at the same time.
func (b *statusBatcher) get(ctx context.Context, job string) (provider.Status, error) {
	ch := make(chan statusResult, 1)
	b.mu.Lock()
	if b.waiting == nil {
		b.waiting = map[string][]chan statusResult{}
	}
	b.waiting[job] = append(b.waiting[job], ch)
	if !b.flush {
		b.flush = true
		time.AfterFunc(batchWindow, func() { b.send(context.WithoutCancel(ctx)) })
	}
	b.mu.Unlock()
	select {
	case r := <-ch:
		return r.st, r.err
	case <-ctx.Done():
		return provider.Status{}, ctx.Err()
	}
}

// send asks about every waiting job, MaxBatch ids per call.
func (b *statusBatcher) send(ctx context.Context) {
	b.mu.Lock()
	waiting := b.waiting
	b.waiting, b.flush = nil, false
	b.mu.Unlock()
	ids := make([]string, 0, len(waiting))
	for id := range waiting {
		ids = append(ids, id)
	}
	for start := 0; start < len(ids); start += MaxBatch {
		chunk := ids[start:min(start+MaxBatch, len(ids))]
		sts, err := b.prov.Status(ctx, chunk...)
		for i, id := range chunk {
			r := statusResult{err: err}
			if err == nil && i < len(sts) {
				r.st = sts[i]
			} else if err == nil {
				r.st = provider.Status{JobID: id, State: provider.NotFound}
			}
			for _, ch := range waiting[id] {
				ch <- r
			}
		}
	}
}
