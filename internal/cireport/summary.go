package cireport

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// SummaryLimit is the most a step may write to $GITHUB_STEP_SUMMARY
// (GitHub refuses a larger one); a summary is cut to fit well below it.
const SummaryLimit = 1 << 20

// PlanSummary writes a plan for $GITHUB_STEP_SUMMARY: a heading, the
// plan's summary line and budget, and a table of the videos with work to
// do (video, action, reason, estimated cost) ending with the total.
func PlanSummary(w io.Writer, where Where, p Plan) error {
	var b strings.Builder
	b.WriteString("### " + heading("reel plan", where) + "\n\n")
	b.WriteString(ours(p.Summary()) + "\n")
	if line := budgetLine(p); line != "" {
		b.WriteString("\n" + line + "\n")
	}
	b.WriteString(planTable(p, SummaryLimit*3/4, "run `reel plan` to list them"))
	_, err := io.WriteString(w, b.String())
	return err
}

// heading is a title, with the project's folder when it is not the
// repository's root.
func heading(title string, where Where) string {
	if dir := where.ProjectDir(); dir != "" && dir != "." {
		return title + " in " + mdCode(dir)
	}
	return title
}

// budgetLine says how the estimate stands against the budget, or nothing
// without a budget.
func budgetLine(p Plan) string {
	if p.Budget == nil {
		return ""
	}
	budget := fmt.Sprintf("\\$%.2f", *p.Budget)
	if p.Total.Unpriced != "" {
		return unpricedLine(p.Total.Unpriced, budget)
	}
	if p.OverBudget() {
		return fmt.Sprintf("**Over budget:** the estimate, \\$%.2f, is more than the budget of %s. Render fewer videos at once, or raise the budget (`budget.max_usd` in `reel.yaml`, or the action's `budget`).", p.Total.USD, budget)
	}
	return "Within the budget of " + budget + "."
}

// unpricedLine says that renders of unknown price cannot be held to the
// budget, and what to set.
func unpricedLine(unpriced, budget string) string {
	names := strings.Split(unpriced, ",")
	fields := make([]string, len(names))
	for i, n := range names {
		fields[i] = mdCode("pricing." + n)
	}
	return fmt.Sprintf("**Over budget:** no price is known for %s, so the estimate cannot be held to the budget of %s: set %s in `reel.yaml`.",
		mdText(strings.Join(names, " and ")), budget, strings.Join(fields, " and "))
}

// planTable is the table of the rows with work to do, and the total, as
// long as it stays under limit bytes; the rows left out are counted in a
// line that says how to see them. A plan with no work has no table: the
// summary line says so, and an empty one shows as a bare header.
func planTable(p Plan, limit int, more string) string {
	if !slices.ContainsFunc(p.Rows, hasWork) {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n| | video | action | reason | estimated cost |\n|:-:|---|---|---|--:|\n")
	left := 0
	for _, r := range p.Rows {
		if !hasWork(r) {
			continue
		}
		row := fmt.Sprintf("| %s | %s | %s | %s | %s |\n", symbol(r.Action), cellCode(r.Video), mdText(r.Action), mdText(r.Reason), rowCost(r))
		if left > 0 || b.Len()+len(row) > limit {
			left++
			continue
		}
		b.WriteString(row)
	}
	if p.Paid() {
		fmt.Fprintf(&b, "| | **total** | | | **%s** |\n", ours(p.Total.String()))
	}
	if left > 0 {
		fmt.Fprintf(&b, "\n%s more %s not shown: %s.\n", strconv.Itoa(left), plural(left, "video"), more)
	}
	return b.String()
}

func rowCost(r Row) string {
	if !paid(r.Action) {
		return ""
	}
	return ours(r.Cost.String())
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// ValidationSummary writes a validation for $GITHUB_STEP_SUMMARY: how
// many errors in how many files, and a table of every error (file from
// the repository's root, line, column, field, message). GitHub shows only
// the first few annotations of a step on the pull request; the summary
// lists them all.
func ValidationSummary(w io.Writer, where Where, v Validation) error {
	var b strings.Builder
	b.WriteString("### " + heading("reel validate", where) + "\n\n")
	b.WriteString(validationLine(v) + "\n")
	if len(v.Problems) > 0 {
		b.WriteString(problemTable(where, v.Problems, SummaryLimit*3/4))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// validationLine counts the errors and the files they are in.
func validationLine(v Validation) string {
	manifests := fmt.Sprintf("%d %s", len(v.Files), plural(len(v.Files), "manifest"))
	if len(v.Problems) == 0 {
		return manifests + ", no errors."
	}
	files := map[string]bool{}
	for _, p := range v.Problems {
		files[p.File] = true
	}
	return fmt.Sprintf("%d %s in %d %s (of %s).", len(v.Problems), plural(len(v.Problems), "error"), len(files), plural(len(files), "file"), manifests)
}

func problemTable(where Where, problems []Problem, limit int) string {
	var b strings.Builder
	b.WriteString("\n| file | line | column | field | error |\n|---|--:|--:|---|---|\n")
	left := 0
	for _, p := range problems {
		path, _ := where.Path(p.File)
		row := fmt.Sprintf("| %s | %s | %s | %s | %s |\n", cellCode(path), number(p.Line), number(p.Col), cellCode(p.Field), mdText(p.Message))
		if left > 0 || b.Len()+len(row) > limit {
			left++
			continue
		}
		b.WriteString(row)
	}
	if left > 0 {
		fmt.Fprintf(&b, "\n%d more %s not shown: run `reel validate` to list them.\n", left, plural(left, "error"))
	}
	return b.String()
}

func number(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}
