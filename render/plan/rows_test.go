package plan

import (
	"bytes"
	"strings"
	"testing"
)

// rowActions is a plan of a manifest with 5 rows (3 changed, 1 new) and
// a removed row's orphan, beside a plain video.
func rowActions() *Plan {
	usd := func(d float64) Cost { return Cost{Seconds: 30, USD: d} }
	p := &Plan{Actions: []Action{
		{ID: "intro", Kind: Render, Reason: "changed: title", Cost: usd(1)},
		{ID: "welcome@a", Kind: Render, Group: "welcome", Reason: "changed: scenes[0].script", Cost: usd(3)},
		{ID: "welcome@b", Kind: OK, Group: "welcome", Reason: "up to date"},
		{ID: "welcome@c", Kind: Render, Group: "welcome", Reason: "changed: scenes[0].script", Cost: usd(3)},
		{ID: "welcome@d", Kind: Create, Group: "welcome", Reason: "new video", Cost: usd(3)},
		{ID: "welcome@e", Kind: Render, Group: "welcome", Reason: "changed: title", Cost: usd(3)},
		{ID: "welcome@gone", Kind: Orphan, Reason: "in reel.lock but no manifest: its output is kept"},
	}}
	for _, a := range p.Actions {
		if a.Kind.Paid() {
			p.Total = p.Total.Add(a.Cost)
		}
	}
	return p
}

func TestPrintGroupsRows(t *testing.T) {
	var b bytes.Buffer
	Print(&b, rowActions(), Options{})
	want := `~ render   intro         changed: title  $1.00 for ~0:30
+ create   welcome       1 of 5 rows new  $3.00 for ~0:30
~ render   welcome       3 of 5 rows changed  $9.00 for ~1:30
- orphan   welcome@gone  in reel.lock but no manifest: its output is kept

Plan: 1 to create, 4 to re-render, 1 up to date, 1 orphaned. Estimated cost: $13.00 for ~2:30.
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	for _, o := range []Options{{All: true}, {Diff: true}} {
		b.Reset()
		Print(&b, rowActions(), o)
		if !strings.Contains(b.String(), "~ render   welcome@e") || strings.Contains(b.String(), "rows changed") {
			t.Errorf("%+v lists each video:\n%s", o, b.String())
		}
	}
}

// TestPrintGroupsFromSizes: a plan known by its head and its pending
// actions counts each group's videos through Sizes; a group with locales
// counts videos, not rows; a sandbox render says so.
func TestPrintGroupsFromSizes(t *testing.T) {
	acts := []Action{
		{ID: "welcome@a@es", Kind: Render, Group: "welcome", Reason: "changed: voice" + InSandbox},
		{ID: "welcome@b@es", Kind: Render, Group: "welcome", Reason: "changed: voice" + InSandbox},
	}
	var b bytes.Buffer
	PrintHead(&b, acts, Head{Counts: map[Kind]int{Render: 2, OK: 1498}}, Options{Sizes: func(g string) (int, bool) { return 1500, true }})
	if got, want := strings.SplitN(b.String(), "\n", 2)[0], "~ render   welcome  2 of 1500 videos changed (in the sandbox)  $0.00 for ~0:00"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestGroupSurvivesTheSnapshot: an action read back from the snapshot
// keeps its group.
func TestGroupSurvivesTheSnapshot(t *testing.T) {
	a := rowActions().Actions[1]
	back, err := DecodeAction(a.ID, a.Kind, EncodeAction(a))
	if err != nil || back.Group != "welcome" {
		t.Errorf("decoded %+v, %v", back, err)
	}
}
