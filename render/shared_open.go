package render

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider/registry"
	"github.com/reel-dev/reel/render/store"
)

// EnvLeaseTTL overrides a lease's life (a Go duration such as 30s), for a
// team whose machines' clocks drift more than usual, and for tests.
const EnvLeaseTTL = "REEL_STORE_LEASE"

// OpenShared opens the store at url for a run in the project at root. A
// store that cannot be opened (no AWS configuration, a shared folder that
// is not mounted) is returned down, with the error: the run goes on as
// reel does alone, and says so.
func OpenShared(ctx context.Context, root, url string) (*Shared, error) {
	ttl, err := leaseTTL()
	if err != nil {
		return nil, err
	}
	holder, err := HolderID(root)
	if err != nil {
		return nil, fmt.Errorf("store: naming this clone: %w", err)
	}
	s, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		return &Shared{Holder: holder, TTL: ttl, down: err}, nil
	}
	return NewShared(s, holder, ttl), nil
}

func leaseTTL() (time.Duration, error) {
	v := os.Getenv(EnvLeaseTTL)
	if v == "" {
		return DefaultLeaseTTL, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second {
		return 0, fmt.Errorf("%s=%q: give a duration of at least 1s, e.g. 2m", EnvLeaseTTL, v)
	}
	return d, nil
}

// ListRendered is store.Store.ListRendered for a plan (planner.FromStore),
// with the store's failure noted: a store down is not asked.
func (sh *Shared) ListRendered(ctx context.Context, keys []string) (map[string]store.Output, error) {
	if !sh.usable() {
		return nil, sh.Down()
	}
	got, err := sh.Store.ListRendered(ctx, keys)
	sh.fault("", err)
	return got, err
}

// Holds tells which of the outputs (by SHA-256) the store holds, in
// listings: none when it is down or fails.
func (sh *Shared) Holds(ctx context.Context, sums []string) map[string]bool {
	out := map[string]bool{}
	if !sh.usable() || len(sums) == 0 {
		return out
	}
	got, err := sh.Store.HasOutputs(ctx, sums)
	if err != nil {
		sh.fault("", err)
		return out
	}
	for sum := range got {
		out[sum] = true
	}
	return out
}

// ProvidersNeeded names the providers the actions of p with work to do
// call, as ProvidersOf, leaving out the free downloads the store holds: a
// clone restoring its outputs from the store needs no provider key.
func ProvidersNeeded(ctx context.Context, p *plan.Plan, sh *Shared) []string {
	var sums []string
	for _, a := range p.Actions {
		if a.Kind == plan.Download && a.From != nil && a.From.SHA256 != "" {
			sums = append(sums, a.From.SHA256)
		}
	}
	held := sh.Holds(ctx, sums)
	var names []string
	for _, a := range p.Actions {
		switch {
		case a.Kind == plan.OK || a.Kind == plan.Orphan:
		case a.Kind == plan.Download && a.From != nil && held[a.From.SHA256]:
		default:
			names = append(names, registry.Vendor(providerOf(a)))
		}
	}
	return names
}

// DownShared is a store that could not even be set up (err says why): a
// run with it goes on as with a store that went down, creating nothing
// unguarded.
func DownShared(err error) *Shared { return &Shared{down: err} }
