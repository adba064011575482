package main

import (
	"fmt"

	"github.com/reel-dev/reel/internal/ci"
	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/cli/completion"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/render/provider/registry"
)

var completionCommand = &command{
	Name:    "completion",
	Args:    "bash|zsh|fish",
	Summary: "print a script that makes the shell complete commands, flags and video ids",
	Long: `Prints a script that makes the shell complete reel's commands, flags,
flag values and video ids. Load it with:
  bash: source <(reel completion bash)        (in ~/.bashrc)
  zsh:  source <(reel completion zsh)         (in ~/.zshrc, after compinit)
  fish: reel completion fish | source         (in ~/.config/fish/config.fish)
The scripts ask reel itself what fits (reel __complete), so they complete
what this reel knows; video ids come from the project's last plan and its
manifest files, without loading the manifests.
`,
	Run:      runCompletion,
	Complete: func(string) []string { return completion.Shells },
}

// completeCommand is reel __complete WORDS... CUR, which the completion
// scripts call: the words typed after reel, the last one the word being
// completed (maybe empty). It prints what fits, one a line; nothing lets
// the shell complete file names.
var completeCommand = &command{
	Name:        "__complete",
	Args:        "words...",
	CustomFlags: true, // every word is the shell's
	Run:         runComplete,
}

func runCompletion(e *env, _ any, args []string) error {
	if len(args) != 1 {
		return cli.Usagef("completion takes the shell: bash, zsh or fish")
	}
	script, ok := completion.Script(args[0])
	if !ok {
		return cli.Usagef("%v", cli.OneOf("shell", args[0], "bash", "zsh", "fish"))
	}
	fmt.Fprint(e.stdout, script)
	return nil
}

func runComplete(e *env, _ any, args []string) error {
	for _, c := range e.commandLine().Complete(e.dir, args) {
		fmt.Fprintln(e.stdout, c)
	}
	return nil
}

// commandLine is reel's command line as completion reads it: reel's own
// flags, the commands help lists with their flags, and the values of the
// flags that have a known set of them.
func (e *env) commandLine() completion.Line {
	root, _ := (&env{}).rootFlags()
	root.Bool("help", false, "")
	l := completion.FromTable(commands, &env{}, root)
	l.Values, l.Chdir = flagValues, "C"
	return l
}

// flagValues are the values a flag takes, where reel knows them.
func flagValues(dir, cmd, name string) []string {
	switch name {
	case "provider":
		return registry.Choices()
	case "color":
		return []string{"auto", "always", "never"}
	case "force":
		return planner.KnownIDs(dir)
	case "format":
		return ci.Formats[cmd]
	}
	return nil // a folder, a duration, a number: the shell's file names, or nothing
}
