package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// Color reports whether what is written to w may be in color, as --color
// when says: always or never; otherwise (auto) when w is a terminal,
// NO_COLOR is not set (no-color.org: any value but empty) and TERM is not
// dumb.
func Color(when string, w io.Writer) bool {
	switch when {
	case "always":
		return true
	case "never":
		return false
	}
	return os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb" && IsTerminal(w)
}

// IsTerminal reports whether f is a terminal: /dev/null, a pipe or a file
// is not, though /dev/null is a character device.
func IsTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}
