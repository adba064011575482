package planner_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/render/store"
)

// listing is a store that has rendered some keys, and counts how often it
// is asked.
type listing struct {
	have  map[string]store.Output
	calls [][]string
	err   error
}

func (l *listing) ListRendered(_ context.Context, keys []string) (map[string]store.Output, error) {
	l.calls = append(l.calls, slices.Clone(keys))
	out := map[string]store.Output{}
	for _, k := range keys {
		if o, ok := l.have[k]; ok {
			out[k] = o
		}
	}
	return out, l.err
}

func paidPlan() *plan.Plan {
	usd := func(n float64) plan.Cost { return plan.Cost{USD: n} }
	p := &plan.Plan{Actions: []plan.Action{
		{ID: "a", Kind: plan.Create, Key: "ka", Cost: usd(1)},
		{ID: "b", Kind: plan.Render, Key: "kb", Cost: usd(2), Changes: []plan.Change{{Field: "voice.id"}}},
		{ID: "c", Kind: plan.Render, Key: "kc", Cost: usd(4), Forced: true},
		{ID: "d", Kind: plan.Create, Key: "kd", Cost: usd(8)},
		{ID: "e", Kind: plan.OK, Key: "ke"},
	}}
	p.Total = usd(15)
	return p
}

// TestFromStore: the paid renders the store holds become free downloads
// of the stored output, in one question for every key; a forced render
// stays paid; the total is what is still paid for.
func TestFromStore(t *testing.T) {
	p := paidPlan()
	st := &listing{have: map[string]store.Output{
		"ka": {SHA256: "sa", Size: 10}, "kb": {SHA256: "sb", Size: 20}, "kc": {SHA256: "sc", Size: 30}, "ke": {SHA256: "se"},
	}}
	n, err := planner.FromStore(context.Background(), p, st)
	if err != nil || n != 2 {
		t.Fatalf("FromStore: %d, %v; want 2 changed", n, err)
	}
	if len(st.calls) != 1 || !slices.Equal(st.calls[0], []string{"ka", "kb", "kd"}) {
		t.Fatalf("asked %v, want one question for the unforced paid keys", st.calls)
	}
	want := map[string]plan.Kind{"a": plan.Download, "b": plan.Download, "c": plan.Render, "d": plan.Create, "e": plan.OK}
	for _, a := range p.Actions {
		if a.Kind != want[a.ID] {
			t.Errorf("%s: %s, want %s", a.ID, a.Kind, want[a.ID])
		}
	}
	b := p.Actions[1]
	if b.From == nil || b.From.SHA256 != "sb" || b.From.Size != 20 || b.Cost.USD != 0 || b.Changes != nil || b.Reason != planner.StoreReason {
		t.Errorf("b: %+v (from %+v), want a free download of the stored output", b, b.From)
	}
	if p.Total.USD != 12 || !p.Paid() {
		t.Errorf("total $%.0f, want $12 (c and d)", p.Total.USD)
	}
}

// TestFromStoreFails: a store that does not answer leaves the plan as
// reel.lock makes it.
func TestFromStoreFails(t *testing.T) {
	p := paidPlan()
	st := &listing{have: map[string]store.Output{"ka": {SHA256: "sa"}}, err: errors.New("unreachable")}
	if _, err := planner.FromStore(context.Background(), p, st); err == nil {
		t.Fatal("no error from a store that failed")
	}
	if p.Actions[0].Kind != plan.Create || p.Total.USD != 15 {
		t.Fatalf("the plan changed: %s, $%.0f", p.Actions[0].Kind, p.Total.USD)
	}
}

// storeProject is a project folder whose reel.yaml names a store, or none.
func storeProject(t *testing.T, withStore bool) string {
	dir := t.TempDir()
	yaml := "version: 1\n"
	if withStore {
		yaml += "store: file://" + filepath.ToSlash(dir) + "/store\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "reel.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWithStore: the planner asks the store its Options open, once a plan
// pays, and only then; a store out of reach leaves the plan as reel.lock
// makes it and says why, and is no error; without an opener (--offline)
// nothing is asked.
func TestWithStore(t *testing.T) {
	dir := storeProject(t, true)
	st := &listing{have: map[string]store.Output{"ka": {SHA256: "sa"}}}
	opened := 0
	open := func(p *manifest.Project) (planner.Rendered, error) { opened++; return st, nil }
	pl := planner.New(dir, planner.Options{Store: open})

	p := paidPlan()
	if down, err := pl.WithStore(context.Background(), p, nil); down != nil || err != nil {
		t.Fatalf("WithStore: down %v, err %v", down, err)
	}
	if opened != 1 || p.Actions[0].Kind != plan.Download {
		t.Fatalf("opened %d times, a is %s; want the store asked once and a fetched from it", opened, p.Actions[0].Kind)
	}
	free := &plan.Plan{Actions: []plan.Action{{ID: "e", Kind: plan.OK, Key: "ke"}}}
	if _, err := pl.WithStore(context.Background(), free, nil); err != nil || opened != 1 {
		t.Fatalf("a plan that pays nothing opened the store (%d, %v)", opened, err)
	}
	st.err = errors.New("unreachable")
	p = paidPlan()
	down, err := pl.WithStore(context.Background(), p, nil)
	if down == nil || err != nil || p.Actions[0].Kind != plan.Create {
		t.Fatalf("an unreachable store: down %v, err %v, a is %s; want down said, no error, the plan as it was", down, err, p.Actions[0].Kind)
	}
	offline := planner.New(dir, planner.Options{})
	if _, err := offline.WithStore(context.Background(), paidPlan(), nil); err != nil || opened != 2 {
		t.Fatalf("without an opener the store was asked (%d, %v)", opened, err)
	}
}

// TestStoreMayChange: a plan read from the snapshot is printed as it is
// unless it pays and the project has a store left in.
func TestStoreMayChange(t *testing.T) {
	open := func(*manifest.Project) (planner.Rendered, error) { return nil, nil }
	paid := plan.HeadOf(paidPlan())
	free := plan.HeadOf(&plan.Plan{Actions: []plan.Action{{ID: "e", Kind: plan.OK}}})
	for _, c := range []struct {
		store, opener bool
		h             plan.Head
		want          bool
	}{
		{true, true, paid, true},
		{true, true, free, false},
		{true, false, paid, false}, // --offline
		{false, true, paid, false},
	} {
		o := planner.Options{}
		if c.opener {
			o.Store = open
		}
		if got := planner.New(storeProject(t, c.store), o).StoreMayChange(c.h); got != c.want {
			t.Errorf("store %v, opener %v, paid %v: %v, want %v", c.store, c.opener, c.h.Paid(), got, c.want)
		}
	}
}
