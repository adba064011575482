// Command reel is make for avatar videos: it validates YAML video manifests,
// renders only the videos whose request changed, and records what came out.
//
// This package is the command line only: this file holds the command
// table, the global flags, what every command runs with, and the exit
// codes, which errors become in one place (env.exit). Each command is one
// value in a file named after it (its name, usage, help, flags and run),
// as cmd/go's base.Command is: it parses its flags, calls the packages
// that do the work and prints.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/reel-dev/reel/internal/ci"
	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/gctune"
	"github.com/reel-dev/reel/internal/jsonout"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/preview"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/render/provider/registry"
)

// command is one command of reel (see cli.Command).
type command = cli.Command[*env]

// commands is the table of commands, in the order reel help lists them.
var commands = &cli.Table[*env]{
	Global:   (*env).globalFlags,
	Shared:   []string{"C", "provider", "color"},
	Footer:   "\nGlobal flags, before or after the command: -C dir, --provider name,\n--color when (see reel help).\n",
	JSONMode: (*env).jsonMode,
}

func init() {
	commands.Commands = []*command{initCommand, validateCommand, planCommand, renderCommand, previewCommand, reviewCommand, watchCommand, fetchCommand, forgetCommand,
		lockCommand, statusCommand, gcCommand, voicesCommand, avatarsCommand, schemaCommand, versionCommand, completionCommand, helpCommand, completeCommand}
}

func main() {
	os.Exit(cli.Profiled(func() int { return run(os.Args[1:], os.Stdout, os.Stderr) }))
}

// run runs reel with args and returns its exit code.
func run(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, ci: &ci.Report{Stderr: stderr}}
	code := e.exit(e.run(args))
	e.json.Finish()
	return code
}

// env is what every command runs with: its streams and the global flags.
type env struct {
	stdout, stderr io.Writer
	provider       string   // --provider
	sandbox        *bool    // --sandbox, --sandbox=false; --provider sandbox is --sandbox. nil: as reel.yaml says
	color          string   // --color: auto, always or never
	dir            string   // the folder reel runs in, after -C
	cmd            *command // the command running

	json   *jsonout.Out   // stdout under --json; nil without
	shared *render.Shared // reel.yaml's store, once opened (store.go)
	ci     *ci.Report     // what the command reports to CI
	test   bool           // render --test: plans test renders (rendertests.go)
	// offline is --offline: the store is left out (store.go)
	offline bool
}

// run parses the global flags, changes folder and runs one command.
func (e *env) run(args []string) error {
	e.dir, _ = os.Getwd()
	e.ci.Dir = e.dir
	fs, version := e.rootFlags()
	rest, err := cli.Parse(fs, args, true)
	switch {
	case errors.Is(err, cli.ErrHelp):
		printUsage(e.stdout)
		return nil
	case err != nil:
		return err
	case *version:
		return runVersion(e, nil, nil)
	}
	if len(rest) == 0 {
		printUsage(e.stderr)
		return errUsageShown
	}
	c, ok := commands.Lookup(rest[0])
	if !ok {
		return commands.Unknown(rest[0])
	}
	e.cmd = c
	return commands.Run(e, c, rest[1:], e.stdout)
}

// rootFlags are reel's own flags, before the command: -C, --version and
// the global flags.
func (e *env) rootFlags() (fs *flag.FlagSet, version *bool) {
	fs = flag.NewFlagSet("reel", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	version = fs.Bool("version", false, "")
	e.globalFlags(fs)
	return fs, version
}

// globalFlags registers the flags every command also accepts after its
// name (reel voices --provider sandbox).
func (e *env) globalFlags(fs *flag.FlagSet) {
	fs.Func("C", "", e.chdir)
	fs.Func("provider", "", func(s string) error {
		if _, ok := registry.Lookup(s); ok {
			e.provider = s
			return nil
		}
		if s == registry.Sandbox { // before the sandbox was a mode: each video in its own provider's fake
			return e.setSandbox("true")
		}
		return cli.OneOf("provider", s, registry.Choices()...)
	})
	fs.BoolFunc(registry.Sandbox, "render in the sandbox: free, local fakes of each provider's API (--sandbox=false: for real, whatever reel.yaml says)", e.setSandbox)
	fs.Func("color", "color the plan's symbols: `when` auto (on a terminal, unless NO_COLOR is set), always or never", func(s string) error {
		switch s {
		case "auto", "always", "never":
			e.color = s
			return nil
		}
		return cli.OneOf("value", s, "auto", "always", "never")
	})
}

// chdir is -C dir: reel runs in dir, as if started there, before the
// command or after it (make takes -C anywhere too). A second -C is
// relative to the first, as git's is.
func (e *env) chdir(dir string) error {
	if err := os.Chdir(dir); err != nil {
		return err
	}
	e.dir, _ = os.Getwd()
	if e.ci != nil {
		e.ci.Dir = e.dir
	}
	return nil
}

// setSandbox is --sandbox[=true|false].
func (e *env) setSandbox(s string) error {
	on, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("use --sandbox, --sandbox=true or --sandbox=false")
	}
	e.sandbox = &on
	return nil
}

