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
	"strings"
)

// Exit codes, as DESIGN.md and the README list them.
const (
	exitOK      = 0
	exitError   = 1
	exitUsage   = 2
	exitPartial = 3
	exitBudget  = 4
	exitBusy    = 5
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
		{"watch", "[paths|ids...]", "re-plan on every save; with --render, render drafts of what changed", runWatch},
		{"fetch", "[paths|ids...]", "download outputs reel.lock records but that are missing here; never renders", runFetch},
		{"forget", "ids...", "remove videos from reel.lock so the next render creates them anew", runForget},
		{"status", "", "show reel.lock: what was rendered, what is in flight, what is on disk", runStatus},
		{"gc", "", "list (and with --yes remove) lock entries and outputs no manifest refers to", runGC},
		{"voices", "", "list the voices the provider's account can use", runVoices},
		{"avatars", "", "list the avatars and talking photos the account can use", runAvatars},
		{"schema", "[name]", "print a JSON Schema, for editors and tools", runSchema},
		{"version", "", "print reel's version", runVersion},
		{"help", "[command]", "describe the commands, or one of them", runHelp},
	}
}

// env is what every command gets: its streams and the global flags.
type env struct {
	stdout, stderr io.Writer
	provider       string // --provider
	dir            string // the folder reel runs in, after -C

	json *jsonOut // stdout under --json; nil without
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
	e.globalFlags(fs)
	if err := fs.Parse(args); err != nil {
		return e.usage("%v", err)
	}
	if *dir != "" {
		if err := os.Chdir(*dir); err != nil {
			fmt.Fprintf(stderr, "reel: -C %s: %v\n", *dir, unwrap(err))
			return exitUsage
		}
	}
	e.dir, _ = os.Getwd()
	rest := fs.Args()
	if len(rest) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	for _, c := range commands {
		if c.name == rest[0] {
			code := c.run(e, rest[1:])
			e.json.finish()
			return code
		}
	}
	return e.usage("unknown command %q", rest[0])
}

// globalFlags registers the flags every command also accepts after its
// name (reel voices --provider sandbox).
func (e *env) globalFlags(fs *flag.FlagSet) {
	fs.Func("provider", "", func(s string) error {
		switch s {
		case "heygen", "fal", "pixeldojo", "sandbox":
			e.provider = s
			return nil
		}
		return fmt.Errorf("unknown provider %q: use heygen, fal, pixeldojo or sandbox", s)
	})
}

// flags returns a command's flag set, with the global flags in it.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	e.globalFlags(fs)
	return fs
}

// parse parses flags and positional arguments in any order, as people type
// them (reel validate a.yaml --provider fal).
func (e *env) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, fmt.Errorf("see `reel help %s`", fs.Name())
			}
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (e *env) usage(format string, args ...any) int {
	e.json.problem(fmt.Errorf(format, args...))
	fmt.Fprintf(e.stderr, "reel: "+format+"\n", args...)
	fmt.Fprintln(e.stderr, "run `reel help` for the commands")
	return exitUsage
}

func (e *env) fail(err error) int {
	e.json.problem(err)
	fmt.Fprintf(e.stderr, "reel: %v\n", err)
	return exitError
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "reel is make for avatar videos.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: reel [-C dir] [--provider name] <command> [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "global flags:")
	fmt.Fprintln(w, "  -C dir           run in dir, as if reel were started there")
	fmt.Fprintln(w, "  --provider name  render with heygen, fal, pixeldojo or sandbox, overriding reel.yaml")
}

func runHelp(e *env, args []string) int {
	if len(args) == 0 {
		printUsage(e.stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			fmt.Fprintf(e.stdout, "usage: reel %s %s\n\n%s\n", c.name, c.args, strings.ToUpper(c.summary[:1])+c.summary[1:]+".")
			if d, ok := details[c.name]; ok {
				fmt.Fprintf(e.stdout, "\n%s", d)
			}
			return exitOK
		}
	}
	return e.usage("unknown command %q", args[0])
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
