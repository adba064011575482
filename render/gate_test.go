package render_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/reel-dev/reel/render/provider/fake"
)

// A provider that renders fewer videos at once than reel is configured
// for refuses one create with 429; reel learns its limit from that one
// refusal and sends no create it would refuse again, and every video is
// rendered and paid for once.
func TestOne429TeachesTheLimit(t *testing.T) {
	t.Parallel()
	files := map[string]string{"reel.yaml": fmt.Sprintf(reelYAML, "v3")}
	const n = 20
	for i := range n {
		files[fmt.Sprintf("videos/v%02d.yaml", i)] = fmt.Sprintf(plainYAML, fmt.Sprintf("Video number %d.", i))
	}
	w := newWorld(t, files, fake.HeyGenOptions{Concurrency: 3})
	r := w.runner()
	r.Limits = map[string]int{"heygen": 8}
	res := r.Run(context.Background(), w.plan())
	if len(res.Done) != n || len(res.Failed) != 0 {
		t.Fatalf("%d done, failed %v", len(res.Done), res.Failed)
	}
	refused := 0
	for _, rq := range w.hg.Server().Requests(fake.RouteCreate) {
		if rq.Status == 429 {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("%d creates refused with 429; want exactly the one that shows the limit", refused)
	}
	if c := w.charges(); len(c) != n {
		t.Errorf("%d charges, want %d", len(c), n)
	}
	w.checkPaidOnce()
	w.checkOutputs()
}
