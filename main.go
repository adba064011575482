// Command reel is make for avatar videos: it validates YAML video manifests,
// renders only the videos whose request changed, and records what came out.
//
// This file is the command table, the flags and the exit codes; the work is
// done in the packages it calls.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/internal/suggest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/provider/registry"
)

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
)

// command is one entry of the table.
type command struct {
	name    string
	args    string // usage of the arguments
	summary string
	run     func(env *env, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"init", "[dir]", "start a project: reel.yaml, one manifest, .gitignore lines", runInit},
		{"validate", "[paths|ids...]", "check manifests against the schema and what the provider can render", runValidate},
		{"plan", "[paths|ids...]", "show what render would do and what it would cost; calls no provider", runPlan},
		{"render", "[paths|ids...]", "render what changed, fetch what is missing, record it in reel.lock", runRender},
		{"preview", "[paths|ids...]", "make free local drafts (espeak-ng, ffmpeg) of the videos in .reel/drafts/; calls no provider", runPreview},
		{"review", "[paths|ids...]", "write .reel/review/index.html: each video with work, its draft or output, script, changes and cost", runReview},
		{"watch", "[paths|ids...]", "re-plan on every save; with --render, render drafts of what changed", runWatch},
		{"fetch", "[paths|ids...]", "download outputs reel.lock records but that are missing here; never renders", runFetch},
		{"forget", "ids...", "remove videos from reel.lock so the next render creates them anew", runForget},
		{"lock", "sync", "write the store's renders of this project into reel.lock, for a commit", runLock},
		{"status", "", "show reel.lock: what was rendered, what is in flight, what is on disk", runStatus},
		{"gc", "", "list (and with --yes remove) lock entries and outputs no manifest refers to", runGC},
		{"voices", "", "list the voices the provider's account can use", runVoices},
		{"avatars", "", "list the avatars and talking photos the account can use", runAvatars},
		{"schema", "[name]", "print a JSON Schema, for editors and tools", runSchema},
		{"version", "", "print reel's version", runVersion},
		{"completion", "bash|zsh|fish", "print a script that makes the shell complete commands, flags and video ids", runCompletion},
		{"help", "[command]", "describe the commands, or one of them", runHelp},
		{"__complete", "words...", "", runComplete}, // hidden: what the completion scripts call
	}
}

// env is what every command gets: its streams and the global flags.
type env struct {
	stdout, stderr io.Writer
	provider       string // --provider
	sandbox        *bool  // --sandbox, --sandbox=false; --provider sandbox is --sandbox. nil: as reel.yaml says
	color          string // --color: auto, always or never
	dir            string // the folder reel runs in, after -C

	// describing makes a command's parse record its flag set (in
	// described) and stop the command: its help and completion read it.
	describing bool
	described  *flag.FlagSet

	json *jsonOut // stdout under --json; nil without

	shared *render.Shared // reel.yaml's store, once opened (commands_store.go)

	ci   ciState // what the command reports to CI (ci.go)
	test bool    // render --test: plans test renders (rendertests.go)
}

