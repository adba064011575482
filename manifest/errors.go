package manifest

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/internal/english"
)

// Pos is a place in a file: 1-based line and column (in characters).
type Pos struct {
	File      string // absolute path
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Error is one problem a user can fix, at the place they must fix it.
type Error struct {
	Pos   Pos
	Field string // the field as a person reads it: scenes[1].emotion; "" for the file
	Msg   string
}

func (e Error) Error() string { return e.Format("") }

// Format renders the error with its file relative to dir (when that is
// shorter), as editors and terminals make file:line:col clickable.
func (e Error) Format(dir string) string {
	var b strings.Builder
	b.WriteString(oneLine(relPath(dir, e.Pos.File)))
	fmt.Fprintf(&b, ":%d:%d: ", max(e.Pos.Line, 1), max(e.Pos.Col, 1))
	if e.Field != "" {
		b.WriteString(oneLine(e.Field))
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// oneLine is a file name or a field as it can be printed in one line of
// a terminal: quoted, as Go quotes strings, when it holds a newline or
// another rune a video id may not hold (see badRune).
func oneLine(s string) string {
	if _, bad := badRune(s); bad {
		return strconv.Quote(s)
	}
	return s
}

func relPath(dir, file string) string {
	if dir == "" || file == "" {
		return file
	}
	rel, err := filepath.Rel(dir, file)
	if err != nil || len(rel) >= len(file) {
		return file
	}
	return filepath.ToSlash(rel)
}

// Errors is every problem found, sorted by file, line and column, without
// repeats (a mistake in reel.yaml's defaults is reported once, not once per
// video that inherits it).
type Errors []Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Summary counts the errors and the files they are in: "3 errors in 2
// files".
func (es Errors) Summary() string {
	files := map[string]bool{}
	for _, e := range es {
		files[e.Pos.File] = true
	}
	return english.Count(len(es), "error") + " in " + english.Count(len(files), "file")
}

// Sorted returns the errors in reading order with duplicates removed.
func (es Errors) Sorted() Errors {
	out := slices.Clone(es)
	slices.SortFunc(out, func(a, b Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(out)
}

// errAt builds an Error at a node's position.
func errAt(n *Node, field, format string, args ...any) Error {
	return Error{Pos: n.Pos, Field: field, Msg: fmt.Sprintf(format, args...)}
}
