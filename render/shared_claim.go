package render

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/store"
)

// claim is what the store lets a run do about a paid render: create it
// (mine: this machine holds the key's intent, and its lease while it
// works), or follow the render another machine made or is making (rec).
// Without a store every render is mine.
type claim struct {
	sh      *Shared
	id, key string
	mine    bool
	rec     *store.Record // mine: this machine's Creating record; else the render to follow
	lease   *store.Lease
	unlock  func()

	stop     context.CancelFunc
	renewing sync.WaitGroup
}

// claim asks the store, before a paid create, whether this machine may
// send it: it takes the key's lease (waiting while another machine holds
// it) and then its intent, the write-ahead record that one machine alone
// can win. Nothing is created when the store cannot be asked.
func (r *Runner) claim(ctx context.Context, a plan.Action) (*claim, error) {
	sh := r.Store
	if sh == nil {
		return &claim{mine: true}, nil
	}
	c := &claim{sh: sh, id: a.ID, key: a.Key, unlock: sh.keyLock(a.Key)}
	if !sh.usable() {
		c.unlock()
		return nil, &StoreDownError{Store: sh.String(), Err: sh.Down()}
	}
	if err := c.take(ctx, r, a); err != nil {
		c.release(ctx)
		return nil, err
	}
	return c, nil
}

// take takes the lease, then the intent; while another machine holds the
// lease it waits for that machine's job or output, or for the lease to
// end.
func (c *claim) take(ctx context.Context, r *Runner, a plan.Action) error {
	for {
		lease, err := c.sh.Store.Acquire(ctx, c.key, c.sh.Holder, c.sh.TTL)
		var held *store.HeldError
		switch {
		case errors.As(err, &held) && held.Lease.Holder != c.sh.Holder:
			rec, err := r.waitFor(ctx, c, held.Lease.Holder)
			if err != nil || rec != nil {
				c.rec = rec
				return err
			}
			continue // the lease ended: try again
		case errors.As(err, &held):
			// This clone's own lease, left by a run that died: one reel
			// renders a project at a time, and videos of one key take
			// turns (keyLock). The intent decides; the lease runs out.
		case store.KindOf(err) == store.Conflict:
			if werr := r.wait(ctx, 50*time.Millisecond); werr != nil {
				return stopped(ctx, stoppedBeforeSubmit, "", "")
			}
			continue
		case err != nil:
			return c.failed(ctx, err)
		default:
			c.lease = lease
		}
		return c.intend(ctx, a)
	}
}

// intend takes the key's intent (store.Intend). A Creating record of this
// clone is its own, from a run that died before the create was confirmed:
// taken again when reel.lock has no intent for it (the create was never
// sent, or reel forget was run), or when this run resumes that intent on
// an API that replays a create. Another machine's is never taken.
func (c *claim) intend(ctx context.Context, a plan.Action) error {
	rec, won, err := c.sh.Store.Intend(ctx, c.key, c.sh.Holder, a.Video.ProviderName())
	if err != nil {
		return c.failed(ctx, err)
	}
	switch {
	case won:
	case rec.State == store.Creating && rec.Holder == c.sh.Holder && ownIntent(a):
	case rec.State == store.Creating:
		return &UnconfirmedError{ID: a.ID, Record: *rec}
	case rec.Job != "" || rec.Output != nil:
		c.rec = rec
		c.dropLease(ctx)
		return nil
	default:
		return fmt.Errorf("not created: the store's record of this render says %s without a job or an output: remove %s from the store", rec.State, "records/"+c.key+".json")
	}
	c.mine, c.rec = true, rec
	c.renew(ctx)
	return nil
}

// ownIntent reports whether this clone may take its own Creating record
// for a: reel.lock holds no intent for the key, or a resumes it.
func ownIntent(a plan.Action) bool {
	e := a.Entry
	return a.Kind == plan.Resume || e == nil || e.Key != a.Key || e.State != lock.Pending
}

// failed is the error of a create the store could not be asked about.
func (c *claim) failed(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return stopped(ctx, stoppedBeforeSubmit, "", "")
	}
	c.sh.fault("", err) // not a render the store lacks: none was made
	if k := store.KindOf(err); k == store.Unreachable || k == store.Refused {
		return &StoreDownError{Store: c.sh.String(), Err: err}
	}
	return fmt.Errorf("not created: %w", err)
}

// waitFor waits while another machine holds the key's lease, looking at
// the key's record: it returns the record once it names a job or an
// output, or nil once the lease has ended.
func (r *Runner) waitFor(ctx context.Context, c *claim, holder string) (*store.Record, error) {
	r.event(c.id, "wait", holder+" is creating this render: waiting for its job")
	for {
		rec, err := c.sh.Store.GetRecord(ctx, c.key)
		switch {
		case err == nil && rec.State != store.Failed && (rec.Job != "" || rec.Output != nil):
			return rec, nil
		case err != nil && !errors.Is(err, store.NotFound):
			return nil, c.failed(ctx, err)
		}
		if werr := r.wait(ctx, c.sh.lookEvery(r.Poll)); werr != nil {
			return nil, stopped(ctx, stoppedBeforeSubmit, "", "")
		}
		info, err := c.sh.Store.ReadLease(ctx, c.key)
		switch {
		case errors.Is(err, store.NotFound):
			return nil, nil
		case err != nil:
			return nil, c.failed(ctx, err)
		case !info.Live(time.Now()) || info.Holder == c.sh.Holder:
			return nil, nil
		}
	}
}

