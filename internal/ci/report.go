package ci

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-dev/reel/internal/cireport"
	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
)

// Report is what one command reports to CI: its flags, and the errors it
// printed, which validate's summary, outputs and JUnit list.
type Report struct {
	Flags
	Dir      string    // the folder reel runs in
	Stderr   io.Writer // where annotations, groups and warnings go
	problems []cireport.Problem
}

// Where is where the project sits in the repository: paths from the
// repository's root are what GitHub annotates.
func (r *Report) Where() cireport.Where {
	project, err := manifest.Find(r.Dir)
	if err != nil {
		project = r.Dir
	}
	return cireport.Where{Repo: realPath(repoRoot(project)), Project: realPath(project)}
}

// repoRoot is the repository's root: GITHUB_WORKSPACE on GitHub, else the
// nearest folder from dir up that holds .git (a folder, or a worktree's
// file); "" when there is none.
func repoRoot(dir string) string {
	if ws := os.Getenv("GITHUB_WORKSPACE"); ws != "" && GitHubActions() {
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

// realPath is name absolute and with its links resolved, so that a
// workspace and a project reached through different links compare; as it
// came if that fails.
func realPath(name string) string {
	if name == "" {
		return ""
	}
	if abs, err := filepath.Abs(name); err == nil {
		name = abs
	}
	if resolved, err := filepath.EvalSymlinks(name); err == nil {
		return resolved
	}
	return name
}

// Errors records the errors reel is about to print, and on GitHub
// annotates them: manifest errors on their file, line and column, any
// other in no file. It prints manifest errors itself, their text in a
// folded group and their count after the annotations, and reports whether
// it did.
func (r *Report) Errors(err error) bool {
	problems := problemsOf(err)
	r.problems = append(r.problems, problems...)
	if !GitHubActions() || cireport.Annotate(r.Stderr, r.Where(), problems) != nil {
		return false
	}
	errs, ok := err.(manifest.Errors)
	if !ok {
		return false
	}
	var text strings.Builder
	files := map[string]bool{}
	for _, x := range errs {
		fmt.Fprintln(&text, x.Format(r.Dir))
		files[x.Pos.File] = true
	}
	count := "reel: " + english.Count(len(errs), "error") + " in " + english.Count(len(files), "file")
	cireport.Group(r.Stderr, count+" (file:line:col)", text.String())
	fmt.Fprintln(r.Stderr, count)
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

// Validated reports a validation of set (nil when none was read): on
// GitHub, its summary and outputs; with --format junit, its JUnit XML on
// stdout. It reports whether it printed the result (junit), so validate
// prints nothing more.
func (r *Report) Validated(stdout io.Writer, set *manifest.Set) (bool, error) {
	v := cireport.Validation{Files: validatedFiles(set), Problems: r.problems}
	where := r.Where()
	if GitHubActions() {
		write(r.Stderr, "GITHUB_STEP_SUMMARY", func(w io.Writer) error { return cireport.ValidationSummary(w, where, v) })
		write(r.Stderr, "GITHUB_OUTPUT", func(w io.Writer) error { return cireport.WriteOutputs(w, cireport.ValidationOutputs(v)) })
	}
	if r.Format != JUnit {
		return false, nil
	}
	return true, cireport.JUnit(stdout, where, v)
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
	for name := range set.Sums {
		if _, ok := videos[name]; !ok {
			videos[name] = nil
		}
	}
	names := make([]string, 0, len(videos))
	for name := range videos {
		names = append(names, name)
	}
	slices.Sort(names)
	files := make([]cireport.File, len(names))
	for i, name := range names {
		files[i] = cireport.File{Path: name, Videos: videos[name]}
	}
	return files
}

// Planned reports a plan on GitHub: its table in the step summary, its
// counts, cost and flags in the step outputs. max is reel.yaml's budget.
func (r *Report) Planned(p *plan.Plan, max *float64) {
	if !GitHubActions() || r.Format == Markdown {
		return
	}
	report, where := planReport(p, r.Budget(max)), r.Where()
	write(r.Stderr, "GITHUB_STEP_SUMMARY", func(w io.Writer) error { return cireport.PlanSummary(w, where, report) })
	write(r.Stderr, "GITHUB_OUTPUT", func(w io.Writer) error { return cireport.WriteOutputs(w, cireport.PlanOutputs(report)) })
}

// Fold holds a plan's text on GitHub until the command ends, then writes
// it to *stdout with a long listing folded (cireport.FoldListing). Call the
// function it returns when the command ends.
func (r *Report) Fold(stdout *io.Writer, asJSON bool) func() {
	if !GitHubActions() || asJSON || r.Format != Text {
		return func() {}
	}
	out := *stdout
	var held bytes.Buffer
	*stdout = &held
	return func() {
		*stdout = out
		cireport.FoldListing(out, held.String(), "Plan: ")
	}
}

// Comment prints plan --format markdown, the pull request comment, and
// reports whether it did, so plan prints nothing more.
func (r *Report) Comment(stdout io.Writer, p *plan.Plan, max *float64) (bool, error) {
	if r.Format != Markdown {
		return false, nil
	}
	commit := ""
	if GitHubActions() {
		commit = plannedCommit()
		commit = commit[:min(len(commit), 7)]
	}
	return true, cireport.Comment(stdout, r.Where(), planReport(p, r.Budget(max)), commit)
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
	if name := os.Getenv("GITHUB_EVENT_PATH"); name != "" {
		if data, err := os.ReadFile(name); err == nil && json.Unmarshal(data, &event) == nil && event.PullRequest.Head.SHA != "" {
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
