package render

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/internal/textsafe"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/registry"
)

// Runner carries out a plan. It records every step in reel.lock as it
// goes, so a run killed at any moment resumes without paying twice.
type Runner struct {
	Project *manifest.Project
	// Open returns the client of a provider by its lock name (heygen/v3,
	// fal, pixeldojo, sandbox).
	Open func(name string) (provider.Provider, error)
	// Media downloads outputs; nil is provider.DefaultMedia (a stalled
	// download is abandoned, REEL_DEBUG=http logs it).
	Media provider.Doer
	// Poll is the wait between status checks; Sleep waits (injected so
	// tests do not wait on wall time).
	Poll  time.Duration
	Sleep func(context.Context, time.Duration) error
	// UnknownWait is how long a job may report a status word reel does
	// not know before the run stops waiting for it; 0 is
	// DefaultUnknownWait. The job stays recorded, so a rerun resumes it.
	UnknownWait time.Duration
	// Limits caps the jobs in flight per provider (heygen, fal, ...);
	// providers not named get registry.Concurrency. A provider that answers a
	// create with 429 lowers its cap for the rest of the run to the jobs it
	// was running (see gate). Concurrency, if set, also caps the videos in
	// flight in all.
	Limits      map[string]int
	Concurrency int
	// Event reports progress, one step of one video at a time.
	Event func(Event)
	// Store is the store the project's clones share, nil for none: see
	// Shared.
	Store *Shared
	// Photos returns the photo avatar account a registry.Trainer name
	// stands for (heygen, sandbox:heygen), to train the plan's avatars.
	Photos func(name string) (provider.PhotoAvatars, error)

	mu        sync.Mutex
	last      map[string]string         // the last step said of each video
	batchers  map[string]*statusBatcher // by provider name
	trainings *trainings                // the run's avatars, trained before their videos
}

// Event is one step of one video, for the progress display.
type Event struct {
	ID     string
	Step   string // upload, submit, wait, download, done, failed
	Detail string
}

// DefaultPoll is the first wait between status checks of a job.
const DefaultPoll = 2 * time.Second

// DefaultUnknownWait is how long a job may report a status word reel does
// not know before the run stops waiting for it (see Runner.UnknownWait).
const DefaultUnknownWait = 30 * time.Minute

// Result is how a run ended, per video.
type Result struct {
	Done   []string
	Failed map[string]error
	// Stopped holds the videos a Ctrl-C stopped, with where each stood;
	// what they had submitted is recorded, and the next run resumes them.
	Stopped map[string]error
	// Rendered counts the completed renders whose create this run sent and
	// the provider took as a new job; Fetched the others that completed:
	// free downloads, resumed jobs, and creates the provider replayed
	// (answered with the job an earlier create of the same idempotency key
	// made, charging nothing). SpentUSD is the estimate of what the
	// Rendered ones cost, and the photo avatars the run trained.
	Rendered, Fetched int
	SpentUSD          float64
	// Charges holds, by video, the estimated cost of every create this run
	// sent that the provider took as a new job, whatever became of the job
	// then, and of every create whose answer was lost (it may have been
	// taken). A create the provider replayed, refused, or never received
	// is not in it. An API that marks no replays has every replay counted
	// here: an over-estimate, never an under-estimate.
	Charges map[string]float64
	// OutOfCredits are the providers that ran out of credit during the
	// run, by name: each took no create after that (see OutOfCredits).
	OutOfCredits []OutOfCredits
}