// lookEvery is how often a run looks at another machine's render: often
// beside the lease's life, never more often than the run polls a job.
func (sh *Shared) lookEvery(poll time.Duration) time.Duration {
	return min(max(sh.TTL/8, poll), 5*time.Second)
}

// renew keeps the lease alive until release, every third of its life. A
// lease lost or a store gone stops the renewals and nothing else: the
// intent, not the lease, keeps another machine from creating.
func (c *claim) renew(ctx context.Context) {
	if c.lease == nil {
		return
	}
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	c.stop = cancel
	c.renewing.Add(1)
	go func() {
		defer c.renewing.Done()
		t := time.NewTicker(c.sh.TTL / 3)
		defer t.Stop()
		for {
			select {
			case <-rctx.Done():
				return
			case <-t.C:
			}
			if err := c.sh.Store.Renew(rctx, c.lease, c.sh.TTL); err != nil {
				if rctx.Err() == nil && store.KindOf(err) != store.Lost {
					c.sh.fault("", err)
				}
				return
			}
		}
	}()
}

// dropLease gives the lease back early: there is nothing to create.
func (c *claim) dropLease(ctx context.Context) {
	if c.stop != nil {
		c.stop()
		c.renewing.Wait()
		c.stop = nil
	}
	if c.lease != nil && c.sh.usable() {
		if err := c.sh.Store.Release(context.WithoutCancel(ctx), c.lease); store.KindOf(err) != store.Lost {
			c.sh.fault("", err)
		}
	}
	c.lease = nil
}

// release ends the claim: the lease is given back and the key is free
// for the run's other videos of it.
func (c *claim) release(ctx context.Context) {
	if c == nil || c.sh == nil {
		return
	}
	c.dropLease(ctx)
	c.unlock()
}

// submitted records the job in the key's record right after the create,
// so that any machine can follow it. It is written however the run is
// being stopped: the job exists.
func (c *claim) submitted(ctx context.Context, job string) {
	if c == nil || c.sh == nil || c.rec == nil {
		return
	}
	if !c.sh.usable() {
		c.sh.miss(c.id)
		return
	}
	next := *c.rec
	next.State, next.Job, next.Holder, next.Time = store.Submitted, job, c.sh.Holder, timeNow()
	if err := c.sh.Store.PutRecord(context.WithoutCancel(ctx), &next); err != nil {
		c.sh.fault(c.id, err)
		return
	}
	c.rec = &next
}

// abandon gives the intent up when a's create was surely not sent, so
// that another machine, or the next run, may create. A resumed create
// keeps it: the create it repeats may have reached the provider.
func (c *claim) abandon(ctx context.Context, a plan.Action) {
	if c == nil || c.sh == nil || c.rec == nil || !c.sh.usable() || a.Kind == plan.Resume {
		return
	}
	next := *c.rec
	next.State, next.Time = store.Failed, timeNow()
	if err := c.sh.Store.PutRecord(context.WithoutCancel(ctx), &next); err != nil {
		c.sh.fault(c.id, err)
		return
	}
	c.rec = &next
}

// jobFailed marks the key's record failed when the provider failed job,
// so that the next run, on any machine, renders it anew (and pays again,
// as reel.lock's failed state says).
func (sh *Shared) jobFailed(ctx context.Context, id, key, job string) {
	if !sh.usable() {
		return
	}
	ctx = context.WithoutCancel(ctx)
	rec, err := sh.Store.GetRecord(ctx, key)
	if err != nil || rec.Job != job || rec.State == store.Done || rec.State == store.Failed {
		if !errors.Is(err, store.NotFound) {
			sh.fault(id, err)
		}
		return
	}
	rec.State, rec.Time = store.Failed, timeNow()
	sh.fault(id, sh.Store.PutRecord(ctx, rec))
}

// UnconfirmedError is a create another machine started and never
// confirmed: its lease ran out while the key's record still says Creating.
// Its create may have reached the provider, so reel does not pay for the
// render again on its own.
type UnconfirmedError struct {
	ID     string
	Record store.Record
}

func (e *UnconfirmedError) Error() string {
	return fmt.Sprintf("%s started creating this render at %s and never confirmed its job, and its lease has run out: the create may have reached the provider, so reel will not pay for it again. Run reel render on that machine to resume it; if it is gone, check the provider's dashboard, then run `reel forget %s` to render it anew",
		e.Record.Holder, e.Record.Time.UTC().Format(time.RFC3339), e.ID)
}

var timeNow = time.Now

// ForgetIntent gives up the key's unconfirmed create (a Creating record
// without a job), as reel forget does for reel.lock: the user has checked
// the provider's dashboard, and any machine may now create the render. It
// returns the record given up, or nil when there was none.
func (sh *Shared) ForgetIntent(ctx context.Context, key string) (*store.Record, error) {
	if !sh.usable() {
		return nil, sh.Down()
	}
	rec, err := sh.Store.GetRecord(ctx, key)
	switch {
	case errors.Is(err, store.NotFound):
		return nil, nil
	case err != nil:
		return nil, err
	case rec.State != store.Creating || rec.Job != "":
		return nil, nil
	}
	was := *rec
	rec.State, rec.Time = store.Failed, timeNow()
	if err := sh.Store.PutRecord(ctx, rec); err != nil {
		return nil, err
	}
	return &was, nil
}
