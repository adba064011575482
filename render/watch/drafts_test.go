package watch

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
)

// draftHarness runs Drafts on a fake clock with a fake renderer: each
// batch is recorded, costs $3 a paid video, and runs in the goroutine of
// the clock's Advance.
type draftHarness struct {
	t       *testing.T
	clock   *fakeClock
	d       *Drafts
	batches []string
	notices []string
	busy    bool   // Prepare answers render.ErrBusy
	during  func() // called while a batch renders
	// outcome, when set, is what the renderer reports of a batch instead
	// of every video done and charged.
	outcome func(ids []string) render.Result
	// unpriced are the videos whose provider publishes no price.
	unpriced map[string]bool
}

func newDrafts(t *testing.T, budget float64, limited bool) *draftHarness {
	h := &draftHarness{t: t, clock: newFakeClock()}
	h.d = &Drafts{
		Settle: DefaultSettle, Clock: h.clock, Budget: budget, Limited: limited,
		Prepare: func(ids []string) (*Job, error) {
			if h.busy {
				return nil, render.ErrBusy
			}
			p := &plan.Plan{}
			for _, id := range ids {
				a := plan.Action{ID: id, Kind: plan.Render, Cost: plan.Cost{USD: 3}}
				if h.unpriced[id] {
					a.Cost = plan.Cost{Seconds: 10, Unpriced: "gmi"}
				}
				p.Actions = append(p.Actions, a)
				p.Total = p.Total.Add(a.Cost)
			}
			return &Job{Plan: p, Release: func() {}}, nil
		},
		Run: func(ctx context.Context, job *Job) render.Result {
			var ids []string
			for _, a := range job.Plan.Actions {
				ids = append(ids, a.ID)
			}
			h.batches = append(h.batches, strings.Join(ids, ","))
			if h.during != nil {
				f := h.during
				h.during = nil
				f()
			}
			if h.outcome != nil {
				return h.outcome(ids)
			}
			charges := map[string]float64{}
			for _, a := range job.Plan.Actions {
				charges[a.ID] = a.Cost.USD
			}
			return render.Result{Done: ids, Rendered: len(ids), SpentUSD: job.Plan.Total.USD, Charges: charges}
		},
		Notice: func(s string) { h.notices = append(h.notices, s) },
	}
	h.d.Start(context.Background())
	return h
}

// save is a re-plan that found these videos changed.
func (h *draftHarness) save(ids ...string) {
	u := &Update{}
	for _, id := range ids {
		u.Actions = append(u.Actions, plan.Action{ID: id, Kind: plan.Render})
	}
	h.d.Changed(u)
}

func (h *draftHarness) expect(want ...string) {
	h.t.Helper()
	if got := strings.Join(h.batches, " "); got != strings.Join(want, " ") {
		h.t.Errorf("batches %q, want %q", got, want)
	}
}

func TestDraftsRenderOnceSettled(t *testing.T) {
	h := newDrafts(t, 100, true)
	h.save("a")
	h.clock.Advance(DefaultSettle - time.Millisecond)
	h.expect()
	h.clock.Advance(time.Millisecond)
	h.expect("a")
}

func TestDraftsThreeSavesRenderOnce(t *testing.T) {
	h := newDrafts(t, 100, true)
	for range 3 {
		h.save("a")
		h.clock.Advance(time.Second)
	}
	h.clock.Advance(DefaultSettle)
	h.expect("a")
}

// A save undone before it settled renders nothing.
func TestDraftsUndoneChange(t *testing.T) {
	h := newDrafts(t, 100, true)
	h.save("a")
	h.d.Changed(&Update{Actions: []plan.Action{{ID: "a", Kind: plan.OK}}})
	h.clock.Advance(2 * DefaultSettle)
	h.expect()
}

// Edited again while its render is in flight: the batch completes, and the
// new version renders after it, settled in its turn.
func TestDraftsEditDuringRender(t *testing.T) {
	h := newDrafts(t, 100, true)
	h.save("a", "b")
	h.during = func() { h.save("a") }
	h.clock.Advance(DefaultSettle)
	h.expect("a,b")
	h.clock.Advance(DefaultSettle)
	h.expect("a,b", "a")
}

// The budget: a batch that would take the session past it is not
// rendered, and rendering stops for the session with a notice.
func TestDraftsBudgetStopsRendering(t *testing.T) {
	h := newDrafts(t, 5, true)
	h.save("a")
	h.clock.Advance(DefaultSettle)
	h.save("b")
	h.clock.Advance(DefaultSettle)
	h.save("c")
	h.clock.Advance(DefaultSettle)
	h.expect("a")
	if len(h.notices) != 1 || !strings.Contains(h.notices[0], "rendering stopped") || !strings.Contains(h.notices[0], "budget of $5.00") {
		t.Errorf("notices %q", h.notices)
	}
	if h.d.Spent() != 3 {
		t.Errorf("spent %v, want 3", h.d.Spent())
	}
}