// Run carries out every action of p that has work to do, at most
// Limit(provider) at once per provider.
func (r *Runner) Run(ctx context.Context, p *plan.Plan) Result {
	res := Result{Failed: map[string]error{}, Stopped: map[string]error{}, Charges: map[string]float64{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	gates := map[string]*gate{}
	var all chan struct{}
	if r.Concurrency > 0 {
		all = make(chan struct{}, r.Concurrency)
	}
	r.trainings = r.startTrainings(ctx, p, &wg)
	for _, a := range p.Actions {
		if a.Kind == plan.OK || a.Kind == plan.Orphan {
			continue
		}
		vendor := registry.Vendor(providerOf(a))
		if gates[vendor] == nil {
			gates[vendor] = newGate(r.limit(vendor))
			gates[vendor].vendor = vendor
		}
		g := gates[vendor]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if all != nil {
				all <- struct{}{}
				defer func() { <-all }()
			}
			charged := false
			a, stored, err := r.downloadStored(ctx, a) // needs no place at the provider
			if !stored {
				var sl *slot
				if sl, err = r.acquire(ctx, g, a); err == nil {
					charged, err = r.act(ctx, a, sl)
					sl.release()
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if charged {
				res.Charges[a.ID] = estimate(a)
			}
			if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				st := asStopped(ctx, err)
				res.Stopped[a.ID] = st
				r.event(a.ID, "stopped", st.Error())
				return
			}
			if err != nil {
				res.Failed[a.ID] = err
				r.event(a.ID, "failed", err.Error())
				return
			}
			res.Done = append(res.Done, a.ID)
			if charged {
				res.Rendered++
				res.SpentUSD += estimate(a)
			} else {
				res.Fetched++
			}
			r.event(a.ID, "done", a.Video.Output)
		}()
	}
	wg.Wait()
	res.SpentUSD += r.trainings.spent()
	sort.Strings(res.Done)
	res.OutOfCredits = outOfCredits(gates, res.Failed)
	return res
}

// acquire waits for the avatars a's render uses to be trained, then for
// its slot at the provider.
func (r *Runner) acquire(ctx context.Context, g *gate, a plan.Action) (*slot, error) {
	if err := r.trainings.wait(ctx, a); err != nil {
		return nil, err
	}
	sl, err := g.acquire(ctx)
	if err != nil {
		return nil, stopped(ctx, stoppedBeforeSubmit, "", "")
	}
	return sl, nil
}

// estimate is what a create made for an action costs: the plan's estimate,
// or for a resumed create the one recorded with its intent (a resume
// carries no estimate of its own).
func estimate(a plan.Action) float64 {
	if a.Kind == plan.Resume && a.Entry != nil {
		return a.Entry.CostUSD
	}
	return a.Cost.USD
}

// providerOf is the provider an action talks to, by its lock name
// (heygen/v3, fal, ...): a free download asks the render it fetches, a
// resume the job's.
func providerOf(a plan.Action) string {
	switch {
	case a.Kind == plan.Download && a.From != nil:
		return a.From.Provider
	case a.Kind == plan.Resume && a.Entry != nil:
		return a.Entry.Provider
	case a.Video != nil:
		return a.Video.ProviderName()
	}
	return ""
}

func (r *Runner) limit(vendor string) int {
	if n := r.Limits[vendor]; n > 0 {
		return n
	}
	return registry.Concurrency(vendor)
}

// event reports a step; a wait that says nothing new is not repeated.
func (r *Runner) event(id, step, detail string) {
	if r.Event == nil {
		return
	}
	r.mu.Lock()
	if r.last == nil {
		r.last = map[string]string{}
	}
	said := step + " " + detail
	repeat := r.last[id] == said
	r.last[id] = said
	r.mu.Unlock()
	if !repeat || step != "wait" {
		r.Event(Event{ID: id, Step: step, Detail: detail})
	}
}

func (r *Runner) lockPath() string { return filepath.Join(r.Project.Root, lock.FileName) }

// update changes the lock under its file lock, re-read from disk.
func (r *Runner) update(ctx context.Context, fn func(*lock.Lock) error) error {
	_, err := lock.UpdateContext(ctx, r.lockPath(), fn)
	return err
}

// record is update for what already happened at the provider (a job id,
// a failure, a verified output): it must reach the lock even when the run
// is being stopped, so it waits for the file lock however ctx ends.
func (r *Runner) record(ctx context.Context, fn func(*lock.Lock) error) error {
	return r.update(context.WithoutCancel(ctx), fn)
}

// act carries out one action in its slot at the provider, and reports
// whether it sent a create the provider took, or may have taken, as a new
// job (see Result.Charges).
func (r *Runner) act(ctx context.Context, a plan.Action, sl *slot) (charged bool, err error) {
	switch a.Kind {
	case plan.Create, plan.Render:
		return r.create(ctx, a, sl)
	case plan.Resume:
		return r.resume(ctx, a, sl)
	case plan.Download:
		return false, r.download(ctx, a)
	}
	return false, fmt.Errorf("unknown action %q", a.Kind)
}

// create pays for one render: upload its assets, record the intent,
// submit, record the job, then wait for it and fetch the output. It
// reports whether the create was, or may have been, charged.
func (r *Runner) create(ctx context.Context, a plan.Action, sl *slot) (charged bool, err error) {
	v := a.Video
	name := v.ProviderName()
	prov, err := r.Open(name)
	if err != nil {
		return false, err
	}
	c, err := r.claim(ctx, a)
	if err != nil {
		return false, err
	}
	defer c.release(ctx)
	if !c.mine {
		return false, r.follow(ctx, a, c.rec, sl)
	}
	body, err := r.intend(ctx, prov, a, sl)
	if err != nil {
		c.abandon(ctx, a)
		return false, err
	}
	r.event(v.ID, "submit", name)
	job, err := r.submit(ctx, prov, provider.Submission{Key: idempotencySeed(a), Body: body}, sl, v.ID)
	if err != nil {
		if notCreated(a, err) {
			c.abandon(ctx, a)
		}
		return provider.Uncertain(err), r.submitFailed(ctx, a, err)
	}
	charged = !job.Replayed
	err = r.record(ctx, func(l *lock.Lock) error {
		if e := l.Videos[v.ID]; e != nil && e.Key == a.Key {
			e.Job = job.ID
		}
		return nil
	})
	c.submitted(ctx, job.ID)
	if err != nil {
		return charged, fmt.Errorf("job %s was created but could not be recorded: %w", textsafe.OneLine(job.ID), err)
	}
	return charged, r.finish(ctx, prov, a, job.ID, sl, true)
}

// intend prepares a create: it uploads the video's assets, waits for room
// at the provider and records the intent, and returns the body to send.
// Nothing is sent to the create call when it fails.
func (r *Runner) intend(ctx context.Context, prov provider.Provider, a plan.Action, sl *slot) ([]byte, error) {
	v := a.Video
	if err := sl.heldBack(); err != nil {
		return nil, err // the provider cannot be paid: upload nothing either
	}
	var known map[string]string
	if a.Kind == plan.Resume && a.Entry != nil {
		known = a.Entry.Uploads // the same values give the same body, which v3 replays
	}
	body, uploads, err := r.upload(ctx, prov, v, known)
	if err != nil && ctx.Err() != nil {
		return nil, stopped(ctx, stoppedBeforeSubmit, "", "")
	}
	if errors.Is(err, provider.ErrNoCredits) {
		sl.noCredits(err) // an upload refused for want of credit (fal locks the account)
	}
	if err != nil {
		return nil, err
	}
	cost := round(a.Cost.USD)
	if a.Kind == plan.Resume && a.Entry != nil {
		cost = a.Entry.CostUSD // a resume carries no estimate; keep the recorded one
	}
	if ctx.Err() != nil {
		return nil, stopped(ctx, stoppedBeforeSubmit, "", "")
	}
	// Wait for the provider's room before the intent is recorded: a run
	// stopped while waiting has sent nothing and leaves nothing pending.
	if err := sl.startCreate(ctx); err != nil {
		return nil, notStarted(ctx, err)
	}
	intent := &lock.Entry{ID: v.ID, Key: a.Key, State: lock.Pending, Provider: v.ProviderName(), Output: v.Output, CostUSD: cost, Request: v.Request.KeyJSON(), Uploads: uploads,
		Replaces: replaced(a)} // so that a resumed create sends the same Idempotency-Key
	err = r.update(ctx, func(l *lock.Lock) error {
		if startedElsewhere(l.Videos[v.ID], a) {
			return fmt.Errorf("another reel started this render after this run was planned: run reel render again to resume it rather than pay twice")
		}
		l.Set(intent)
		return nil
	})
	if err != nil {
		sl.endCreate(err)
		if ctx.Err() != nil { // Ctrl-C while another goroutine held the file lock: nothing was sent
			return nil, stopped(ctx, stoppedBeforeSubmit, "", "")
		}
		return nil, err
	}
	return body, nil
}

// idempotencySeed is what the provider's idempotency key derives from: the
// render key, so a re-sent create replays. A forced re-render, or a retry
// after the provider failed the job, must not replay the old job: its seed
// is the key and the job it replaces, so HeyGen renders anew (and a rerun
// of that create replays it).
func idempotencySeed(a plan.Action) string {
	job := replaced(a)
	if job == "" {
		return a.Key
	}
	h := sha256.Sum256([]byte(a.Key + "/again-after/" + job))
	return hex.EncodeToString(h[:])
}

// replaced is the job a render replaces at the provider, or "" for the
// first render of its key. A pending intent records it (lock.Entry.Replaces):
// the intent no longer holds that job, yet a resumed create must send the
// Idempotency-Key the first one sent; with another, HeyGen would answer
// with a different job while the one the lost create made stays paid for
// and unknown.
func replaced(a plan.Action) string {
	e := a.Entry
	switch {
	case e == nil:
		return ""
	case e.Key == a.Key && e.Job == "" && e.State != lock.Done && e.Replaces != "":
		return e.Replaces // the create this one repeats (unconfirmed or refused) replaced it
	case a.Forced || e.Key == a.Key && e.State == lock.Failed:
		return e.Job
	}
	return ""
}

// maxRefusals bounds how often one create is sent again after a 429.
const maxRefusals = 10

// submit creates the job; sl.startCreate has let it go. HeyGen v3 answers
// 409 request_in_progress while an earlier create with the same
// Idempotency-Key is still being handled (a create that timed out, re-sent):
// that one will answer, so wait and ask again rather than record a failure
// for a job that exists. A 429 (the HTTP layer does not retry a paced
// create) means the provider is at its limit and did nothing: the gate
// lowers the limit,
// and the create waits for a slot within it and is sent again, with the
// same Idempotency-Key. If none of reel's jobs there has finished since the
// refusal, other work fills the provider: the create waits its Retry-After
// first.
//
// The job is reported replayed only if no earlier try may have made it: a
// 409 says an earlier create with this key is being handled, which may be
// one this run sent and whose answer it lost.
func (r *Runner) submit(ctx context.Context, prov provider.Provider, s provider.Submission, sl *slot, id string) (provider.Job, error) {
	freed := sl.freedCount()
	for try, refusals := 0, 0; ; {
		// A create once sent is let finish when the run is stopped: its
		// answer names the job, which must be recorded, and an abandoned
		// create leaves a job that only the provider's dashboard knows of
		// on APIs that cannot replay it. The client's timeout still bounds
		// it; a 429 comes back here, to the gate, unretried.
		job, err := prov.Submit(provider.Paced(context.WithoutCancel(ctx)), s)
		refused := sl.endCreate(err)
		job.Replayed = job.Replayed && try == 0
		var he *provider.HTTPError
		if !errors.As(err, &he) {
			return job, err
		}
		switch {
		case refused && refusals < maxRefusals:
			refusals++
			sl.finishedUnseen(r.batcher(prov).refresh(ctx))
			r.event(id, "wait", fmt.Sprintf("%s is at its limit: at most %s at once, waiting for a slot", prov.Name(), english.Count(max(1, sl.limitNow()), "job")))
			if werr := sl.startCreate(ctx); werr != nil {
				return provider.Job{}, fmt.Errorf("%w; %w", he, notStarted(ctx, werr))
			}
			if sl.freedCount() == freed {
				if werr := r.wait(ctx, max(he.RetryAfter, r.Poll)); werr != nil {
					sl.endCreate(werr)
					return provider.Job{}, fmt.Errorf("%w; %w", he, stopped(ctx, stoppedBeforeSubmit, "", ""))
				}
			}
			freed = sl.freedCount()
		case he.Status == http.StatusConflict && he.Code == "request_in_progress" && try < 5:
			try++
			if r.wait(ctx, max(he.RetryAfter, r.Poll)) != nil {
				return provider.Job{}, he
			}
			if sl.startCreate(ctx) != nil {
				return provider.Job{}, he
			}
		default:
			return job, err
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// startedElsewhere reports whether the lock, re-read under its file lock,
// shows this render pending or done by another reel since the plan was
// made: creating it again would pay twice for one key.
func startedElsewhere(now *lock.Entry, a plan.Action) bool {
	if a.Kind == plan.Resume || now == nil || now.Key != a.Key || now.State == lock.Failed {
		return false
	}
	was := a.Entry
	return was == nil || was.Key != now.Key || was.State != now.State || was.Job != now.Job
}

// submitFailed records how a create failed. A create that may have reached
// the provider stays pending without a job id, so no rerun pays for it
// again blindly; one that surely did not is marked failed, and the next
// plan renders it again.
//
// A create that was not sent at all (no byte of it left the machine) is
// said to be so. It is marked failed too, unless it repeated an earlier
// create whose answer was lost (a resume): that one may still have reached
// the provider, so the intent stays pending and the next run sends it
// again with the same idempotency key.
func (r *Runner) submitFailed(ctx context.Context, a plan.Action, err error) error {
	if provider.Uncertain(err) {
		return fmt.Errorf("create: %w; it may have reached the provider, so reel will not send it again on its own: check the provider's dashboard", err)
	}
	err = withCatalogHint(err)
	if notSent(err) {
		err = fmt.Errorf("the create was not sent (%w): nothing was charged; the next run sends it", err)
	}
	if notCreated(a, err) {
		r.record(ctx, func(l *lock.Lock) error {
			if e := l.Videos[a.ID]; e != nil && e.Key == a.Key {
				e.State, e.Error = lock.Failed, err.Error()
			}
			return nil
		})
	}
	return fmt.Errorf("create: %w", err)
}

// notSent reports whether no byte of a failed create left the machine.
func notSent(err error) bool {
	var he *provider.HTTPError
	return errors.As(err, &he) && he.NotSent
}

// notCreated reports whether a failed create surely made no job, so its
// intent is given up: it surely reached no provider, or was refused, and
// did not repeat an earlier create whose answer was lost (a resume).
func notCreated(a plan.Action, err error) bool {
	return !provider.Uncertain(err) && (!notSent(err) || a.Kind != plan.Resume)
}

// upload sends each local asset not in known and returns the body with
// every asset's hash replaced by what the provider gave back, and those
// values (recorded with the intent).
func (r *Runner) upload(ctx context.Context, prov provider.Provider, v *manifest.Video, known map[string]string) ([]byte, map[string]string, error) {
	var subst map[string]string
	for _, as := range v.Request.Assets {
		if subst == nil {
			subst = map[string]string{}
		}
		if got, ok := known[as.Ref]; ok {
			subst[as.Ref] = got
			continue
		}
		r.event(v.ID, "upload", filepath.Base(as.Path))
		got, err := prov.Upload(ctx, provider.Asset{Ref: as.Ref, Path: as.Path, MIME: as.MIME, Size: as.Size})
		if err != nil {
			return nil, nil, fmt.Errorf("upload %s: %w", filepath.Base(as.Path), err)
		}
		subst[as.Ref] = got
	}
	if len(v.Request.Avatars) > 0 {
		ids, err := r.trainings.ids(v, known)
		if err != nil {
			return nil, nil, err
		}
		subst = withAll(subst, ids)
	}
	return manifest.Canonical(replace(v.Request.Body(), subst)), subst, nil
}

// replace swaps every string equal to a key of subst for its value.
func replace(v any, subst map[string]string) any {
	switch v := v.(type) {
	case string:
		if s, ok := subst[v]; ok {
			return s
		}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = replace(x, subst)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = replace(x, subst)
		}
		return out
	}
	return v
}

// resume waits for a recorded job. A create that was never confirmed is
// sent again only where the API replays it by idempotency key.
func (r *Runner) resume(ctx context.Context, a plan.Action, sl *slot) (charged bool, err error) {
	e := a.Entry
	prov, err := r.Open(e.Provider)
	if err != nil {
		return false, err
	}
	if e.Job != "" {
		return false, r.finish(ctx, prov, a, e.Job, sl, false)
	}
	if !registry.Replays(e.Provider) {
		return false, fmt.Errorf("a create was started and never confirmed, and %s cannot replay it safely: check the provider's dashboard for this video; if it is not there, run `reel forget %s` and render again", e.Provider, a.ID)
	}
	return r.create(ctx, a, sl) // the same Idempotency-Key: the server replays, no second charge
}

// finish waits for a job, then fetches, verifies and records its output.
// The job's slot is given back as soon as the provider has finished it. A
// job just created is queued: its first check waits for the next poll
// round rather than costing a status call of its own; a job resumed from
// an earlier run is asked about at once.
func (r *Runner) finish(ctx context.Context, prov provider.Provider, a plan.Action, job string, sl *slot, created bool) error {
	b := r.batcher(prov)
	st, err := provider.Status{JobID: job, State: provider.Queued}, error(nil)
	if !created {
		st, err = b.get(ctx, job)
	}
	var waited, unknownSince time.Duration
	for n := 0; ; n++ {
		if err != nil && ctx.Err() != nil {
			return stopped(ctx, stoppedWaiting, job, string(st.State))
		}
		if err != nil {
			return fmt.Errorf("status of job %s: %w (the job stays recorded: rerun to resume)", job, err)
		}
		switch st.State {
		case provider.Completed:
			sl.release()
			return r.fetchAndRecord(ctx, prov, a, job)
		case provider.Failed, provider.NotFound:
			if st.Err != nil && st.Err.NoCredits {
				sl.noCredits(noCreditsFailure(prov, job, st.Err))
			}
			sl.release()
			return r.failed(ctx, prov, a, job, st)
		}
		if st.Unknown == "" {
			unknownSince = waited
		} else if d := waited - unknownSince; d >= r.unknownWait() {
			sl.release()
			return fmt.Errorf("job %s at %s has reported status %s, which reel does not know, for %s: stopped waiting for it; the job stays recorded: rerun to resume it (free), or check %s's dashboard",
				job, prov.Name(), st.Unknown, d.Round(time.Second), prov.Name())
		}
		sl.started()
		r.event(a.ID, "wait", strings.TrimSpace(string(st.State)+" "+st.Detail))
		d := r.backoff(n, waited)
		waited += d
		was := st.State
		st, err = b.next(ctx, job, d, r.wait)
		if err != nil && ctx.Err() != nil {
			return stopped(ctx, stoppedWaiting, job, string(was))
		}
	}
}

// failed records a job the provider gave up on (or does not know) as
// failed. The plan then renders the video again, as a new job that is paid
// for again, and the message says so: a job cancelled at the provider is
// never created again silently.
func (r *Runner) failed(ctx context.Context, prov provider.Provider, a plan.Action, job string, st provider.Status) error {
	reason := "the provider does not know job " + job
	if st.Err != nil {
		reason = st.Err.Error()
	}
	r.record(ctx, func(l *lock.Lock) error {
		if e := l.Videos[a.ID]; e != nil && e.Key == a.Key {
			e.State, e.Error = lock.Failed, reason
		}
		return nil
	})
	r.Store.jobFailed(ctx, a.ID, a.Key, job)
	return fmt.Errorf("render job %s failed at %s: %s; the next reel render renders it again, as a new job that is paid for again", job, prov.Name(), reason)
}

func (r *Runner) unknownWait() time.Duration {
	if r.UnknownWait > 0 {
		return r.UnknownWait
	}
	return DefaultUnknownWait
}

// batcher returns the status batcher of a provider.
func (r *Runner) batcher(prov provider.Provider) *statusBatcher {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.batchers == nil {
		r.batchers = map[string]*statusBatcher{}
	}
	b := r.batchers[prov.Name()]
	if b == nil {
		b = &statusBatcher{prov: prov}
		r.batchers[prov.Name()] = b
	}
	return b
}

// wait sleeps d, or until ctx ends.
func (r *Runner) wait(ctx context.Context, d time.Duration) error {
	if r.Sleep != nil {
		return r.Sleep(ctx, d)
	}
	return sleepCtx(ctx, d)
}

// backoff is the wait before status check n of one job that has waited
// so far: Poll, growing by half each time up to ten times Poll (at most a
// minute), and never more than a sixteenth of the time waited so far, so a
// finished job is noticed within about 6% of its render time and the
// provider's limit, not polling, sets a run's length. ±20% jitter keeps
// independent jobs from polling in step; on a bulk API each poll round asks
// about them all anyway (statusBatcher).
func (r *Runner) backoff(n int, waited time.Duration) time.Duration {
	d := float64(r.Poll) * math.Pow(1.5, float64(min(n, 6)))
	d = min(d, 10*float64(r.Poll), float64(time.Minute), max(float64(r.Poll), float64(waited)/16))
	return time.Duration(d * (0.8 + 0.4*rand.Float64()))
}

// fetchAndRecord downloads a completed job's video, and records it done.
// An expired media URL is refreshed by asking for the result again.
func (r *Runner) fetchAndRecord(ctx context.Context, prov provider.Provider, a plan.Action, job string) error {
	v := a.Video
	out := filepath.Join(r.Project.OutputDir, filepath.FromSlash(v.Output))
	var got Fetched
	var media provider.Media
	var err error
	for try := 0; try < 3; try++ {
		media, err = prov.Result(ctx, job)
		if err != nil && ctx.Err() != nil {
			return stopped(ctx, stoppedDownloading, job, "")
		}
		if err != nil {
			return fmt.Errorf("result of job %s: %w", job, err)
		}
		url := media.VideoURL
		if v.Captions == manifest.BurnInCaptions && media.CaptionedVideoURL != "" {
			url = media.CaptionedVideoURL
		}
		r.event(v.ID, "download", v.Output)
		got, err = fetch(ctx, r.Media, url, out, strings.EqualFold(path.Ext(v.Output), ".webm"))
		if err == nil || !provider.Expired(err) {
			break
		}
	}
	if err != nil && ctx.Err() != nil {
		return stopped(ctx, stoppedDownloading, job, "")
	}
	if err != nil {
		return fmt.Errorf("download of job %s: %w (not recorded: rerun to fetch it again, free)", job, err)
	}
	if v.Captions == manifest.SidecarCaptions && media.SubtitleURL != "" {
		if err := fetchSidecar(ctx, r.Media, media.SubtitleURL, out, CaptionExts); err != nil && ctx.Err() != nil {
			return stopped(ctx, stoppedDownloading, job, "")
		} else if err != nil {
			return fmt.Errorf("captions of job %s: %w", job, err)
		}
	}
	if media.ThumbnailURL != "" {
		// A thumbnail is a convenience: the verified video is what was paid
		// for, so a failed thumbnail is reported and the video recorded.
		if err := fetchSidecar(ctx, r.Media, media.ThumbnailURL, out, ThumbnailExts); err != nil {
			r.event(v.ID, "warning", "thumbnail not saved: "+err.Error())
		}
	}
	var kept lock.Entry // as recorded, for the store
	err = r.record(ctx, func(l *lock.Lock) error {
		e := l.Videos[v.ID]
		fresh := e == nil || e.Key != a.Key
		if fresh {
			e = &lock.Entry{ID: v.ID, Key: a.Key, Provider: v.ProviderName(), Request: v.Request.KeyJSON()}
			if a.From != nil {
				e.Provider, e.CostUSD, e.Duration = a.From.Provider, a.From.CostUSD, a.From.Duration
			}
		}
		e.State, e.Job, e.Error, e.Uploads, e.Replaces = lock.Done, job, "", nil, ""
		e.Output, e.Size, e.SHA256 = v.Output, got.Size, got.SHA256
		if media.Duration > 0 {
			e.Duration = media.Duration
		}
		if fresh {
			l.Set(e) // done already, so Set drops this key from the history it inherits
		}
		kept = *e
		return nil
	})
	if err == nil {
		r.shareDone(ctx, kept)
	}
	return err
}

// download fetches an earlier render again: free, nothing is submitted.
func (r *Runner) download(ctx context.Context, a plan.Action) error {
	from := a.From
	if from == nil || from.Job == "" {
		return errors.New("nothing recorded to download from")
	}
	prov, err := r.Open(from.Provider)
	if err != nil {
		return err
	}
	return r.fetchAndRecord(ctx, prov, a, from.Job)
}

func round(usd float64) float64 { return float64(int64(usd*100+0.5)) / 100 }
