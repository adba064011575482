package render_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// A provider that refuses a create for want of credit (PixelDojo's 402
// insufficient_credits) gets no other create in the run; its jobs already
// in flight finish and are downloaded, and another provider's video
// renders. The refused video is recorded failed, the held-back one not at
// all; once credits are added, a rerun renders those two and pays nothing
// twice.
func TestNoCreditsStopsThatProvidersCreates(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"reel.yaml":         fmt.Sprintf(reelYAML, "v3"),
		"videos/plain.yaml": fmt.Sprintf(plainYAML, "HeyGen still renders."),
	}
	pixels := []string{"p1", "p2", "p3", "p4"}
	for _, id := range pixels {
		files["videos/"+id+".yaml"] = fmt.Sprintf(pixelYAML, "PixelDojo video "+id+".")
	}
	w := newWorld(t, files, fake.HeyGenOptions{})
	w.pd.SetCredits(2 * fake.PixelDojoCreditCost)

	res := w.render()
	pd := w.pd.Server()
	if n, paid := len(pd.Requests(fake.RouteCreate)), len(pd.Ledger()); n != 3 || paid != 2 {
		t.Fatalf("PixelDojo got %d creates and charged %d; want 3 (two paid, one refused) and 2", n, paid)
	}
	done := slices.DeleteFunc(slices.Clone(res.Done), func(id string) bool { return id == "plain" })
	if len(done) != 2 || !slices.Contains(res.Done, "plain") || len(res.Failed) != 2 {
		t.Fatalf("done %v, failed %v; want plain and the two paid PixelDojo videos done, two failed", res.Done, errs(res.Failed))
	}
	if len(res.OutOfCredits) != 1 || res.OutOfCredits[0].Vendor != "pixeldojo" || !errors.Is(res.OutOfCredits[0].Err, provider.ErrNoCredits) {
		t.Fatalf("out of credits: %+v, want pixeldojo's refusal", res.OutOfCredits)
	}
	held := res.OutOfCredits[0].HeldBack
	refused := ""
	for id, err := range res.Failed {
		var hb *render.HeldBackError
		switch {
		case errors.As(err, &hb):
			if !slices.Equal(held, []string{id}) || !strings.Contains(err.Error(), "nothing was sent for this video") {
				t.Errorf("%s held back: %v; the summary holds back %v", id, err, held)
			}
		case strings.Contains(err.Error(), "402") && strings.Contains(err.Error(), "Not enough credits"):
			refused = id
		default:
			t.Errorf("%s failed otherwise: %v", id, err)
		}
	}
	msg := res.OutOfCredits[0].Error()
	for _, want := range []string{"PixelDojo is out of credits", "402", "https://pixeldojo.ai/api-platform/buy-credits", "run reel render again", "nothing is paid twice", held[0]} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message does not say %q: %s", want, msg)
		}
	}
	l := w.lock()
	if e := l.Videos[refused]; e == nil || e.State != lock.Failed || e.Job != "" {
		t.Errorf("the refused video is recorded %+v, want failed without a job", e)
	}
	if e := l.Videos[held[0]]; e != nil {
		t.Errorf("the held-back video is recorded %+v, want nothing", e)
	}
	w.checkPaidOnce()
	w.checkOutputs()

	// Credits added: the rerun renders the two, and only them.
	w.pd.SetCredits(100 * fake.PixelDojoCreditCost)
	res = w.mustRender()
	got := append([]string(nil), res.Done...)
	want := []string{refused, held[0]}
	sort.Strings(want)
	if !slices.Equal(got, want) || len(res.OutOfCredits) != 0 || len(pd.Ledger()) != 4 {
		t.Fatalf("rerun did %v (out of credits %v), %d charges; want %v, none, 4", got, res.OutOfCredits, len(pd.Ledger()), want)
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

// HeyGen's legacy APIs take a create the account cannot pay for and fail
// the video when it would render (MOVIO_PAYMENT_INSUFFICIENT_CREDIT): that
// failure stops the run's creates there too, so a long run does not send
// every remaining video to fail the same way.
func TestLateFailureForWantOfCreditStopsCreates(t *testing.T) {
	t.Parallel()
	files := map[string]string{"reel.yaml": fmt.Sprintf(reelYAML, "v2")}
	for i := range 3 {
		files[fmt.Sprintf("videos/v%d.yaml", i)] = fmt.Sprintf(plainYAML, fmt.Sprintf("Legacy video number %d.", i))
	}
	w := newWorld(t, files, fake.HeyGenOptions{API: fake.HeyGenV2, Credits: 1})
	r := w.runner()
	r.Limits = map[string]int{"heygen": 1} // one job at a time: each create waits for the last job's end
	res := r.Run(context.Background(), w.plan())
	hg := w.hg.Server()
	if n, paid := len(hg.Requests(fake.RouteCreate)), len(hg.Ledger()); n != 2 || paid != 1 {
		t.Fatalf("HeyGen got %d creates and charged %d; want 2 (one paid, one failed late) and 1", n, paid)
	}
	if len(res.Done) != 1 || len(res.Failed) != 2 || len(res.OutOfCredits) != 1 || len(res.OutOfCredits[0].HeldBack) != 1 {
		t.Fatalf("done %v, failed %v, out of credits %+v; want 1 done, 1 failed late, 1 held back", res.Done, errs(res.Failed), res.OutOfCredits)
	}
	if msg := res.OutOfCredits[0].Error(); !strings.Contains(msg, "failed for want of credit") || !strings.Contains(msg, "Insufficient credit") ||
		!strings.Contains(msg, "https://app.heygen.com/settings?nav=API") {
		t.Fatalf("message: %s", msg)
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

// errs is a run's failures as text, for messages.
func errs(failed map[string]error) map[string]string {
	out := map[string]string{}
	for id, err := range failed {
		out[id] = err.Error()
	}
	return out
}