func main() {
	if path := os.Getenv("REEL_CPUPROFILE"); path != "" {
		// for finding where a slow run spends its time: go tool pprof reel FILE
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			code := run(os.Args[1:], os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the global flags, changes folder and runs one command.
func run(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("reel", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dir := fs.String("C", "", "")
	version := fs.Bool("version", false, "")
	e.globalFlags(fs)
	rest, err := parseArgs(fs, args, true)
	switch {
	case errors.Is(err, errHelpAsked):
		printUsage(stdout)
		return exitOK
	case err != nil:
		return e.usage("%v", err)
	case *version:
		return runVersion(e, nil)
	}
	if *dir != "" {
		if err := os.Chdir(*dir); err != nil {
			fmt.Fprintf(stderr, "reel: -C %s: %v\n", *dir, unwrap(err))
			return exitUsage
		}
	}
	e.dir, _ = os.Getwd()
	if len(rest) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	c, ok := lookup(rest[0])
	if !ok {
		return e.usage("%v", unknownCommand(rest[0]))
	}
	code := c.run(e, rest[1:])
	e.json.finish()
	return code
}

// globalFlags registers the flags every command also accepts after its
// name (reel voices --provider sandbox).
func (e *env) globalFlags(fs *flag.FlagSet) {
	fs.Func("provider", "", func(s string) error {
		if _, ok := registry.Lookup(s); ok {
			e.provider = s
			return nil
		}
		if s == registry.Sandbox { // before the sandbox was a mode: each video in its own provider's fake
			return e.setSandbox("true")
		}
		return oneOf("provider", s, registry.Choices()...)
	})
	fs.BoolFunc(registry.Sandbox, "render in the sandbox: free, local fakes of each provider's API (--sandbox=false: for real, whatever reel.yaml says)", e.setSandbox)
	fs.Func("color", "color the plan's symbols: `when` auto (on a terminal, unless NO_COLOR is set), always or never", func(s string) error {
		switch s {
		case "auto", "always", "never":
			e.color = s
			return nil
		}
		return oneOf("value", s, "auto", "always", "never")
	})
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

// oneOf is the error of a value that is none of those allowed.
func oneOf(what, got string, allowed ...string) error {
	if s := suggest.Closest(got, allowed); s != "" {
		return fmt.Errorf("unknown %s %q; did you mean %q? Use %s", what, got, s, english.Or(allowed))
	}
	return fmt.Errorf("unknown %s %q: use %s", what, got, english.Or(allowed))
}

// flags returns a command's flag set, with the global flags in it.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	e.globalFlags(fs)
	return fs
}

// parse parses flags and positional arguments in any order, as people type
// them (reel validate a.yaml --provider fal). It answers -h and --help by
// printing the command's help, and returns errHelpShown.
func (e *env) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	if e.describing {
		e.described = fs
		return nil, errHelpShown
	}
	pos, err := parseArgs(fs, args, false)
	if errors.Is(err, errHelpAsked) {
		if c, ok := lookup(fs.Name()); ok {
			printHelp(e.stdout, c, fs)
		}
		return nil, errHelpShown
	}
	return pos, err
}

// usage reports a usage error (exit 2) and where to read how to use reel:
// a flag's mistake points at its command's help. A help request the parse
// answered (errHelpShown among args) is no error: exit 0.
func (e *env) usage(format string, args ...any) int {
	hint := "run `reel help` for the commands"
	for _, a := range args {
		err, ok := a.(error)
		if ok && errors.Is(err, errHelpShown) {
			return exitOK
		}
		var fe *flagError
		if ok && errors.As(err, &fe) && fe.cmd != "" {
			hint = fmt.Sprintf("run `reel help %s` for its flags", fe.cmd)
		}
	}
	e.json.problem(fmt.Errorf(format, args...))
	fmt.Fprintf(e.stderr, "reel: "+format+"\n", args...)
	fmt.Fprintln(e.stderr, hint)
	return exitUsage
}

func (e *env) fail(err error) int {
	e.json.problem(err)
	fmt.Fprintf(e.stderr, "reel: %v\n", err)
	return exitError
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: reel [-C dir] [--provider name] [--sandbox] <command> [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "reel is make for avatar videos.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		if !c.hidden() {
			fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "global flags, before or after the command:")
	fmt.Fprintln(w, "  -C dir           run in dir, as if reel were started there")
	fmt.Fprintf(w, "  --provider name  render with %s, overriding reel.yaml\n", english.Or(registry.Names()))
	fmt.Fprintln(w, "  --sandbox        render in the sandbox: free, local fakes of each provider (=false: for real)")
	fmt.Fprintln(w, "  --color when     color the plan's symbols: auto (on a terminal, unless NO_COLOR")
	fmt.Fprintln(w, "                   is set), always or never")
	fmt.Fprintln(w, "  -h, --help       print this help; reel CMD --help prints CMD's")
	fmt.Fprintln(w, "  --version        print reel's version")
}

func runHelp(e *env, args []string) int {
	args, err := e.parse(e.flags("help"), args)
	if err != nil {
		return e.usage("%v", err)
	}
	if len(args) == 0 {
		printUsage(e.stdout)
		return exitOK
	}
	c, ok := lookup(args[0])
	if !ok || c.hidden() {
		return e.usage("%v", unknownCommand(args[0]))
	}
	printHelp(e.stdout, c, flagsOf(c))
	return exitOK
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
