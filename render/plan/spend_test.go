package plan

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/lock"
)

// TestLimit: --max-cost wins over budget.max_usd, and without either there
// is no limit.
func TestLimit(t *testing.T) {
	ten := 10.0
	for _, c := range []struct {
		flag    float64
		maxUSD  *float64
		want    float64
		limited bool
	}{
		{-1, nil, 0, false},
		{-1, &ten, 10, true},
		{2.5, &ten, 2.5, true},
		{0, nil, 0, true},
	} {
		if got, ok := Limit(c.flag, c.maxUSD); got != c.want || ok != c.limited {
			t.Errorf("Limit(%v, %v) = %v, %v; want %v, %v", c.flag, c.maxUSD, got, ok, c.want, c.limited)
		}
	}
}

// TestPaidRendersNeedConsent: a plan with paid renders is refused where no
// one can be asked and no budget limits it, saying what to do; without its
// paid actions it keeps its free ones; plan --check fails on it, naming
// how many videos it would pay for.
func TestPaidRendersNeedConsent(t *testing.T) {
	files := map[string]string{
		"reel.yaml":      project,
		"videos/a.yaml":  "scenes: [{script: Hi.}]\n",
		"videos/b.yaml":  "scenes: [{script: Hello.}]\n",
		"videos/ok.yaml": "scenes: [{script: Done before.}]\n",
	}
	vs := videos(t, files, "heygen")
	l := lock.New()
	for _, v := range vs {
		if v.ID == "ok" {
			l.Set(done(v, "aa"))
		}
	}
	p, err := Make(vs, l, NewPrices(nil), disk{"ok.mp4": {Exists: true, Size: 100, SHA256: "aa"}}.stat)
	if err != nil {
		t.Fatal(err)
	}
	var unattended *UnattendedError
	if err := Unattended(p.Total, false); !errors.As(err, &unattended) || !strings.Contains(err.Error(), "--yes") || !strings.Contains(err.Error(), "budget.max_usd") {
		t.Errorf("unattended without a budget: %v; want an *UnattendedError saying to pass --yes or set budget.max_usd", err)
	}
	if err := Unattended(p.Total, true); err != nil {
		t.Errorf("unattended within a budget: %v", err)
	}
	free, skipped := p.WithoutPaid()
	if skipped != 2 || kinds(free) != "ok=ok" {
		t.Errorf("WithoutPaid: %q, %d skipped; want ok alone, 2 skipped", kinds(free), skipped)
	}
	var paid *PaidError
	if err := HeadOf(p).CheckPaid(); !errors.As(err, &paid) || paid.N != 2 || !strings.Contains(err.Error(), "2 videos need a paid render") {
		t.Errorf("CheckPaid: %v; want 2 videos needing a paid render", err)
	}
	if err := HeadOf(free).CheckPaid(); err != nil {
		t.Errorf("CheckPaid of a free plan: %v", err)
	}
	if n, width := p.Work(); n != 2 || width != 1 {
		t.Errorf("Work() = %d, %d; want the 2 videos with work, ids 1 wide", n, width)
	}
}

// TestPrintOverBudget: the line appears when the estimate is over the
// budget, or cannot be held to it, and never without a budget; it names
// the budget as it was given, reel.yaml's or --max-cost.
func TestPrintOverBudget(t *testing.T) {
	one := 1.0
	for _, c := range []struct {
		limit *float64
		flag  bool
		total Cost
		says  string
	}{
		{nil, false, Cost{USD: 100}, ""},
		{&one, false, Cost{USD: 0.5}, ""},
		{&one, false, Cost{USD: 2}, "the estimate $2.00 is more than budget.max_usd $1.00; reel render would refuse it"},
		{&one, false, Cost{Unpriced: "gmi"}, "some renders have no known price"},
		{&one, true, Cost{USD: 2}, "more than --max-cost $1.00; reel render --max-cost 1 would refuse it"},
		{&one, true, Cost{Unpriced: "gmi"}, "cannot be held to --max-cost $1.00"},
	} {
		var b bytes.Buffer
		PrintOverBudget(&b, c.limit, c.flag, c.total)
		if c.says == "" && b.Len() > 0 || !strings.Contains(b.String(), c.says) {
			t.Errorf("limit %v, total %+v: %q; want %q", c.limit, c.total, b.String(), c.says)
		}
	}
}
