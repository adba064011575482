package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// fit cuts a line to at most cols columns of a terminal, ending it with
// "…" when it cuts. Columns are counted as a terminal counts them: an East
// Asian wide or fullwidth character takes two, a combining mark none, and
// an escape sequence (a colour) none; a sequence is never split, and a
// line cut after one is ended by a reset, so no colour runs on.
func fit(s string, cols int) string {
	if cols <= 0 || displayWidth(s) <= cols {
		return s
	}
	var b strings.Builder
	used, styled := 0, false
	for i := 0; i < len(s); {
		if n := escapeLen(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			styled = true
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		w := runeWidth(r)
		if used+w > cols-1 { // room for the ellipsis
			break
		}
		b.WriteString(s[i : i+size])
		used += w
		i += size
	}
	b.WriteString("…")
	if styled {
		b.WriteString("\x1b[0m")
	}
	return b.String()
}

// displayWidth is how many columns s takes on a terminal.
func displayWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if e := escapeLen(s[i:]); e > 0 {
			i += e
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += runeWidth(r)
		i += size
	}
	return n
}

// runeWidth is the columns one rune takes: 2 for East Asian wide and
// fullwidth characters, 0 for combining marks and zero-width format
// characters, 1 otherwise.
func runeWidth(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// escapeLen is the length of the escape sequence s starts with, or 0: a
// CSI sequence (ESC [ parameters final byte), an OSC one (ESC ] ... BEL or
// ESC \), or ESC and one character.
func escapeLen(s string) int {
	if len(s) < 2 || s[0] != 0x1b {
		return 0
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}
