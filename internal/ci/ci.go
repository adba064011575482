// Package ci is what a reel command tells the CI system it runs in,
// besides its text: on GitHub Actions its annotations, log groups, step
// summary and outputs; anywhere, plan's pull request comment (--format
// markdown) and validate's JUnit XML (--format junit). It turns reel's
// errors and plans into internal/cireport's terms, which writes them.
package ci

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"

	"github.com/reel-dev/reel/internal/cireport"
	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/english"
)

// ReleaseTag is the tag of reel's next release: the version the action
// installs (action.yml's version input) and that reel version reports
// once installed at it. The first release must carry this tag.
const ReleaseTag = "v0.1.0"

// Output formats of --format.
const (
	Text     = "text"
	Markdown = "markdown" // plan: the pull request comment
	JUnit    = "junit"    // validate: for GitLab, Jenkins, Azure
)

// Formats are the --format values of each command that has the flag, text
// (the default) first.
var Formats = map[string][]string{
	"plan":     {Text, Markdown},
	"validate": {Text, JUnit},
}

// GitHubActions reports whether reel runs as a step of GitHub Actions,
// the only place it writes GitHub's channels: annotations, log groups,
// the step summary and outputs.
func GitHubActions() bool { return os.Getenv("GITHUB_ACTIONS") == "true" }

// Flags are the flags of CI a command takes: --format, and plan's
// --max-cost.
type Flags struct {
	Format  string
	MaxCost *float64   // nil: reel.yaml's budget
	json    *flag.Flag // the command's --json, if it has one
}

// Define registers --format, with the values Formats lists for the command
// of fs; any other format is a usage error that lists them.
func (f *Flags) Define(fs *flag.FlagSet) {
	f.Format, f.json = Text, fs.Lookup("json")
	all := Formats[fs.Name()]
	fs.Func("format", "print the result as `FORMAT`: "+english.Or(all)+" (default text)", func(s string) error {
		if !slices.Contains(all, s) {
			return cli.OneOf("format", s, all...)
		}
		f.Format = s
		return nil
	})
}

// DefineMaxCost registers plan's --max-cost, the budget a plan is held to
// in place of reel.yaml's.
func (f *Flags) DefineMaxCost(fs *flag.FlagSet) {
	fs.Func("max-cost", "hold the estimate to `USD` (default budget.max_usd): over it, the plan says so and its over-budget output is true", func(s string) error {
		usd, err := parseUSD(s)
		f.MaxCost = &usd
		return err
	})
}

// USDVar registers a --max-cost that takes an amount in USD, zero or
// more, into *usd, left at -1 when the flag is not given: render's and
// watch's, which default to reel.yaml's budget. A negative amount is
// refused, not taken for "not given".
func USDVar(fs *flag.FlagSet, usd *float64, usage string) {
	*usd = -1
	fs.Func("max-cost", usage, func(s string) error {
		v, err := parseUSD(s)
		*usd = v
		return err
	})
}

// parseUSD is a budget in dollars: a number, zero or more.
func parseUSD(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, cli.Want("an amount in USD, e.g. 25 or 12.50")
	}
	return f, nil
}

// Conflict refuses --json together with a --format other than text.
func (f *Flags) Conflict() error {
	if f.json != nil && f.json.Value.String() == "true" && f.Format != Text {
		return cli.Usagef("--json and --format %s each choose the output: give one", f.Format)
	}
	return nil
}

// Budget is the budget a plan is held to: --max-cost, else reel.yaml's
// (max; nil for none).
func (f *Flags) Budget(max *float64) *float64 {
	if f.MaxCost != nil {
		return f.MaxCost
	}
	return max
}

// write appends to the file a GitHub variable names ($GITHUB_OUTPUT,
// $GITHUB_STEP_SUMMARY). A file that cannot be written is a warning on
// stderr: the command's own result stands.
func write(stderr io.Writer, variable string, fill func(io.Writer) error) {
	path := os.Getenv(variable)
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		err = fill(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, cireport.Command("warning", []cireport.Prop{{Name: "title", Value: "reel"}}, "could not write $"+variable+": "+err.Error()))
	}
}
