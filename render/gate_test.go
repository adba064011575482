package render_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/provider/fake"
)

// A provider that renders fewer videos at once than reel is configured
// for refuses one create with 429; reel learns its limit from that one
// refusal, sends no create it would refuse again, and every video is
// rendered and paid for once.
//
// The fake's clock moves only when the test moves it, a render's length
// at a time, once reel has sent every create it can: so each step is
// decided by what reel does, not by how fast this machine is.
func TestOne429TeachesTheLimit(t *testing.T) {
	t.Parallel()
	files := map[string]string{"reel.yaml": fmt.Sprintf(reelYAML, "v3")}
	const n, limit = 10, 3
	for i := range n {
		files[fmt.Sprintf("videos/v%02d.yaml", i)] = fmt.Sprintf(plainYAML, fmt.Sprintf("Video number %d.", i))
	}
	w := newWorld(t, files, fake.HeyGenOptions{Concurrency: limit})
	r := w.runner()
	r.Limits = map[string]int{"heygen": 8}
	r.Sleep = func(ctx context.Context, _ time.Duration) error { // time stands still
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
			return nil
		}
	}
	done := make(chan render.Result)
	go func() { done <- r.Run(context.Background(), w.plan()) }()
	accepted := func() int { return len(w.hg.Server().Ledger()) }
	for want := limit; want < n+limit; want += limit {
		// reel fills the provider's places, then waits for a render to end
		waitFor(t, func() bool { return accepted() >= min(want, n) })
		time.Sleep(50 * time.Millisecond) // room for a create beyond the limit, which would be a second 429
		w.clock.Advance(fake.DefaultTimeline.Queued + fake.DefaultTimeline.Processing)
	}
	res := <-done
	if len(res.Done) != n || len(res.Failed) != 0 {
		t.Fatalf("%d done, failed %v", len(res.Done), res.Failed)
	}
	if got := refusals(w); got != 1 {
		t.Errorf("%d creates refused with 429; want exactly the one that shows the limit", got)
	}
	if c := w.charges(); len(c) != n {
		t.Errorf("%d charges, want %d", len(c), n)
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

func refusals(w *world) int {
	n := 0
	for _, rq := range w.hg.Server().Requests(fake.RouteCreate) {
		if rq.Status == 429 {
			n++
		}
	}
	return n
}