// jsonMode switches the command to --json output: stdout then carries
// only the command's format.
func (e *env) jsonMode() {
	e.json = jsonout.New(e.stdout, e.cmd.JSON.Stream, e.dir)
	e.stdout = e.json.Writer()
}

// textOut is where a command's lines for people go: stdout, or stderr
// under --json.
func (e *env) textOut() io.Writer {
	if e.json != nil {
		return e.stderr
	}
	return e.stdout
}

// rel is name relative to the folder reel runs in, when below it.
func (e *env) rel(name string) string {
	if r, err := filepath.Rel(e.dir, name); err == nil && filepath.IsLocal(r) {
		return filepath.ToSlash(r)
	}
	return name
}

// colorFor reports whether what is written to w may be in color.
func (e *env) colorFor(w io.Writer) bool { return cli.Color(e.color, w) }

// planned says what a plan holds before render carries it out: its
// summary line, and under --json the plan event.
func (e *env) planned(h plan.Head) {
	fmt.Fprintln(e.textOut(), h.Summary())
	e.json.Plan(h)
}

// planning is the planner of the project reel runs in, as the global
// flags ask, tuning the collector as it goes (gctune).
func (e *env) planning() *planner.Planner {
	return planner.New(e.dir, planner.Options{Provider: e.provider, Sandbox: e.sandbox, GC: gctune.For, Measured: preview.Measured, Test: e.test, Store: e.storeOpener()})
}

// Exit codes, as DESIGN.md and the README list them.
const (
	exitOK      = 0
	exitError   = 1
	exitUsage   = 2
	exitPartial = 3
	exitBudget  = 4
	exitBusy    = 5
	// exitCheck is reel plan --check's "a render would cost money". It is
	// a code of its own so that CI tells it from invalid manifests (1) and
	// from --detailed-exitcode's "changes pending" (2); terraform has no
	// such check, and 6 is the first code reel does not use.
	exitCheck = 6
	// exitInterrupted is the shell's code for a command stopped by Ctrl-C.
	exitInterrupted = 130
)

// told is the end of a command that has told the user all there is to
// say, in its own words: exit says nothing more, and exits with it.
type told int

func (t told) Error() string { return fmt.Sprintf("exit status %d", int(t)) }

// The ends a command tells of itself.
const (
	errTold        = told(exitError)       // failed, the reason printed
	errUsageShown  = told(exitUsage)       // the usage printed
	errPending     = told(exitUsage)       // plan --detailed-exitcode: changes are pending
	errSomeFailed  = told(exitPartial)     // some videos failed, each printed; others were done
	errInterrupted = told(exitInterrupted) // by Ctrl-C or SIGTERM, said so
	errNoCredit    = told(exitBudget)      // a provider out of credit before any create was taken
)

// exit is the one place an error becomes an exit code. It tells the user
// of the error, unless the command told them already.
func (e *env) exit(err error) int {
	var end told
	var usage *cli.UsageError
	var check *plan.PaidError
	var over *plan.OverBudgetError
	var quota *render.QuotaError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &end):
		return int(end)
	case errors.As(err, &usage):
		e.json.Problem(err)
		fmt.Fprintf(e.stderr, "reel: %v\n%s\n", err, usage.Hint())
		return exitUsage
	}
	e.printErrors(err)
	switch {
	case errors.Is(err, render.ErrBusy):
		return exitBusy
	case errors.As(err, &over), errors.As(err, &quota):
		return exitBudget
	case errors.As(err, &check):
		return exitCheck
	}
	return exitError
}

// printErrors prints err, each error of a manifest.Errors on a line of its
// own (file:line:col) with their count after, and tells it under --json.
func (e *env) printErrors(err error) {
	e.json.Problem(err)
	if e.ci.Errors(err) {
		return
	}
	errs, ok := err.(manifest.Errors)
	if !ok {
		fmt.Fprintf(e.stderr, "reel: %v\n", err)
		return
	}
	for _, x := range errs {
		fmt.Fprintln(e.stderr, x.Format(e.dir))
	}
	fmt.Fprintf(e.stderr, "reel: %s\n", errs.Summary())
}
