package render

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/reel-dev/reel/manifest"

	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/registry"
)

// Quota is what a plan would spend at a provider that reports its
// account's remaining quota, beside what the account has left there.
type Quota struct {
	Vendor string         // heygen
	Need   plan.Cost      // the plan's paid renders there
	Have   provider.Quota // what the provider reports
	// Err says why the provider could not be asked; Have is then empty.
	Err error
}

// Covered reports whether what the account has left pays for what the
// plan needs there. Credits are compared with credits and dollars with
// dollars; where the account reports both, its credits pay first and
// dollars the rest, at the plan's own price of a credit. A need reel
// cannot put in the account's unit (a price set in dollars only, against
// a balance in credits) is not refused: the provider's 402 still stops
// the run's creates.
func (q Quota) Covered() bool {
	h, n := q.Have, q.Need
	switch {
	case q.Err != nil || !h.Limited():
		return true
	case h.USD == nil:
		return n.Credits <= *h.Credits
	case h.Credits == nil:
		return n.USD <= *h.USD
	}
	if n.Credits <= *h.Credits {
		return true
	}
	return (n.Credits-*h.Credits)*(n.USD/n.Credits) <= *h.USD
}

// String says what the account has left, and what the plan needs there.
func (q Quota) String() string {
	display, _ := registry.TopUp(q.Vendor)
	if q.Err != nil {
		return fmt.Sprintf("%s: could not ask what the account has left: %v", display, q.Err)
	}
	s := display + " has " + left(q.Have)
	if q.Have.Plan != "" {
		s += " (" + q.Have.Plan + ")"
	}
	if q.Need.Spends() {
		s += "; this plan needs about " + need(q.Need) + " there"
	}
	return s
}

// QuotaError refuses a paid run whose estimate at a provider is more than
// the account has left there, before anything is sent: the run would stop
// at the provider's refusal partway, with some videos paid and others not.
type QuotaError struct{ Quota Quota }

func (e *QuotaError) Error() string {
	display, topUp := registry.TopUp(e.Quota.Vendor)
	where := display
	if topUp != "" {
		where = topUp
	}
	named := ""
	if e.Quota.Have.Plan != "" {
		named = " (" + e.Quota.Have.Plan + ")"
	}
	return fmt.Sprintf("refused: this run needs about %s at %s, and %s reports %s left%s: add credits at %s, or render fewer videos this run (reel render <video>...); nothing was sent",
		need(e.Quota.Need), display, display, left(e.Quota.Have), named, where)
}

// Quotas asks each provider of p's videos that reports its quota what
// the account has left, opening its client with open; Need sums the
// plan's paid renders there. paidOnly limits it to the providers with
// paid renders (what reel render needs to know). The sandbox's fakes are
// never asked. Each provider is asked once, under the name of its first
// video's API: every API of a provider bills one account.
func Quotas(ctx context.Context, p *plan.Plan, open func(string) (provider.Provider, error), paidOnly bool) []Quota {
	names := map[string]string{} // vendor → lock name to open
	needs := map[string]plan.Cost{}
	for _, a := range p.Actions {
		if a.Video == nil || (paidOnly && !a.Kind.Paid()) {
			continue
		}
		name := a.Video.ProviderName()
		if !registry.ReportsQuota(name) {
			continue
		}
		vendor := registry.Vendor(name)
		if _, ok := names[vendor]; !ok {
			names[vendor] = name
		}
		if a.Kind.Paid() {
			needs[vendor] = needs[vendor].Add(a.Cost)
		}
	}
	out := make([]Quota, 0, len(names))
	for vendor, name := range names {
		q := Quota{Vendor: vendor, Need: needs[vendor]}
		q.Have, q.Err = askQuota(ctx, open, name)
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Vendor < out[j].Vendor })
	return out
}

func askQuota(ctx context.Context, open func(string) (provider.Provider, error), name string) (provider.Quota, error) {
	c, err := open(name)
	if err != nil {
		return provider.Quota{}, err
	}
	qc, ok := c.(provider.Quoter)
	if !ok {
		return provider.Quota{}, fmt.Errorf("%s: %w", name, provider.ErrUnsupported)
	}
	return qc.Quota(ctx)
}

// CheckQuota returns a *QuotaError for the first provider whose account
// cannot pay for what the plan needs there.
func CheckQuota(qs []Quota) error {
	for _, q := range qs {
		if !q.Covered() {
			return &QuotaError{Quota: q}
		}
	}
	return nil
}

// left is what a quota has left, in its units.
func left(q provider.Quota) string {
	switch {
	case !q.Limited():
		return "no limit reel can check"
	case q.USD == nil:
		return credits(*q.Credits)
	case q.Credits == nil:
		return fmt.Sprintf("$%.2f", *q.USD)
	}
	return fmt.Sprintf("%s and $%.2f", credits(*q.Credits), *q.USD)
}

// need is what a plan needs, in credits where the provider bills them.
func need(c plan.Cost) string {
	if c.Credits > 0 {
		return fmt.Sprintf("%s ($%.2f)", credits(c.Credits), c.USD)
	}
	return fmt.Sprintf("$%.2f", c.USD)
}

func credits(n float64) string {
	s := strconv.FormatFloat(float64(int64(n*100+0.5))/100, 'f', -1, 64)
	if s == "1" {
		return s + " credit"
	}
	return s + " credits"
}

// quotaWait bounds asking the providers what their accounts have left.
const quotaWait = 30 * time.Second

// AskQuotas is Quotas with clients configured as a run's (reel.yaml's
// providers settings) and a bounded wait.
func AskQuotas(project *manifest.Project, p *plan.Plan, paidOnly bool) []Quota {
	ps := &Providers{Config: project.Config.Providers}
	defer ps.Close()
	ctx, cancel := context.WithTimeout(context.Background(), quotaWait)
	defer cancel()
	return Quotas(ctx, p, ps.Open, paidOnly)
}
