package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/internal/cireport"
	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
)

// This file is what reel tells a CI system: the commands call it through
// one-line hooks, and internal/cireport writes the formats.

// releaseTag is the tag of reel's next release: the version the action
// installs (action.yml's version input) and that reel version reports
// once installed at it. The first release must carry this tag.
const releaseTag = "v0.1.0"

// Output formats of --format.
const (
	formatText     = "text"
	formatMarkdown = "markdown" // plan: the pull request comment
	formatJUnit    = "junit"    // validate: for GitLab, Jenkins, Azure
)

// ciState is what one command reports to CI besides its text: the
// --format asked for, plan's --max-cost, and the errors printed, which
// validate's summary, outputs and JUnit list.
type ciState struct {
	format   string
	maxCost  *float64
	problems []cireport.Problem
}

// githubActions reports whether reel runs as a step of GitHub Actions,
// the only place it writes GitHub's channels: annotations, log groups,
// the step summary and outputs.
func githubActions() bool { return os.Getenv("GITHUB_ACTIONS") == "true" }

// formats are the --format values of each command that has the flag,
// text (the default) first.
var formats = map[string][]string{
	"plan":     {formatText, formatMarkdown},
	"validate": {formatText, formatJUnit},
}

// formatFlag registers --format with the values formats lists for the
// command of fs; any other value is a usage error that lists them.
func (e *env) formatFlag(fs *flag.FlagSet) {
	e.ci.format = formatText
	all := formats[fs.Name()]
	fs.Func("format", "print the result as `FORMAT`: "+english.Or(all)+" (default text)", func(s string) error {
		if !slices.Contains(all, s) {
			return oneOf("format", s, all...)
		}
		e.ci.format = s
		return nil
	})
}

// planCIFlags registers plan's --format (text or markdown) and --max-cost.
func (e *env) planCIFlags(fs *flag.FlagSet) {
	e.formatFlag(fs)
	fs.Func("max-cost", "hold the estimate to `USD` (default budget.max_usd): over it, the plan says so and its over-budget output is true", func(s string) error {
		f, err := parseUSD(s)
		e.ci.maxCost = &f
		return err
	})
}

// parseUSD is a budget in dollars: a number, zero or more.
func parseUSD(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, errors.New("give an amount in USD, such as 25 or 12.50")
	}
	return f, nil
}

// formatConflict refuses --json together with a --format other than text.
func (e *env) formatConflict(asJSON bool) error {
	if asJSON && e.ci.format != formatText {
		return fmt.Errorf("--json and --format %s each choose the output: give one", e.ci.format)
	}
	return nil
}

// ciBudget is the budget a plan is held to: --max-cost, else reel.yaml's
// (max; nil for none).
func (e *env) ciBudget(max *float64) *float64 {
	if e.ci.maxCost != nil {
		return e.ci.maxCost
	}
	return max
}

// budgetWords name the budget a plan is held to, and the render that
// would refuse it: budget.max_usd and reel render, or --max-cost and
// reel render with it.
func (e *env) budgetWords() (name, render string) {
	if e.ci.maxCost == nil {
		return "budget.max_usd", "reel render"
	}
	return "--max-cost", "reel render --max-cost " + strconv.FormatFloat(*e.ci.maxCost, 'f', -1, 64)
}

// ciWhere is where the project sits in the repository: paths from the
// repository's root are what GitHub annotates.
func (e *env) ciWhere() cireport.Where {
	project, err := manifest.Find(e.dir)
	if err != nil {
		project = e.dir
	}
	return cireport.Where{Repo: realPath(repoRoot(project)), Project: realPath(project)}
}

