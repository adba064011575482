package cireport_test

import (
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/cireport"
)

func TestPlanSummary(t *testing.T) {
	var b strings.Builder
	if err := cireport.PlanSummary(&b, where, examplePlan()); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"### reel plan in `site`",
		`| + | ` + "`onboarding/welcome`" + ` | create | new video | \$6.00 (6 credits) for ~0:40 |`,
		`| | **total** | | | **\$18.00 (18 credits) for ~2:30** |`,
		`Within the budget of \$25.00.`,
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("the summary has no line %q", want)
		}
	}
	if strings.Contains(got, "`explainer`") {
		t.Errorf("the summary lists a video that is up to date:\n%s", got)
	}
	golden(t, "summary-plan.golden", got)
}

// TestPlanSummaryNothingToDo: a plan with no work shows no table, not an
// empty one (a header with no rows): its summary line says it all.
func TestPlanSummaryNothingToDo(t *testing.T) {
	p := cireport.Plan{Budget: ptr(25), Rows: []cireport.Row{{Video: "explainer", Action: cireport.OK, Reason: "up to date"}}}
	for name, write := range map[string]func(*strings.Builder) error{
		"summary": func(b *strings.Builder) error { return cireport.PlanSummary(b, where, p) },
		"comment": func(b *strings.Builder) error { return cireport.Comment(b, where, p, "abc1234") },
	} {
		var b strings.Builder
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "| video |") || !strings.Contains(b.String(), "Plan: 1 up to date. Nothing to pay.") {
			t.Errorf("%s of a plan with nothing to do: want its summary line and no table:\n%s", name, b.String())
		}
	}
}

func TestPlanSummaryOverBudget(t *testing.T) {
	p := examplePlan()
	p.Budget = ptr(10)
	var b strings.Builder
	if err := cireport.PlanSummary(&b, cireport.Where{Project: "/p", Repo: "/p"}, p); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `**Over budget:** the estimate, \$18.00, is more than the budget of \$10.00.`) {
		t.Errorf("the summary does not say it is over budget:\n%s", b.String())
	}
	if !strings.HasPrefix(b.String(), "### reel plan\n") {
		t.Errorf("a project at the repository's root is named by its folder:\n%s", b.String())
	}
}

func TestValidationSummary(t *testing.T) {
	v := cireport.Validation{
		Files: []cireport.File{{Path: "videos/a.yaml", Videos: []string{"a"}}, {Path: "videos/b.yaml"}},
		Problems: []cireport.Problem{
			{File: "videos/b.yaml", Line: 4, Col: 14, Field: "scenes[0].emotion", Message: `"Joyful" is not one of Excited, Friendly`},
			{File: "videos/b.yaml", Line: 5, Col: 5, Field: "scenes[1].scrpit", Message: `unknown field; did you mean "script"?`},
		},
	}
	var b strings.Builder
	if err := cireport.ValidationSummary(&b, where, v); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if !strings.Contains(got, "2 errors in 1 file (of 2 manifests).") {
		t.Errorf("the summary does not count the errors:\n%s", got)
	}
	golden(t, "summary-validate.golden", got)
}

// TestSummaryLimit checks that a plan of many videos stays under what
// GitHub takes for a step's summary, and says how many it left out.
func TestSummaryLimit(t *testing.T) {
	p := cireport.Plan{}
	for i := range 40000 {
		p.Rows = append(p.Rows, cireport.Row{Video: strings.Repeat("v", 20) + string(rune('a'+i%26)), Action: cireport.Create, Reason: "new video", Cost: cireport.Cost{USD: 1}})
	}
	var b strings.Builder
	if err := cireport.PlanSummary(&b, where, p); err != nil {
		t.Fatal(err)
	}
	if b.Len() > cireport.SummaryLimit {
		t.Errorf("the summary is %d bytes; GitHub takes %d", b.Len(), cireport.SummaryLimit)
	}
	shown := strings.Count(b.String(), "| + |")
	if shown == 0 || shown == len(p.Rows) {
		t.Fatalf("%d rows shown of %d", shown, len(p.Rows))
	}
	if want := "more videos not shown: run `reel plan` to list them."; !strings.Contains(b.String(), want) {
		t.Errorf("the summary does not say what it left out")
	}
}
