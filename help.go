package main

import (
	"fmt"
	"io"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/render/provider/registry"
)

var helpCommand = &command{
	Name:     "help",
	Args:     "[command]",
	Summary:  "describe the commands, or one of them",
	Run:      runHelp,
	Complete: func(string) []string { return commands.Names() },
}

func runHelp(e *env, _ any, args []string) error {
	if len(args) == 0 {
		printUsage(e.stdout)
		return nil
	}
	c, ok := commands.Lookup(args[0])
	if !ok || c.Hidden() {
		return commands.Unknown(args[0])
	}
	fs, _ := commands.FlagSet(e, c)
	commands.Help(e.stdout, c, fs)
	return nil
}

// printUsage is reel help: the commands and the global flags.
func printUsage(w io.Writer) {
	fmt.Fprint(w, "usage: reel [-C dir] [--provider name] [--sandbox] <command> [arguments]\n\nreel is make for avatar videos.\n\ncommands:\n")
	commands.List(w)
	fmt.Fprintf(w, globalHelp, english.Or(registry.Names()))
}

// globalHelp is reel help's list of the global flags, %s the providers.
const globalHelp = `
global flags, before or after the command:
  -C dir           run in dir, as if reel were started there
  --provider name  render with %s, overriding reel.yaml
  --sandbox        render in the sandbox: free, local fakes of each provider (=false: for real)
  --color when     color the plan's symbols: auto (on a terminal, unless NO_COLOR
                   is set), always or never
  -h, --help       print this help; reel CMD --help prints CMD's
  --version        print reel's version
`