// repoRoot is the repository's root: GITHUB_WORKSPACE on GitHub, else the
// nearest folder from dir up that holds .git (a folder, or a worktree's
// file); "" when there is none.
func repoRoot(dir string) string {
	if ws := os.Getenv("GITHUB_WORKSPACE"); ws != "" && githubActions() {
		return ws
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// realPath is path absolute and with its links resolved, so that a
// workspace and a project reached through different links compare; as it
// came if that fails.
func realPath(path string) string {
	if path == "" {
		return ""
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	return path
}

// ciErrors records the errors reel is about to print, and on GitHub
// annotates them: manifest errors on their file, line and column, any
// other in no file. It prints manifest errors itself, their text in a
// folded group and their count after the annotations, and reports whether
// it did.
func (e *env) ciErrors(err error) bool {
	problems := problemsOf(err)
	e.ci.problems = append(e.ci.problems, problems...)
	if !githubActions() || cireport.Annotate(e.stderr, e.ciWhere(), problems) != nil {
		return false
	}
	errs, ok := err.(manifest.Errors)
	if !ok {
		return false
	}
	var text strings.Builder
	files := map[string]bool{}
	for _, x := range errs {
		fmt.Fprintln(&text, x.Format(e.dir))
		files[x.Pos.File] = true
	}
	count := "reel: " + english.Count(len(errs), "error") + " in " + english.Count(len(files), "file")
	cireport.Group(e.stderr, count+" (file:line:col)", text.String())
	fmt.Fprintln(e.stderr, count)
	return true
}

// problemsOf is err as CI problems: one per manifest error, at its place;
// any other error, in no file.
func problemsOf(err error) []cireport.Problem {
	errs, ok := err.(manifest.Errors)
	if !ok {
		return []cireport.Problem{{Message: err.Error()}}
	}
	out := make([]cireport.Problem, len(errs))
	for i, x := range errs {
		out[i] = cireport.Problem{File: x.Pos.File, Line: x.Pos.Line, Col: x.Pos.Col, Field: x.Field, Message: x.Msg}
	}
	return out
}

// ciValidated reports a validation: on GitHub, its summary and outputs;
// with --format junit, its JUnit XML on stdout. It reports whether it
// printed the result (junit), so validate prints nothing more.
func (e *env) ciValidated(set *manifest.Set) bool {
	v := cireport.Validation{Files: validatedFiles(set), Problems: e.ci.problems}
	where := e.ciWhere()
	if githubActions() {
		e.ciWrite("GITHUB_STEP_SUMMARY", func(w io.Writer) error { return cireport.ValidationSummary(w, where, v) })
		e.ciWrite("GITHUB_OUTPUT", func(w io.Writer) error { return cireport.WriteOutputs(w, cireport.ValidationOutputs(v)) })
	}
	if e.ci.format != formatJUnit {
		return false
	}
	if err := cireport.JUnit(e.stdout, where, v); err != nil {
		e.fail(err)
	}
	return true
}

// validatedFiles are the manifests a validation read, each with the ids
// of the videos it defines.
func validatedFiles(set *manifest.Set) []cireport.File {
	if set == nil {
		return nil
	}
	videos := map[string][]string{}
	for _, v := range set.Videos {
		videos[v.File] = append(videos[v.File], v.ID)
	}
	for path := range set.Sums {
		if _, ok := videos[path]; !ok {
			videos[path] = nil
		}
	}
	paths := make([]string, 0, len(videos))
	for p := range videos {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	files := make([]cireport.File, len(paths))
	for i, p := range paths {
		files[i] = cireport.File{Path: p, Videos: videos[p]}
	}
	return files
}

// ciPlanned reports a plan on GitHub: its table in the step summary, its
// counts, cost and flags in the step outputs. max is reel.yaml's budget.
func (e *env) ciPlanned(p *plan.Plan, max *float64) {
	if !githubActions() || e.ci.format == formatMarkdown {
		return
	}
	r, where := planReport(p, e.ciBudget(max)), e.ciWhere()
	e.ciWrite("GITHUB_STEP_SUMMARY", func(w io.Writer) error { return cireport.PlanSummary(w, where, r) })
	e.ciWrite("GITHUB_OUTPUT", func(w io.Writer) error { return cireport.WriteOutputs(w, cireport.PlanOutputs(r)) })
}

// ciCached is ciPlanned for a render that found nothing to do in the
// snapshot: the plan read from it, held to --max-cost (flag, negative for
// none) or reel.yaml's budget.
func (e *env) ciCached(c *planner.Cached, flag float64) {
	if !githubActions() {
		return
	}
	p, err := c.Plan()
	if err != nil {
		return // the run goes on; the summary is only missing
	}
	p.DropOrphans()
	max := c.Head.MaxUSD
	if flag >= 0 {
		max = &flag
	}
	e.ciPlanned(p, max)
}

// renderBudget is render's budget as ciPlanned takes it: --max-cost
// (flag, negative for none), else budget.max_usd; nil for none.
func renderBudget(p *manifest.Project, flag float64) *float64 {
	if limit, ok := budget(p, flag); ok {
		return &limit
	}
	return nil
}

// ciFold holds a plan's text on GitHub until the command ends, then
// writes it with a long listing folded (cireport.FoldListing). Call the
// function it returns when the command ends.
func (e *env) ciFold() func() {
	if !githubActions() || e.json != nil || e.ci.format != formatText {
		return func() {}
	}
	out := e.stdout
	var held bytes.Buffer
	e.stdout = &held
	return func() {
		e.stdout = out
		cireport.FoldListing(out, held.String(), "Plan: ")
	}
}

// ciComment prints plan --format markdown: the pull request comment. It
// reports whether it did, so plan prints nothing more.
func (e *env) ciComment(p *plan.Plan, max *float64) bool {
	if e.ci.format != formatMarkdown {
		return false
	}
	commit := ""
	if githubActions() {
		commit = plannedCommit()
		commit = commit[:min(len(commit), 7)]
	}
	if err := cireport.Comment(e.stdout, e.ciWhere(), planReport(p, e.ciBudget(max)), commit); err != nil {
		e.fail(err)
	}
	return true
}

// plannedCommit is the commit a plan on GitHub is of: a pull request's
// head, which its reviewer sees (GITHUB_SHA is then a merge commit no one
// pushed), read from the event GitHub saved; else GITHUB_SHA.
func plannedCommit() string {
	var event struct {
		PullRequest struct {
			Head struct {
				SHA string `json:"sha"`
			} `json:"head"`
		} `json:"pull_request"`
	}
	if path := os.Getenv("GITHUB_EVENT_PATH"); path != "" {
		if data, err := os.ReadFile(path); err == nil && json.Unmarshal(data, &event) == nil && event.PullRequest.Head.SHA != "" {
			return event.PullRequest.Head.SHA
		}
	}
	return os.Getenv("GITHUB_SHA")
}

// planReport is a plan as cireport takes it.
func planReport(p *plan.Plan, budget *float64) cireport.Plan {
	r := cireport.Plan{Total: costReport(p.Total), Budget: budget}
	for _, a := range p.Actions {
		row := cireport.Row{Video: a.ID, Action: string(a.Kind), Reason: a.Reason}
		if a.Kind.Paid() {
			row.Cost = costReport(a.Cost)
		}
		for _, c := range a.Changes {
			row.Changes = append(row.Changes, cireport.Change{Field: c.Field, Request: c.Request, Old: c.Old, New: c.New})
		}
		r.Rows = append(r.Rows, row)
	}
	return r
}

func costReport(c plan.Cost) cireport.Cost {
	return cireport.Cost{USD: c.USD, Credits: c.Credits, Seconds: c.Seconds, Unknown: c.Unknown, Unpriced: c.Unpriced}
}

// ciWrite appends to the file a GitHub variable names ($GITHUB_OUTPUT,
// $GITHUB_STEP_SUMMARY). A file that cannot be written is a warning: the
// command's own result stands.
func (e *env) ciWrite(variable string, write func(io.Writer) error) {
	path := os.Getenv(variable)
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(e.stderr, cireport.Command("warning", []cireport.Prop{{Name: "title", Value: "reel"}}, "could not write $"+variable+": "+err.Error()))
	}
}
