package watch

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
)

// DefaultSettle is how long a video's manifest must be quiet before
// reel watch --render renders it.
const DefaultSettle = 3 * time.Second

// Job is one batch of drafts, planned under the project's run lock.
type Job struct {
	Plan    *plan.Plan
	Project *manifest.Project
	Release func() // gives the run lock back
}

// Drafts renders what changed once it has been quiet for Settle: an
// editor saves many times a minute, and every render is paid for. One
// batch is in flight at a time; a video edited while its render is in
// flight waits for that batch, whose job completes and is recorded under
// the key it was submitted with, and is then rendered anew.
type Drafts struct {
	Settle time.Duration
	Clock  Clock
	// Budget is the most the session may spend, if Limited. Once the next
	// batch would take the session's spend past it, rendering stops.
	Budget  float64
	Limited bool
	// Prepare takes the run lock and plans the videos against reel.lock as
	// it is now; render.ErrBusy says another reel is rendering the project.
	Prepare func(ids []string) (*Job, error)
	Run     func(context.Context, *Job) render.Result
	// Notice and Rendered report to the user.
	Notice   func(string)
	Rendered func(p *plan.Plan, res render.Result, sessionUSD float64)

	mu      sync.Mutex
	ctx     context.Context
	due     map[string]time.Time // when each changed video may render
	stop    func() bool
	busy    bool // a batch is in flight
	waited  bool // told the user another reel holds the project
	stopped bool // the budget is spent
	closed  bool
	spent   float64
	// interrupted says a batch was stopped with jobs in flight.
	interrupted bool
	wg          sync.WaitGroup
}

// Start begins taking changes; ctx ending stops the batch in flight (its
// submitted jobs are recorded, and reel render resumes them).
func (d *Drafts) Start(ctx context.Context) {
	if d.Clock == nil {
		d.Clock = WallClock{}
	}
	if d.Settle <= 0 {
		d.Settle = DefaultSettle
	}
	d.ctx, d.due = ctx, map[string]time.Time{}
}

// Changed (re)starts the settle time of every video a change touched that
// has work to do, and forgets the others (a change undone before it
// settled renders nothing).
func (d *Drafts) Changed(u *Update) {
	d.mu.Lock()
	defer d.mu.Unlock()
	at := d.Clock.Now().Add(d.Settle)
	for _, a := range u.Actions {
		switch a.Kind {
		case plan.Create, plan.Render, plan.Download, plan.Resume:
			d.due[a.ID] = at
		default:
			delete(d.due, a.ID)
		}
	}
	for _, id := range u.Removed {
		delete(d.due, id)
	}
	d.arm()
}

// Spent is what the session's renders cost, by the estimates: every create
// the provider took as a new job, or may have (its answer was lost). A
// create that was never sent, was refused, or was answered with an
// earlier create's job costs nothing.
func (d *Drafts) Spent() float64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.spent
}

// Interrupted reports whether ending the session stopped jobs in flight:
// they are recorded in reel.lock, and reel render resumes them.
func (d *Drafts) Interrupted() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.interrupted
}

// Close stops scheduling and waits for the batch in flight to end.
func (d *Drafts) Close() {
	d.mu.Lock()
	d.closed = true
	if d.stop != nil {
		d.stop()
	}
	d.mu.Unlock()
	d.wg.Wait()
}

// arm sets the timer for the first video to settle; d.mu is held.
func (d *Drafts) arm() {
	if d.stop != nil {
		d.stop()
		d.stop = nil
	}
	if d.busy || d.stopped || d.closed || len(d.due) == 0 {
		return
	}
	var first time.Time
	for _, t := range d.due {
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	d.stop = d.Clock.AfterFunc(max(0, first.Sub(d.Clock.Now())), d.fire)
}

// fire renders every video that has settled, as one batch.
func (d *Drafts) fire() {
	d.mu.Lock()
	if d.busy || d.stopped || d.closed {
		d.mu.Unlock()
		return
	}
	now := d.Clock.Now()
	var ids []string
	for id, t := range d.due {
		if !t.After(now) {
			ids = append(ids, id)
			delete(d.due, id)
		}
	}
	if len(ids) == 0 {
		d.arm()
		d.mu.Unlock()
		return
	}
	sort.Strings(ids)
	d.busy = true
	d.wg.Add(1)
	d.mu.Unlock()
	defer d.wg.Done()
	d.batch(ids)
	d.mu.Lock()
	d.busy = false
	d.arm()
	d.mu.Unlock()
}

// batch renders some videos under the run lock, within the budget.
func (d *Drafts) batch(ids []string) {
	job, err := d.Prepare(ids)
	if errors.Is(err, render.ErrBusy) {
		d.retry(ids)
		return
	}
	if err != nil {
		d.Notice(fmt.Sprintf("not rendered: %v", err))
		return
	}
	defer job.Release()
	d.mu.Lock()
	d.waited = false
	total := job.Plan.Total
	over := d.Limited && (d.spent+total.USD > d.Budget+1e-9 || !total.Priced())
	if over {
		d.stopped = true
	}
	spent := d.spent
	d.mu.Unlock()
	switch {
	case len(job.Plan.Actions) == 0:
		return
	case total.Spends() && !d.Limited:
		d.Notice(fmt.Sprintf("not rendered: %s would cost %s and this session has no budget: restart with --max-cost USD, or set budget.max_usd in reel.yaml", ids[0], job.Plan.Total))
		return
	case over && !total.Priced():
		d.Notice(fmt.Sprintf("rendering stopped: %s: %v; plans go on, and reel render renders the rest",
			listSome("videos", ids), &plan.OverBudgetError{Total: total, Limit: d.Budget}))
		return
	case over:
		d.Notice(fmt.Sprintf("rendering stopped: %s (%s) would take this session's spend from $%.2f past its budget of $%.2f; plans go on, and reel render renders the rest",
			listSome("videos", ids), job.Plan.Total, spent, d.Budget))
		return
	}
	res := d.Run(d.ctx, job)
	d.mu.Lock()
	for _, usd := range res.Charges { // creates the provider took, or may have
		d.spent += usd
	}
	spent = d.spent
	d.interrupted = d.interrupted || len(res.Stopped) > 0
	d.mu.Unlock()
	if d.Rendered != nil {
		d.Rendered(job.Plan, res, spent)
	}
}

// retry puts videos back after another reel held the project: they render
// once it is done, unless edited again meanwhile.
func (d *Drafts) retry(ids []string) {
	d.mu.Lock()
	at := d.Clock.Now().Add(d.Settle)
	for _, id := range ids {
		if _, ok := d.due[id]; !ok {
			d.due[id] = at
		}
	}
	tell := !d.waited
	d.waited = true
	d.mu.Unlock()
	if tell {
		d.Notice("another reel is rendering this project: the drafts wait for it")
	}
}
