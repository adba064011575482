package render_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider/fake"
)

// A job cancelled at the provider (in its console: reel cancels none)
// fails its video with a message that says so and that the next run
// renders it again as a new, paid job. It is asked about once after the
// cancellation, not polled on, and not created again within the run.
func TestJobCancelledAtTheProvider(t *testing.T) {
	for _, tc := range []struct {
		vendor, video, script string
		says                  string // the provider's words for it, as the client reads them
		asks                  int    // calls that learn it: fal reads the result of a COMPLETED request
		videos                int    // the mixed world's videos at this vendor
	}{
		{"fal", "clip", "A short clip.", "cancelled at fal", 2, 1},
		{"pixeldojo", "pixel", "Rendered by PixelDojo.", "Job was cancelled", 1, 1},
		{"heygen", "photo", "Acme two is here.", "deleted before it finished", 1, 2},
	} {
		t.Run(tc.vendor, func(t *testing.T) {
			t.Parallel()
			w := mixed(t)
			srv := w.servers()[tc.vendor]
			srv.Inject(fake.RouteCreate, fake.Fault{Kind: fake.Cancelled, Match: tc.script, Times: 1})
			res := w.render()
			err := res.Failed[tc.video]
			if len(res.Failed) != 1 || err == nil {
				t.Fatalf("failed %v, want %s only", res.Failed, tc.video)
			}
			for _, want := range []string{tc.says, "renders it again", "paid"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the failure does not say %q: %v", want, err)
				}
			}
			e := w.lock().Videos[tc.video]
			if e.State != lock.Failed || e.Job == "" || !strings.Contains(e.Error, tc.says) {
				t.Fatalf("lock entry %+v, want failed with its job and the reason", e)
			}
			var job fake.Job
			for _, j := range srv.Jobs() {
				if strings.Contains(string(j.Body), tc.script) {
					job = j
				}
			}
			cancelled := job.Created.Add(fake.DefaultTimeline.Queued)
			var after []string
			for _, r := range append(srv.Requests(fake.RouteStatus), srv.Requests(fake.RouteResult)...) {
				if strings.Contains(r.Path+"?"+r.Query, job.ID) && !r.At.Before(cancelled) {
					after = append(after, r.Method+" "+r.Path)
				}
			}
			if len(after) != tc.asks {
				t.Errorf("job %s was asked about %d times once cancelled, want %d: %v", job.ID, len(after), tc.asks, after)
			}
			if n := len(srv.Requests(fake.RouteCreate)); n != tc.videos {
				t.Errorf("%d creates at %s: the cancelled job was created again", n, tc.vendor)
			}
			a := w.action(w.plan(), tc.video)
			if a.Kind != plan.Render || !strings.Contains(a.Reason, tc.says) {
				t.Fatalf("plan after the cancellation: %s (%s), want a render that says why", a.Kind, a.Reason)
			}
		})
	}
}

// A status word reel does not know keeps a job waiting, but not forever:
// after render.DefaultUnknownWait of it the run stops waiting, names the
// word, and leaves the job recorded, so the next run resumes it rather
// than paying for it again.
func TestUnknownStatusIsNotPolledForever(t *testing.T) {
	t.Parallel()
	w := newWorld(t, map[string]string{
		"reel.yaml":         fmt.Sprintf(reelYAML, "v3"),
		"videos/pixel.yaml": fmt.Sprintf(pixelYAML, "Rendered by PixelDojo."),
	}, fake.HeyGenOptions{})
	const word = "on_hold"
	body := `{"jobId":"whatever","status":"` + word + `"}`
	answer := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
	srv := w.pd.Server()
	srv.Inject(fake.RouteStatus, fake.Fault{Kind: fake.Raw, Body: []byte(answer)})

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	r := w.runner()
	start, waits := w.clock.Now(), 0
	r.Sleep = func(ctx context.Context, d time.Duration) error {
		if waits++; waits > 2000 {
			stop() // far beyond any bound: the job is polled forever
		}
		return w.sleep(ctx, d)
	}
	res := r.Run(ctx, w.plan())
	if res.Stopped["pixel"] != nil {
		t.Fatalf("still polling after %d checks (%s of %q): %v", waits, w.clock.Now().Sub(start), word, res.Stopped["pixel"])
	}
	err := res.Failed["pixel"]
	if err == nil || !strings.Contains(err.Error(), `"`+word+`"`) || !strings.Contains(err.Error(), "rerun") {
		t.Fatalf("result %+v, want pixel failed naming %q and saying to rerun", res, word)
	}
	if waited := w.clock.Now().Sub(start); waited < render.DefaultUnknownWait {
		t.Errorf("gave up after %s of %q, before %s", waited, word, render.DefaultUnknownWait)
	}
	e := w.lock().Videos["pixel"]
	jobs := srv.Jobs()
	if e.State != lock.Pending || len(jobs) != 1 || e.Job != jobs[0].ID {
		t.Fatalf("lock entry %+v, want pending with job %v", e, jobs)
	}
	if a := w.action(w.plan(), "pixel"); a.Kind != plan.Resume {
		t.Fatalf("plan %s (%s), want resume", a.Kind, a.Reason)
	}

	srv.Clear(fake.RouteStatus) // the provider says what became of it again
	w.mustRender()
	if c := w.charges(); len(c) != 1 || w.creates() != 1 {
		t.Fatalf("charges %v, %d creates, want the one job", c, w.creates())
	}
	w.checkPaidOnce()
	w.checkOutputs()
}
