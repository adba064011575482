package main

import (
	"context"
	"fmt"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
)

// quotaWait bounds asking the providers what their accounts have left.
const quotaWait = 30 * time.Second

// checkQuota refuses (exit 4) a paid run whose estimate at a provider is
// more than the account has left there, as the provider reports it
// (HeyGen's GET /v3/users/me): nothing is sent but that question. A
// provider that cannot be asked is said so and the run goes on, as a
// refusal for want of credit would still stop its creates.
func (e *env) checkQuota(project *manifest.Project, p *plan.Plan) int {
	if !p.Paid() {
		return exitOK
	}
	qs := e.quotas(project, p, true)
	for _, q := range qs {
		if q.Err != nil {
			fmt.Fprintf(e.stderr, "reel: %v; rendering without checking it\n", q)
		}
	}
	if err := render.CheckQuota(qs); err != nil {
		e.fail(err)
		return exitBudget
	}
	return exitOK
}

// showQuota is reel plan --quota: what each provider of the plan that
// reports it says its account has left, beside what the plan needs
// there. A provider that cannot be asked is an error (exit 1).
func (e *env) showQuota(project *manifest.Project, p *plan.Plan) int {
	qs := e.quotas(project, p, false)
	out := e.textOut()
	if len(qs) == 0 {
		fmt.Fprintln(out, "Quota: no provider of this plan reports what its account has left.")
	}
	code := exitOK
	for _, q := range qs {
		switch {
		case q.Err != nil:
			fmt.Fprintf(e.stderr, "reel: %v\n", q)
			code = exitError
		case !q.Covered():
			fmt.Fprintf(out, "Quota: %v: reel render would refuse it.\n", q)
		default:
			fmt.Fprintf(out, "Quota: %v.\n", q)
		}
	}
	return code
}

// quotas asks the plan's providers that report a quota, with clients
// configured as reel render's are.
func (e *env) quotas(project *manifest.Project, p *plan.Plan, paidOnly bool) []render.Quota {
	ps := &render.Providers{Config: project.Config.Providers}
	defer ps.Close()
	ctx, cancel := context.WithTimeout(context.Background(), quotaWait)
	defer cancel()
	return render.Quotas(ctx, p, ps.Open, paidOnly)
}
