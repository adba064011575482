package render

import (
	"context"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/registry"
)

// MaxBatch is the most job ids one status call asks about: HeyGen v3's bulk
// statuses endpoint takes up to 100.
const MaxBatch = 100

// batchWindow is how long a status request waits for others to join it.
// Jobs poll on similar schedules, so a few milliseconds gather most of
// them into one call per hundred jobs instead of one call per job.
const batchWindow = 5 * time.Millisecond

// statusBatcher gathers the status checks of many jobs at one provider
// into bulk calls. On a bulk API every round also asks about the jobs that
// are waiting for their next check (parked), up to the room left in the
// calls the round makes anyway, and wakes each with its news: the jobs of
// a provider are polled together, about one call per hundred jobs per
// round, however their jittered schedules fall.
type statusBatcher struct {
	prov provider.Provider

	mu      sync.Mutex
	waiting map[string][]chan statusResult
	parked  map[string][]*parkedJob
	seq     uint64
	flush   bool // a flush is scheduled
}

type statusResult struct {
	st  provider.Status
	err error
}

// parkedJob is a job waiting for its next check.
type parkedJob struct {
	ch   chan statusResult // a round's answer; buffered
	wake context.CancelFunc
	seq  uint64 // parking order: the longest parked ride first
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

// next waits d with wait, then returns the job's status as get does; on a
// bulk API a round another job started may answer it sooner, which ends
// the wait early. It returns ctx's error if ctx ends first.
func (b *statusBatcher) next(ctx context.Context, job string, d time.Duration, wait func(context.Context, time.Duration) error) (provider.Status, error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := &parkedJob{ch: make(chan statusResult, 1), wake: cancel}
	b.mu.Lock()
	if b.parked == nil {
		b.parked = map[string][]*parkedJob{}
	}
	b.seq++
	p.seq = b.seq
	b.parked[job] = append(b.parked[job], p)
	b.mu.Unlock()
	werr := wait(wctx, d)
	b.mu.Lock()
	mine := b.unparkLocked(job, p)
	b.mu.Unlock()
	if !mine { // a round took it: its answer is on the way
		r := <-p.ch
		return r.st, r.err
	}
	if err := ctx.Err(); err != nil {
		return provider.Status{}, err
	}
	if werr != nil {
		return provider.Status{}, werr
	}
	return b.get(ctx, job)
}

// unparkLocked removes p, and reports whether it was still parked.
func (b *statusBatcher) unparkLocked(job string, p *parkedJob) bool {
	ps := b.parked[job]
	for i, q := range ps {
		if q == p {
			ps = append(ps[:i:i], ps[i+1:]...)
			if len(ps) == 0 {
				delete(b.parked, job)
			} else {
				b.parked[job] = ps
			}
			return true
		}
	}
	return false
}

// send asks about every waiting job, MaxBatch ids per call; on a bulk API
// the room left in those calls goes to parked jobs, longest parked first.
func (b *statusBatcher) send(ctx context.Context) {
	b.mu.Lock()
	waiting := b.waiting
	b.waiting, b.flush = nil, false
	ids := make([]string, 0, len(waiting))
	for id := range waiting {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	upto := b.seq // parked after this, a job does not take this round's older news
	if room := (len(ids)+MaxBatch-1)/MaxBatch*MaxBatch - len(ids); room > 0 && registry.BulkStatus(b.prov.Name()) {
		ids = append(ids, b.ridersLocked(waiting, room)...)
	}
	b.mu.Unlock()
	b.ask(ctx, ids, waiting, upto)
}

// refresh asks at once about every parked job, on a bulk API (elsewhere it
// asks nothing), wakes each with its news, and returns how many of them
// the provider has finished: after a 429, those are jobs reel still
// counts as running that no longer take a place at the provider.
func (b *statusBatcher) refresh(ctx context.Context) int {
	if !registry.BulkStatus(b.prov.Name()) {
		return 0
	}
	b.mu.Lock()
	upto := b.seq
	ids := b.ridersLocked(nil, math.MaxInt)
	b.mu.Unlock()
	return b.ask(ctx, ids, nil, upto)
}

// ask asks about ids, MaxBatch per call, answers the waiting and wakes the
// parked jobs parked before upto with their news, and returns how many of
// the jobs have finished.
func (b *statusBatcher) ask(ctx context.Context, ids []string, waiting map[string][]chan statusResult, upto uint64) (finished int) {
	for start := 0; start < len(ids); start += MaxBatch {
		chunk := ids[start:min(start+MaxBatch, len(ids))]
		sts, err := b.prov.Status(ctx, chunk...)
		var woken []*parkedJob
		var news []statusResult
		b.mu.Lock()
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
			if err != nil {
				continue // a parked job asks again in its own time
			}
			if r.st.State != provider.Queued && r.st.State != provider.Processing {
				finished++
			}
			var still []*parkedJob
			for _, p := range b.parked[id] {
				if p.seq > upto {
					still = append(still, p)
					continue
				}
				woken, news = append(woken, p), append(news, r)
			}
			if len(still) > 0 {
				b.parked[id] = still
			} else {
				delete(b.parked, id)
			}
		}
		b.mu.Unlock()
		for i, p := range woken {
			p.ch <- news[i]
			p.wake()
		}
	}
	return finished
}

// ridersLocked picks up to room parked jobs that are not already asked
// about, longest parked first.
func (b *statusBatcher) ridersLocked(asked map[string][]chan statusResult, room int) []string {
	type rider struct {
		id  string
		seq uint64
	}
	var rs []rider
	for id, ps := range b.parked {
		if _, ok := asked[id]; !ok && len(ps) > 0 {
			rs = append(rs, rider{id, ps[0].seq})
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].seq < rs[j].seq })
	out := make([]string, 0, min(room, len(rs)))
	for _, r := range rs[:min(room, len(rs))] {
		out = append(out, r.id)
	}
	return out
}
