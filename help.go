package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/reel-dev/reel/internal/suggest"
)

// lookup finds a command by name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// hidden reports a command that help does not list: one that shell
// completion scripts call, not people.
func (c command) hidden() bool { return strings.HasPrefix(c.name, "__") }

// unknownCommand is the error for a name no command has, with the one
// meant if it looks like a typo.
func unknownCommand(name string) error {
	var names []string
	for _, c := range commands {
		if !c.hidden() {
			names = append(names, c.name)
		}
	}
	if s := suggest.Closest(name, names); s != "" {
		return fmt.Errorf("unknown command %q; did you mean %q?", name, s)
	}
	return fmt.Errorf("unknown command %q", name)
}

// flagsOf is the flag set a command parses, found by starting it in a
// mode where its parse records the set and stops it before it does
// anything (env.describing). Every command parses its flags first.
func flagsOf(c command) *flag.FlagSet {
	e := &env{stdout: io.Discard, stderr: io.Discard, describing: true}
	c.run(e, nil)
	return e.described
}

// printHelp writes a command's help: usage, summary, details, and its
// flags as fs defines them; reel help CMD and reel CMD --help print it.
func printHelp(w io.Writer, c command, fs *flag.FlagSet) {
	var lines []string
	if fs != nil {
		lines = flagLines(fs)
	}
	use := "reel " + c.name
	if len(lines) > 0 {
		use += " [flags]"
	}
	if c.args != "" {
		use += " " + c.args
	}
	fmt.Fprintf(w, "usage: %s\n\n%s\n", use, strings.ToUpper(c.summary[:1])+c.summary[1:]+".")
	if d, ok := details[c.name]; ok {
		fmt.Fprintf(w, "\n%s", d)
	}
	if len(lines) > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s\n", strings.Join(lines, "\n"))
	}
	fmt.Fprintln(w, "\nGlobal flags, before or after the command: -C dir, --provider name,\n--color when (see reel help).")
}
