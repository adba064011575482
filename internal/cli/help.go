package cli

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/reel-dev/reel/internal/suggest"
)

// Page is one command's help, as reel help CMD and reel CMD --help print
// it: usage, summary, the long help, and the command's own flags.
type Page struct {
	Name    string        // the command: plan
	Args    string        // its arguments: [paths|ids...]
	Summary string        // one line, without its full stop
	Long    string        // the rest, ending in a newline; may be empty
	Flags   *flag.FlagSet // its flags; may be nil
	Global  []string      // flags listed once in reel help, not under each command
}

// Write writes the page to w.
func (p Page) Write(w io.Writer) {
	var lines []string
	if p.Flags != nil {
		lines = FlagLines(p.Flags, p.Global)
	}
	use := "reel " + p.Name
	if len(lines) > 0 {
		use += " [flags]"
	}
	if p.Args != "" {
		use += " " + p.Args
	}
	fmt.Fprintf(w, "usage: %s\n\n%s\n", use, strings.ToUpper(p.Summary[:1])+p.Summary[1:]+".")
	if p.Long != "" {
		fmt.Fprintf(w, "\n%s", p.Long)
	}
	if len(lines) > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s\n", strings.Join(lines, "\n"))
	}
}

// FlagLines lists the flags of fs but those in skip, one a line:
// "  --max-cost USD  refuse ...", the descriptions aligned and wrapped.
func FlagLines(fs *flag.FlagSet, skip []string) []string {
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		for _, s := range skip {
			if f.Name == s {
				return
			}
		}
		value, usage := flag.UnquoteUsage(f)
		left := Dashed(f.Name)
		if !IsBool(f) {
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

// UnknownCommand is the usage error for a name no command has, with the
// one meant if it looks like a typo among names.
func UnknownCommand(name string, names []string) error {
	if s := suggest.Closest(name, names); s != "" {
		return Usagef("unknown command %q; did you mean %q?", name, s)
	}
	return Usagef("unknown command %q", name)
}