// The session's spend counts only the creates the provider took as new
// jobs: a create that was never sent, one refused, and one the provider
// answered with an earlier create's job (a replay) cost nothing, and do
// not bring the budget's end nearer.
func TestDraftsBudgetCountsOnlyAcceptedCreates(t *testing.T) {
	h := newDrafts(t, 5, true)
	notSent := errors.New("create: the create was not sent (dial tcp: lookup api.heygen.com: no such host): nothing was charged; the next run sends it")
	refused := errors.New("create: heygen/v3 create video: 400 invalid_parameter: voice not found")
	h.outcome = func(ids []string) render.Result {
		switch id := ids[0]; id {
		case "a":
			return render.Result{Failed: map[string]error{id: notSent}}
		case "b":
			return render.Result{Failed: map[string]error{id: refused}}
		case "c": // replayed: done, nothing charged
			return render.Result{Done: ids, Fetched: 1}
		}
		return render.Result{Done: ids, Rendered: 1, SpentUSD: 3, Charges: map[string]float64{ids[0]: 3}}
	}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		h.save(id)
		h.clock.Advance(DefaultSettle)
	}
	h.expect("a", "b", "c", "d")
	if h.d.Spent() != 3 {
		t.Errorf("spent %v, want 3: the one create the provider took", h.d.Spent())
	}
	if len(h.notices) != 1 || !strings.Contains(h.notices[0], "rendering stopped: e ") || !strings.Contains(h.notices[0], "from $3.00") {
		t.Errorf("notices %q, want rendering stopped at e after $3.00", h.notices)
	}
}

// A render whose price is unknown cannot be held to the session's budget:
// it is not rendered, and rendering stops, saying what to set; without a
// budget it is a paid render like any other, and needs one.
func TestDraftsRefuseAnUnknownCost(t *testing.T) {
	h := newDrafts(t, 100, true)
	h.unpriced = map[string]bool{"g": true}
	h.save("g")
	h.clock.Advance(DefaultSettle)
	h.save("a")
	h.clock.Advance(DefaultSettle)
	h.expect()
	if len(h.notices) != 1 || !strings.Contains(h.notices[0], "rendering stopped: g: ") || !strings.Contains(h.notices[0], "set pricing.gmi in reel.yaml") {
		t.Errorf("notices %q", h.notices)
	}
	h = newDrafts(t, 0, false)
	h.unpriced = map[string]bool{"g": true}
	h.save("g")
	h.clock.Advance(DefaultSettle)
	h.expect()
	if len(h.notices) != 1 || !strings.Contains(h.notices[0], "no budget") {
		t.Errorf("without a budget: notices %q", h.notices)
	}
}

// A video that turned paid (its provider edited) without a session
// budget is not rendered, with a notice.
func TestDraftsPaidNeedsBudget(t *testing.T) {
	h := newDrafts(t, 0, false)
	h.save("a")
	h.clock.Advance(DefaultSettle)
	h.expect()
	if len(h.notices) != 1 || !strings.Contains(h.notices[0], "no budget") {
		t.Errorf("notices %q", h.notices)
	}
}

// Another reel holds the project: the drafts wait, saying so once.
func TestDraftsWaitForAnotherReel(t *testing.T) {
	h := newDrafts(t, 10, true)
	h.busy = true
	h.save("a")
	h.clock.Advance(DefaultSettle)
	h.clock.Advance(DefaultSettle)
	h.expect()
	h.busy = false
	h.clock.Advance(DefaultSettle)
	h.expect("a")
	if len(h.notices) != 1 || !strings.Contains(h.notices[0], "another reel") {
		t.Errorf("notices %q", h.notices)
	}
}

// What was pending at start may be every video of a project: a notice
// names the first few of a batch, and how many more.
func TestDraftsBudgetNoticeNamesAFew(t *testing.T) {
	h := newDrafts(t, 5, true)
	h.save("a", "b", "c", "d", "e", "f", "g")
	h.clock.Advance(DefaultSettle)
	h.expect()
	want := "rendering stopped: 7 videos: a, b, c, d, e and 2 more ($21.00 for ~0:00) would take this session's spend from $0.00 past its budget of $5.00"
	if len(h.notices) != 1 || !strings.HasPrefix(h.notices[0], want) {
		t.Errorf("notices %q\nwant %q…", h.notices, want)
	}
}
