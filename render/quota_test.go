package render_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// A quota covers a plan when its credits pay the plan's credits, its
// dollars the plan's dollars, or, where the account has both, its credits
// first and dollars the rest at the plan's price of a credit. What cannot
// be compared, or asked, is not refused.
func TestQuotaCovers(t *testing.T) {
	n := func(f float64) *float64 { return &f }
	need := plan.Cost{Credits: 12, USD: 12}
	for _, tc := range []struct {
		name string
		have provider.Quota
		need plan.Cost
		err  error
		ok   bool
	}{
		{"credits enough", provider.Quota{Credits: n(12)}, need, nil, true},
		{"credits short", provider.Quota{Credits: n(11.5)}, need, nil, false},
		{"dollars enough", provider.Quota{USD: n(12)}, need, nil, true},
		{"dollars short", provider.Quota{USD: n(11.99)}, need, nil, false},
		{"credits then dollars", provider.Quota{Credits: n(10), USD: n(2)}, need, nil, true},
		{"credits then too few dollars", provider.Quota{Credits: n(10), USD: n(1.5)}, need, nil, false},
		{"no limit", provider.Quota{Plan: "wallet, reloaded automatically"}, need, nil, true},
		{"priced in dollars only, quota in credits", provider.Quota{Credits: n(0)}, plan.Cost{USD: 5}, nil, true},
		{"not asked", provider.Quota{}, need, errors.New("no answer"), true},
		{"nothing needed", provider.Quota{Credits: n(0)}, plan.Cost{}, nil, true},
	} {
		q := render.Quota{Vendor: "heygen", Have: tc.have, Need: tc.need, Err: tc.err}
		if q.Covered() != tc.ok {
			t.Errorf("%s: Covered() = %t", tc.name, !tc.ok)
		}
		if err := render.CheckQuota([]render.Quota{q}); (err == nil) != tc.ok {
			t.Errorf("%s: CheckQuota: %v", tc.name, err)
		}
	}
	err := render.CheckQuota([]render.Quota{{Vendor: "heygen", Have: provider.Quota{USD: n(4.5), Plan: "wallet"}, Need: need}})
	var qe *render.QuotaError
	if !errors.As(err, &qe) || err.Error() != "refused: this run needs about 12 credits ($12.00) at HeyGen, and HeyGen reports $4.50 left (wallet): add credits at https://app.heygen.com/settings?nav=API, or render fewer videos this run (reel render <video>...); nothing was sent" {
		t.Fatalf("refusal: %v", err)
	}
}

// Quotas asks the fake's account once, under any of its APIs, for the
// plan's paid renders there, and asks no provider that reports none.
func TestQuotasAskTheProviders(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"reel.yaml":        fmt.Sprintf(reelYAML, "v3"),
		"assets/anna.png":  pngAsset,
		"videos/clip.yaml": fmt.Sprintf(clipYAML, "fal reports no quota."),
	}
	for i := range 3 {
		files[fmt.Sprintf("videos/v%d.yaml", i)] = fmt.Sprintf(plainYAML, fmt.Sprintf("Video number %d.", i))
	}
	w := newWorld(t, files, fake.HeyGenOptions{Credits: 8})
	p := w.plan()
	o := &opener{w: w}
	qs := render.Quotas(context.Background(), p, o.Open, true)
	if len(qs) != 1 || qs[0].Vendor != "heygen" || qs[0].Err != nil || *qs[0].Have.Credits != 8 || qs[0].Need.Credits != 9 {
		t.Fatalf("quotas %+v, want HeyGen's 8 credits against 9 needed", qs)
	}
	if qs[0].Covered() || !strings.Contains(qs[0].String(), "HeyGen has 8 credits (wallet); this plan needs about 9 credits ($9.00) there") {
		t.Fatalf("%v: covered %t", qs[0], qs[0].Covered())
	}
	if n := len(w.hg.Server().Requests(fake.RouteAccount)); n != 1 {
		t.Fatalf("%d calls to users/me, want 1", n)
	}
	if n := len(w.hg.Server().Requests(fake.RouteCreate)) + len(w.fal.Server().Requests(fake.RouteCreate)); n != 0 {
		t.Fatalf("asking the quota sent %d creates", n)
	}
}
