package render_test

// What a run counts as paid for (Result.Charges, Rendered, SpentUSD), and
// creates that were never sent.

import (
	"context"
	"fmt"
	"maps"
	"net"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/heygen"
)

// Result.Charges holds the creates the provider took as new jobs, or may
// have (the answer was lost); not one it refused, and not one it answered
// with an earlier create's job. Rendered and SpentUSD count the completed
// ones it took.
func TestChargesAreTheCreatesTheProviderTook(t *testing.T) {
	t.Parallel()
	w := newWorld(t, map[string]string{
		"reel.yaml":           fmt.Sprintf(reelYAML, "v3"),
		"videos/took.yaml":    fmt.Sprintf(plainYAML, "This one is taken."),
		"videos/refused.yaml": fmt.Sprintf(plainYAML, "This one is refused once."),
		"videos/lost.yaml":    fmt.Sprintf(plainYAML, "This one loses its answer."),
	}, fake.HeyGenOptions{})
	s := w.hg.Server()
	s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.Status, Status: 400, Code: "invalid_parameter", Match: "refused once", Times: 1})
	s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.Reset, After: true, Match: "loses its answer"}) // every re-send too
	p := w.plan()
	cost := func(id string) float64 { return w.action(p, id).Cost.USD }

	res := w.runner().Run(context.Background(), p)
	checkCharges(t, "first run", res, map[string]float64{"took": cost("took"), "lost": cost("lost")}, 1, cost("took"))
	if len(res.Failed) != 2 || res.Failed["refused"] == nil || res.Failed["lost"] == nil {
		t.Fatalf("first run failed %v, want refused and lost", res.Failed)
	}

	// The rerun renders the refused video (a new job) and resumes the lost
	// create, which HeyGen replays: one new charge.
	s.Clear(fake.RouteCreate)
	res = w.runner().Run(context.Background(), w.plan())
	checkCharges(t, "rerun", res, map[string]float64{"refused": cost("refused")}, 1, cost("refused"))
	if len(res.Done) != 2 || len(res.Failed) != 0 || res.Fetched != 1 {
		t.Fatalf("rerun: %+v, want refused rendered and lost fetched", res)
	}
	if c := w.charges(); len(c) != 3 {
		t.Fatalf("charges %v, want one per video", c)
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

func checkCharges(t *testing.T, run string, res render.Result, want map[string]float64, rendered int, spent float64) {
	t.Helper()
	if !maps.Equal(res.Charges, want) || res.Rendered != rendered || res.SpentUSD != spent {
		t.Fatalf("%s: charges %v, rendered %d, spent $%.2f; want %v, %d, $%.2f", run, res.Charges, res.Rendered, res.SpentUSD, want, rendered, spent)
	}
}

// A create stopped before any byte left the machine (nothing listens at
// the provider's address) was not sent: reel says so, records it failed,
// plans it as a render again, and the next run sends it once, on v2 (no
// idempotency key) as on v3.
func TestNotSentCreateIsSentByTheNextRun(t *testing.T) {
	t.Parallel()
	for _, api := range []string{"v3", "v2"} {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			w := single(t, api, fake.HeyGenOptions{})
			res := unreachable(t, w).Run(context.Background(), w.plan())
			err := res.Failed["plain"]
			if err == nil || !strings.Contains(err.Error(), "the create was not sent (") || !strings.Contains(err.Error(), "nothing was charged; the next run sends it") {
				t.Fatalf("unsent create: %v", err)
			}
			if e := w.lock().Videos["plain"]; e.State != lock.Failed || e.Job != "" {
				t.Fatalf("after the unsent create: %+v, want failed without a job", e)
			}
			if a := w.action(w.plan(), "plain"); a.Kind != plan.Render {
				t.Fatalf("plan: %s (%s), want a render", a.Kind, a.Reason)
			}
			if len(res.Charges) != 0 || w.creates() != 0 {
				t.Fatalf("charges %v, %d creates reached the fake", res.Charges, w.creates())
			}
			if res := w.mustRender(); res.Rendered != 1 || w.creates() != 1 || len(w.charges()) != 1 {
				t.Fatalf("rerun: %+v, %d creates, charges %v; want one create, charged once", res, w.creates(), w.charges())
			}
			w.checkPaidOnce()
			w.checkOutputs()
		})
	}
}

// A resumed create (an earlier one's answer was lost) that is not sent
// stays pending: the earlier one may have been taken. The next run sends
// it again and HeyGen v3 replays it: one charge, nothing spent.
func TestResumedCreateNotSentStaysPending(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	w.hg.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.Reset, After: true})
	if res := w.render(); res.Failed["plain"] == nil {
		t.Fatalf("lost create: %+v", res)
	}
	w.hg.Server().Clear(fake.RouteCreate)
	res := unreachable(t, w).Run(context.Background(), w.plan())
	if err := res.Failed["plain"]; err == nil || !strings.Contains(err.Error(), "not sent") {
		t.Fatalf("unsent resume: %v", err)
	}
	if e := w.lock().Videos["plain"]; e.State != lock.Pending || e.Job != "" {
		t.Fatalf("after the unsent resume: %+v, want pending without a job", e)
	}
	res = w.mustRender()
	if res.Rendered != 0 || res.Fetched != 1 || len(res.Charges) != 0 || len(w.charges()) != 1 {
		t.Fatalf("rerun: %+v, charges %v; want the replay, nothing spent", res, w.charges())
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

// unreachable is w's runner with HeyGen at a loopback port nothing
// listens on: every connection is refused.
func unreachable(t *testing.T, w *world) *render.Runner {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	l.Close()
	r := w.runner()
	r.Open = func(name string) (provider.Provider, error) {
		_, api, _ := strings.Cut(name, "/")
		return heygen.New(heygen.Config{API: api, BaseURL: base, Key: w.hg.Key(), HTTPOptions: provider.HTTPOptions{
			Retry: provider.RetryPolicy{Retries: -1},
		}})
	}
	return r
}
