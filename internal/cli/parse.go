// Package cli is the machinery of reel's command line below package main:
// a flag parser that reads flags as people type them and says what was
// meant when they are mistyped, help pages, colour and terminal checks,
// and the context that Ctrl-C ends. Package main holds the commands
// themselves; what they print and their exit codes stay there.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/internal/suggest"
)

// ErrHelp is what Parse returns for -h, -help or --help among the flags: a
// request for help, never an error.
var ErrHelp = errors.New("help asked")

// UsageError is a mistake in how a command was called, said with the
// flags spelt as the help spells them (--json, -C). Cmd is the command
// whose flags were mistyped, so that the hint points at its help; "" for
// reel's own flags before the command and for mistakes not about flags.
type UsageError struct {
	Cmd string
	Msg string
	Run bool // returned by Cmd's run (its arguments), not by its flags' parse
}

func (e *UsageError) Error() string { return e.Msg }

// Hint says where to read how to use reel: a flag's mistake points at its
// command's flags, a command's own refusal at the command's help.
func (e *UsageError) Hint() string {
	switch {
	case e.Cmd != "" && e.Run:
		return fmt.Sprintf("run `reel help %s` for how to use it", e.Cmd)
	case e.Cmd != "":
		return fmt.Sprintf("run `reel help %s` for its flags", e.Cmd)
	}
	return "run `reel help` for the commands"
}

// Usagef is a usage error not about a flag.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// Parse parses args into fs the way people type them: -flag and --flag
// alike, --flag=value or --flag value, flags before, between or after the
// positional arguments, and -- before arguments that start with a dash.
// With first, it stops at the first positional argument (the command) and
// returns it with everything after it.
//
// It is flag.FlagSet.Parse with errors a person can act on, each a
// *UsageError: an unknown flag gets the nearest one ("did you mean
// --json?"), a bad value says what was wanted; -h or --help is ErrHelp.
func Parse(fs *flag.FlagSet, args []string, first bool) ([]string, error) {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(pos, args[i+1:]...), nil
		case len(a) < 2 || a[0] != '-':
			if first {
				return args[i:], nil
			}
			pos = append(pos, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if (name == "h" || name == "help") && fs.Lookup(name) == nil {
			return nil, ErrHelp
		}
		f := fs.Lookup(name)
		if f == nil {
			return nil, unknownFlag(fs, name)
		}
		if !hasValue {
			if IsBool(f) {
				value = "true"
			} else if i+1 < len(args) {
				i++
				value = args[i]
			} else {
				return nil, &UsageError{Cmd: commandOf(fs), Msg: Dashed(name) + " needs a value"}
			}
		}
		if err := fs.Set(name, value); err != nil {
			return nil, badValue(fs, f, value, err)
		}
	}
	return pos, nil
}

// unknownFlag says that fs has no flag name, with the one meant if it
// looks like a typo.
func unknownFlag(fs *flag.FlagSet, name string) error {
	known := []string{"help"}
	fs.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
	msg := "unknown flag " + Dashed(name)
	if s := suggest.Closest(name, known); s != "" {
		msg += "; did you mean " + Dashed(s) + "?"
	} else if fs.Name() != "reel" {
		msg += " for reel " + fs.Name()
	}
	return &UsageError{Cmd: commandOf(fs), Msg: msg}
}

// badValue says what a flag wanted instead of value.
func badValue(fs *flag.FlagSet, f *flag.Flag, value string, err error) error {
	want := ""
	if g, ok := f.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case float64:
			want = "want a number, e.g. 5 or 2.50"
		case time.Duration:
			want = "want a duration, e.g. 2s or 200ms"
		case int, int64, uint, uint64:
			want = "want a whole number"
		case bool:
			want = "want true or false"
		}
	}
	var w Want
	var pe *os.PathError
	switch {
	case errors.As(err, &w):
		want = w.Error()
	case errors.As(err, &pe): // a flag that names a path: -C nowhere: no such file or directory
		return &UsageError{Cmd: commandOf(fs), Msg: fmt.Sprintf("%s %s: %v", Dashed(f.Name), value, pe.Err)}
	}
	if want == "" {
		return &UsageError{Cmd: commandOf(fs), Msg: fmt.Sprintf("%s: %v", Dashed(f.Name), err)}
	}
	return &UsageError{Cmd: commandOf(fs), Msg: fmt.Sprintf("%s %q: %s", Dashed(f.Name), value, want)}
}

// commandOf is the command a flag set is of, "" for reel's own.
func commandOf(fs *flag.FlagSet) string {
	if fs.Name() == "reel" {
		return ""
	}
	return fs.Name()
}

// IsBool reports whether f is a flag that takes no value (--json).
func IsBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Dashed is a flag as people type it: -C for a letter, --json for a word.
func Dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// Want is the error of a flag's value that is not what the flag takes,
// said as the flags of the standard kinds say it: --flag "value": want
// what.
type Want string

func (w Want) Error() string { return "want " + string(w) }

// OneOf is the error of a value that is none of those allowed, with the
// one meant if it looks like a typo.
func OneOf(what, got string, allowed ...string) error {
	if s := suggest.Closest(got, allowed); s != "" {
		return fmt.Errorf("unknown %s %q; did you mean %q? Use %s", what, got, s, english.Or(allowed))
	}
	return fmt.Errorf("unknown %s %q: use %s", what, got, english.Or(allowed))
}

// Strings is the values of a flag that may be given many times
// (--force a --force b).
type Strings []string

func (s *Strings) String() string     { return strings.Join(*s, ",") }
func (s *Strings) Set(v string) error { *s = append(*s, v); return nil }
