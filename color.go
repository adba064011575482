package main

import (
	"io"
	"os"
)

// colorFor reports whether what is written to w may be in color: --color
// always or never says so; otherwise (auto) when w is a terminal, NO_COLOR
// is not set (no-color.org: any value but empty) and TERM is not dumb.
func (e *env) colorFor(w io.Writer) bool {
	switch e.color {
	case "always":
		return true
	case "never":
		return false
	}
	return os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb" && isTerminal(w)
}
