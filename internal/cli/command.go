package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/reel-dev/reel/internal/english"
)

// Command is one command of reel, as cmd/go's base.Command is: what its
// help says, the flags it takes and what it does. E is what every command
// runs with: its streams and the global flags.
type Command[E any] struct {
	Name    string // what is typed: plan
	Args    string // its arguments, for the usage line: [paths|ids...]
	Summary string // one line for reel help's list, without a full stop
	Long    string // the rest of its help, before its flags; may be empty
	// Flags defines the command's own flags on fs and returns where their
	// values go, which Run is given; nil for a command with none.
	Flags func(fs *flag.FlagSet) any
	// Check, when set, refuses flags that do not go together, before the
	// command's output begins (--json's included).
	Check func(flags any) error
	// Needs names, for a flag that means something only beside another,
	// that other flag (watch: "max-cost" needs "render"): given alone it is
	// refused, not ignored.
	Needs map[string]string
	// Run does the command once its flags and arguments are parsed.
	Run func(env E, flags any, args []string) error
	// JSON is what the command prints with --json; nil: it has no --json.
	JSON *JSON
	// Complete lists what the command takes as arguments, for shell
	// completion, in the project at dir; nil leaves the shell file names.
	Complete func(dir string) []string
	// CustomFlags passes every argument to Run unparsed.
	CustomFlags bool
}

// JSON is what a command prints on stdout with --json: the schema it
// follows (reel schema NAME), and whether it is a stream of one event per
// line or one document.
type JSON struct {
	Schema string
	Stream bool
	Usage  string // the help of the command's --json flag
}

// Hidden reports a command that help does not list: one that shell
// completion scripts call, not people.
func (c *Command[E]) Hidden() bool { return strings.HasPrefix(c.Name, "__") }

// Table is the commands, in the order reel help lists them, and the
// flags every one of them takes.
type Table[E any] struct {
	Commands []*Command[E]
	// Global registers on fs the flags every command takes, which set env.
	Global func(env E, fs *flag.FlagSet)
	// Shared are the global flags that a command's help does not list
	// under it (reel help lists them), and Footer what it says of them.
	Shared []string
	Footer string
	// JSONMode switches env to --json output, for a command given --json,
	// before it runs.
	JSONMode func(env E)
}

// Lookup finds a command by name.
func (t *Table[E]) Lookup(name string) (*Command[E], bool) {
	for _, c := range t.Commands {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// Names are the commands help lists.
func (t *Table[E]) Names() []string {
	var names []string
	for _, c := range t.Commands {
		if !c.Hidden() {
			names = append(names, c.Name)
		}
	}
	return names
}

// List writes the commands help lists, one a line with its summary.
func (t *Table[E]) List(w io.Writer) {
	for _, c := range t.Commands {
		if !c.Hidden() {
			fmt.Fprintf(w, "  %-10s %s\n", c.Name, c.Summary)
		}
	}
}

// Unknown is the usage error of a name no command has.
func (t *Table[E]) Unknown(name string) error { return UnknownCommand(name, t.Names()) }

// FlagSet is the flag set c parses, the global flags in it, and where its
// own flags' values go.
func (t *Table[E]) FlagSet(env E, c *Command[E]) (*flag.FlagSet, any) {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	t.Global(env, fs)
	if c.JSON != nil {
		fs.Bool("json", false, c.JSON.Usage)
	}
	var flags any
	if c.Flags != nil {
		flags = c.Flags(fs)
	}
	return fs, flags
}

// Run parses c's flags and runs it with env; -h or --help writes its help
// on help instead.
func (t *Table[E]) Run(env E, c *Command[E], args []string, help io.Writer) error {
	if c.CustomFlags {
		return c.Run(env, nil, args)
	}
	fs, flags := t.FlagSet(env, c)
	pos, err := Parse(fs, args, false)
	if errors.Is(err, ErrHelp) {
		t.Help(help, c, fs)
		return nil
	}
	if err != nil {
		return err
	}
	if c.Args == "" && len(pos) > 0 {
		return c.noArguments()
	}
	if err := c.needs(fs); err != nil {
		return err
	}
	if c.Check != nil {
		if err := c.Check(flags); err != nil {
			return err
		}
	}
	if c.JSON != nil && fs.Lookup("json").Value.String() == "true" {
		t.JSONMode(env)
	}
	return ownUsage(c.Name, c.Run(env, flags, pos))
}

// needs refuses a flag of c.Needs given without the flag it needs.
func (c *Command[E]) needs(fs *flag.FlagSet) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = !IsBool(f) || f.Value.String() != "false" })
	for _, name := range slices.Sorted(maps.Keys(c.Needs)) {
		if other := c.Needs[name]; set[name] && !set[other] {
			return &UsageError{Cmd: c.Name, Msg: fmt.Sprintf("%s goes with %s: add %s, or leave %s out", Dashed(name), Dashed(other), Dashed(other), Dashed(name))}
		}
	}
	return nil
}

// ownUsage makes a usage error that the run of command name returned
// without naming a command (Usagef) that command's, so that its hint
// points at the command's help.
func ownUsage(name string, err error) error {
	var u *UsageError
	if errors.As(err, &u) && u.Cmd == "" {
		u.Cmd, u.Run = name, true
	}
	return err
}

// noArguments is the usage error of arguments given to a command that
// takes none: it names the flags it does take.
func (c *Command[E]) noArguments() error {
	var own []string
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	if c.Flags != nil {
		c.Flags(fs)
	}
	if c.JSON != nil {
		fs.Bool("json", false, "")
	}
	fs.VisitAll(func(f *flag.Flag) { own = append(own, "--"+f.Name) })
	if len(own) == 0 {
		return Usagef("%s takes no arguments", c.Name)
	}
	return Usagef("%s takes no arguments, only %s", c.Name, english.And(own))
}

// Help writes c's help, its flags as fs defines them: what reel help CMD
// and reel CMD --help print.
func (t *Table[E]) Help(w io.Writer, c *Command[E], fs *flag.FlagSet) {
	Page{Name: c.Name, Args: c.Args, Summary: c.Summary, Long: c.Long, Flags: fs, Global: t.Shared}.Write(w)
	fmt.Fprint(w, t.Footer)
}
