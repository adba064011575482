package main

import (
	"errors"
	"flag"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/reel-dev/reel/internal/suggest"
)

// errHelpShown is what parsing returns when it answered -h or --help by
// printing the help: the command stops there, and exits 0.
var errHelpShown = errors.New("help shown")

// errHelpAsked is -h, -help or --help among the flags.
var errHelpAsked = errors.New("help asked")

// flagError is a mistake in the flags of a command (cmd; "" for reel's own
// flags before the command), said with the flags spelt as the help spells
// them: --json, -C.
type flagError struct {
	cmd string
	msg string
}

func (e *flagError) Error() string { return e.msg }

// parseArgs parses args into fs the way people type them: -flag and
// --flag alike, --flag=value or --flag value, flags before, between or
// after the positional arguments, and -- before arguments that start with
// a dash. With first, it stops at the first positional argument (the
// command) and returns it with everything after it.
//
// It is flag.FlagSet.Parse with errors a person can act on: an unknown
// flag gets the nearest one ("did you mean --json?"), a bad value says
// what was wanted, and -h or --help is errHelpAsked, never an error.
func parseArgs(fs *flag.FlagSet, args []string, first bool) ([]string, error) {
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
			return nil, errHelpAsked
		}
		f := fs.Lookup(name)
		if f == nil {
			return nil, unknownFlag(fs, name)
		}
		if !hasValue {
			if isBool(f) {
				value = "true"
			} else if i+1 < len(args) {
				i++
				value = args[i]
			} else {
				return nil, &flagError{fs.Name(), dashed(name) + " needs a value"}
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
	msg := "unknown flag " + dashed(name)
	if s := suggest.Closest(name, known); s != "" {
		msg += "; did you mean " + dashed(s) + "?"
	} else if fs.Name() != "reel" {
		msg += " for reel " + fs.Name()
	}
	return &flagError{commandOf(fs), msg}
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
	if want == "" {
		return &flagError{commandOf(fs), fmt.Sprintf("%s: %v", dashed(f.Name), err)}
	}
	return &flagError{commandOf(fs), fmt.Sprintf("%s %q: %s", dashed(f.Name), value, want)}
}

// commandOf is the command a flag set is of, "" for reel's own.
func commandOf(fs *flag.FlagSet) string {
	if fs.Name() == "reel" {
		return ""
	}
	return fs.Name()
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// dashed is a flag as people type it: -C for a letter, --json for a word.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// globalNames are the flags every command takes (see env.globalFlags),
// listed once in the help, not under each command.
var globalNames = map[string]bool{"provider": true, "color": true}

// flagLines lists a command's own flags for its help, one a line:
// "  --max-cost USD  refuse ...", the descriptions aligned and wrapped.
func flagLines(fs *flag.FlagSet) []string {
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		if globalNames[f.Name] {
			return
		}
		value, usage := flag.UnquoteUsage(f)
		left := dashed(f.Name)
		if !isBool(f) {
			left += " " + strings.ToUpper(value)
		}
		rows = append(rows, row{left, usage})
		width = max(width, len(left))
	})
	sort.Slice(rows, func(i, j int) bool { return rows[i].left < rows[j].left })
	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		lines = append(lines, wrap(fmt.Sprintf("  %-*s  ", width, r.left), r.usage))
	}
	return lines
}

// wrap writes text after lead, wrapped at 79 columns below lead's end.
func wrap(lead, text string) string {
	const columns = 79
	var b strings.Builder
	b.WriteString(lead)
	col := len(lead)
	indent := strings.Repeat(" ", len(lead))
	for i, w := range strings.Fields(text) {
		if i > 0 && col+1+len(w) > columns {
			b.WriteString("\n" + indent)
			col = len(indent)
		} else if i > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}
