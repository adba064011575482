package render_test

import (
	"context"
	"testing"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider/fake"
)

// A render that replaces a job (--force, or the retry of a failed one)
// carries an Idempotency-Key of its own. When its create's answer is lost
// after HeyGen made the job, the rerun must send that same key, so HeyGen
// replays the job it made; a rerun that sent the key of the first render
// instead got that first job back and left the new one paid for and
// unknown to reel.lock. (Found by the secrets script's run of --force
// after a failure.)
func TestResumedRerenderReplaysItsOwnCreate(t *testing.T) {
	for _, tc := range []struct {
		name string
		// before leaves the video done or failed, and returns the plan of
		// the render that replaces its job.
		before func(w *world) *plan.Plan
	}{
		{"forced", func(w *world) *plan.Plan {
			w.mustRender()
			p := w.plan()
			p.Force([]string{"plain"}, plan.NewPrices(nil))
			return p
		}},
		{"retry after a late failure", func(w *world) *plan.Plan {
			w.hg.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Message: "Rendering failed", Times: 1})
			if res := w.render(); res.Failed["plain"] == nil {
				t.Fatal("the late failure did not fail")
			}
			return w.plan()
		}},
		{"forced after a failed forced render", func(w *world) *plan.Plan {
			w.mustRender()
			w.hg.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Message: "Rendering failed", Times: 1})
			p := w.plan()
			p.Force([]string{"plain"}, plan.NewPrices(nil))
			if res := w.runner().Run(context.Background(), p); res.Failed["plain"] == nil {
				t.Fatal("the late failure did not fail")
			}
			p = w.plan()
			p.Force([]string{"plain"}, plan.NewPrices(nil))
			return p
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := single(t, "v3", fake.HeyGenOptions{})
			p := tc.before(w)
			// The create is made and charged; its answer is lost.
			w.hg.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.Reset, After: true})
			res := w.runner().Run(context.Background(), p)
			if res.Failed["plain"] == nil {
				t.Fatalf("the lost create did not fail: %+v", res)
			}
			if e := w.lock().Videos["plain"]; e.State != lock.Pending || e.Job != "" {
				t.Fatalf("after the lost create: %+v, want pending without a job", e)
			}
			jobs := w.hg.Server().Jobs()
			made := jobs[len(jobs)-1].ID
			w.hg.Server().Clear(fake.RouteCreate)
			w.mustRender()
			if e := w.lock().Videos["plain"]; e.State != lock.Done || e.Job != made {
				t.Fatalf("after the rerun: %s job %s; want done with job %s, the one the lost create made", e.State, e.Job, made)
			}
			// Every charged job is in reel.lock, the failed ones aside (a
			// forced render pays again for its key, as asked).
			failed := map[string]bool{}
			for _, j := range w.hg.Server().Jobs() {
				if _, phase, _ := w.hg.Server().Job(j.ID); phase == fake.PhaseFailed {
					failed["heygen/"+j.ID] = true
				}
			}
			if _, unknown := w.paidJobs(failed); len(unknown) > 0 {
				t.Fatalf("charged jobs %v are not in reel.lock", unknown)
			}
			w.checkOutputs()
			// and the next forced render is a new job, not a replay of any
			// earlier one
			p = w.plan()
			p.Force([]string{"plain"}, plan.NewPrices(nil))
			before := len(w.hg.Server().Jobs())
			if res := w.runner().Run(context.Background(), p); len(res.Failed) != 0 {
				t.Fatalf("forced render: %+v", res)
			}
			if n := len(w.hg.Server().Jobs()); n != before+1 || w.lock().Videos["plain"].Job != w.hg.Server().Jobs()[n-1].ID {
				t.Fatalf("a forced render replayed an earlier job (%d jobs, was %d)", n, before)
			}
		})
	}
}
