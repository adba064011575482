// Package textsafe makes text that reel did not write (a provider's
// message, a name in reel.lock or in a provider's listing) safe to print
// to a terminal or a CI log.
package textsafe

import (
	"strings"
	"unicode"
)

// OneLine is s on one line: each control character (a newline, a tab, the
// escape that starts a terminal's sequence) a space. Printed, such text
// can neither drive the terminal (move the cursor, retitle the window),
// nor start a line of its own (a GitHub Actions workflow command), nor add
// a column to a table.
func OneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
