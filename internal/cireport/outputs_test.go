package cireport_test

import (
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/actionrun"
	"github.com/reel-dev/reel/internal/cireport"
)

// TestOutputsRoundTrip checks that the runner reads back every value as
// written: one line or several, holding = or <<, or a line that looks
// like a delimiter.
func TestOutputsRoundTrip(t *testing.T) {
	values := []string{
		"3",
		"",
		"a=b<<c",
		"x<<EOF",
		"one\ntwo\nthree",
		"EOF\nghadelimiter_\nname=forged",
		"shorts/launch\nsocial/teaser",
	}
	var outs []cireport.Output
	for i, v := range values {
		outs = append(outs, cireport.Output{Name: "v" + string(rune('a'+i)), Value: v})
	}
	var b strings.Builder
	if err := cireport.WriteOutputs(&b, outs); err != nil {
		t.Fatal(err)
	}
	got, err := actionrun.ParseEnvFile(b.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(got) != len(outs) {
		t.Errorf("the runner reads %d outputs, want %d:\n%s", len(got), len(outs), b.String())
	}
	for _, o := range outs {
		if got[o.Name] != o.Value {
			t.Errorf("%s: the runner reads %q, want %q", o.Name, got[o.Name], o.Value)
		}
	}
}

// TestOutputsDelimiterInValue checks values holding a delimiter a value
// was given: the runner still reads each whole (a fixed delimiter would
// end it early).
func TestOutputsDelimiterInValue(t *testing.T) {
	var first strings.Builder
	if err := cireport.WriteOutputs(&first, []cireport.Output{{Name: "v", Value: "a\nb"}}); err != nil {
		t.Fatal(err)
	}
	delim := strings.TrimPrefix(strings.SplitN(first.String(), "\n", 2)[0], "v<<")
	for range 3 {
		value := "a\n" + delim
		var b strings.Builder
		if err := cireport.WriteOutputs(&b, []cireport.Output{{Name: "v", Value: value}}); err != nil {
			t.Fatal(err)
		}
		got, err := actionrun.ParseEnvFile(b.String())
		if err != nil || got["v"] != value {
			t.Fatalf("the runner reads %q (%v), want %q:\n%s", got["v"], err, value, b.String())
		}
		delim = strings.TrimPrefix(strings.SplitN(b.String(), "\n", 2)[0], "v<<")
	}
}

func TestOutputsRefuseBadNames(t *testing.T) {
	for _, name := range []string{"", "a=b", "a<<b", "a b", "a\nb"} {
		if err := cireport.WriteOutputs(&strings.Builder{}, []cireport.Output{{Name: name, Value: "x"}}); err == nil {
			t.Errorf("name %q: no error", name)
		}
	}
}

// TestPlanOutputs checks the counts, the cost and the flags a workflow
// reads from a plan.
func TestPlanOutputs(t *testing.T) {
	var b strings.Builder
	if err := cireport.WriteOutputs(&b, cireport.PlanOutputs(examplePlan())); err != nil {
		t.Fatal(err)
	}
	got, err := actionrun.ParseEnvFile(b.String())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"to-create": "1", "to-rerender": "3", "to-download": "1", "in-flight": "0", "up-to-date": "1", "orphaned": "1",
		"cost": "18.00", "credits": "18", "seconds": "150",
		"paid-pending": "true", "pending": "true", "over-budget": "false",
		"summary": "Plan: 1 to create, 3 to re-render, 1 to download, 1 up to date, 1 orphaned. Estimated cost: $18.00 (18 credits) for ~2:30.",
		"videos":  "onboarding/welcome\nshorts/launch\nshorts/recap\nx|`@octocat`|y",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d outputs, want %d: %v", len(got), len(want), got)
	}
}

// TestPlanOutputsFlags checks paid-pending and over-budget at their edges:
// free renders (the sandbox's) pay nothing; the budget is a most.
func TestPlanOutputsFlags(t *testing.T) {
	cases := []struct {
		name       string
		plan       cireport.Plan
		paid, over string
	}{
		{"sandbox renders", cireport.Plan{Rows: []cireport.Row{{Video: "a", Action: cireport.Render}}}, "false", "false"},
		{"at the budget", cireport.Plan{Budget: ptr(6), Total: cireport.Cost{USD: 6}, Rows: []cireport.Row{{Video: "a", Action: cireport.Create}}}, "true", "false"},
		{"over the budget", cireport.Plan{Budget: ptr(6), Total: cireport.Cost{USD: 6.01}, Rows: []cireport.Row{{Video: "a", Action: cireport.Create}}}, "true", "true"},
		{"lower bound", cireport.Plan{Total: cireport.Cost{Unknown: true}, Rows: []cireport.Row{{Video: "a", Action: cireport.Create}}}, "true", "false"},
		{"downloads only", cireport.Plan{Rows: []cireport.Row{{Video: "a", Action: cireport.Download}}}, "false", "false"},
	}
	for _, c := range cases {
		outs := map[string]string{}
		for _, o := range cireport.PlanOutputs(c.plan) {
			outs[o.Name] = o.Value
		}
		if outs["paid-pending"] != c.paid || outs["over-budget"] != c.over {
			t.Errorf("%s: paid-pending=%s over-budget=%s, want %s and %s", c.name, outs["paid-pending"], outs["over-budget"], c.paid, c.over)
		}
	}
}
