package manifest

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// What a video id or an output may not hold. An id is a file path and an
// output is written as one; both are shown by reel plan and reel status
// and recorded in the snapshot, one tab-separated line per video. A
// control character breaks those lines and columns (a tab, a newline),
// drives the terminal that prints them (an escape) or is refused by the
// file system at the end of a paid render (NUL on every system, all of
// them on Windows); a line or paragraph separator ends a line for many
// readers; bytes that are not UTF-8 cannot be shown or compared.

// badRune is the first rune of s an id or output may not hold, and
// whether there is one; utf8.RuneError stands for bytes that are not
// UTF-8.
func badRune(s string) (rune, bool) {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return r, true
			}
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return r, true
		}
	}
	return 0, false
}

// describeRune names a refused rune for a message.
func describeRune(r rune) string {
	switch r {
	case utf8.RuneError:
		return "bytes that are not UTF-8"
	case '\n':
		return "a newline"
	case '\t':
		return "a tab"
	case 0:
		return "a NUL byte"
	case '\u2028':
		return "a line separator (U+2028)"
	case '\u2029':
		return "a paragraph separator (U+2029)"
	}
	return fmt.Sprintf("the control character U+%04X", r)
}

// idError refuses a manifest whose path below the include root (its video
// id) holds what reel's records cannot carry, at the file's first line.
func idError(f ManifestFile) (Error, bool) {
	r, bad := badRune(f.ID)
	if !bad {
		return Error{}, false
	}
	return Error{Pos: Pos{f.Path, 1, 1}, Msg: fmt.Sprintf("the file's path makes the video id %q, which holds %s: rename the file (or its folder) with letters, digits, '-', '_' and '.'", f.ID, describeRune(r))}, true
}

// outputError refuses an output that holds what no file system or record
// of reel takes, at the output field.
func outputError(v *Video) Errors {
	r, bad := badRune(v.Output)
	if !bad {
		return nil
	}
	return Errors{v.errorf([]string{"output"}, "%q holds %s, which a file name cannot: remove it", v.Output, describeRune(r))}
}
