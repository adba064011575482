package planner_test

import (
	"context"
	"errors"
	"slices"
	"testing"

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
