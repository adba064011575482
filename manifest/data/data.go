// Package data reads the data files a manifest's rows come from: CSV (a
// header line, then one row per line), JSON (a list of objects) or YAML (a
// list of mappings). Every row and cell keeps the line and column it was
// written at, so a bad cell is reported where it is, as a manifest's
// fields are.
//
// Columns are counted in characters (runes), as reel counts them in
// manifests and as editors show them, not in bytes: a CSV cell after
// "Zoë," is at column 5, though it starts at its sixth byte.
//
// A cell is text. A JSON number keeps the digits it was written with
// (1.50 stays "1.50"), a boolean is "true" or "false", and null is an
// empty cell; a list or an object in a cell is an error, as is anything
// but a list of rows at the top.
package data

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Limits on a data file, far above a real one: each keeps a hostile file
// from taking reel's memory or time.
const (
	MaxRows    = 100_000 // rows in one file
	MaxColumns = 256     // columns of one row
	// MaxYAML is the most bytes of a YAML data file: a YAML parser holds a
	// node for every value, many times the file's size. CSV and JSON are
	// read as they stream, up to the cap the caller reads them under.
	MaxYAML = 8 << 20
)

// Pos is a place in a data file: 1-based line and column (in characters).
type Pos struct{ Line, Col int }

// Table is a data file's rows, each a value for some of the columns.
type Table struct {
	Columns []string // in the order they were first seen
	Rows    []Row
}

// Row is one row of a data file.
type Row struct {
	Pos   Pos    // where the row starts
	Cells []Cell // by column, as Table.Columns numbers them
	// Hash stands for what the row says (hex): the same row, wherever it
	// is in the file, has the same hash. A CSV row's is of its bytes and
	// the header's, a JSON row's of its object's bytes, a YAML row's of
	// its columns' names and values; see ScanCSV.
	Hash string
}

// Cell is one value of a row.
type Cell struct {
	Value string
	Pos   Pos
	Set   bool // false when the row has no value for the column
}

// Get returns the row's cell of column i; a column the row does not have
// is a cell not Set.
func (r Row) Get(i int) Cell {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return Cell{}
}

// Error is one problem of a data file, where it is.
type Error struct {
	Pos    Pos
	Column string // the column of the cell at fault; "" for the file or a row
	Msg    string
}

func (e Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg) }

// Formats lists the file name extensions Read knows.
var Formats = []string{".csv", ".json", ".yaml", ".yml"}

// Read reads a data file's bytes as its name's extension says. The errors
// are every problem found, in reading order; a table is returned with
// them, holding the rows that did read.
func Read(name string, b []byte) (*Table, []Error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // spreadsheets write a BOM
	if e, ok := checkText(b); !ok {
		return &Table{}, []Error{e}
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return readCSV(b)
	case ".json":
		return readJSON(b)
	case ".yaml", ".yml":
		return readYAML(b)
	}
	return &Table{}, []Error{{Pos: Pos{1, 1}, Msg: "a data file is CSV, JSON or YAML, told by its extension (" + strings.Join(Formats, ", ") + ")"}}
}

// checkText refuses what is not UTF-8 text, at the first bad byte.
func checkText(b []byte) (Error, bool) {
	if bytes.HasPrefix(b, []byte{0xfe, 0xff}) || bytes.HasPrefix(b, []byte{0xff, 0xfe}) {
		return Error{Pos: Pos{1, 1}, Msg: "the file is UTF-16 text: export it as UTF-8"}, false
	}
	if utf8.Valid(b) && !hasControl(b) {
		return Error{}, true // the usual file: two quick passes
	}
	lines := newLines(b)
	for off := 0; off < len(b); {
		r, size := utf8.DecodeRune(b[off:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return Error{Pos: lines.at(off), Msg: fmt.Sprintf("byte 0x%02x is not UTF-8 text: export the file as UTF-8", b[off])}, false
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f:
			return Error{Pos: lines.at(off), Msg: fmt.Sprintf("control byte 0x%02x: this looks like a binary file, not a data file", r)}, false
		}
		off += size
	}
	return Error{}, true
}

// hasControl reports whether b holds a control byte other than a tab or
// a line break (in UTF-8 no byte of a longer character is below 0x80).
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return true
		}
	}
	return false
}

// table builds a Table, numbering columns as they are first seen.
type table struct {
	Table
	index map[string]int
}

func newTable() *table { return &table{index: map[string]int{}} }

// column returns the number of a column, adding it if new; false when
// there are MaxColumns already.
func (t *table) column(name string) (int, bool) {
	if i, ok := t.index[name]; ok {
		return i, true
	}
	if len(t.Columns) == MaxColumns {
		return 0, false
	}
	t.index[name] = len(t.Columns)
	t.Columns = append(t.Columns, name)
	return len(t.Columns) - 1, true
}

// set puts a cell in a row, growing its cells to the column.
func set(r *Row, i int, c Cell) {
	for len(r.Cells) <= i {
		r.Cells = append(r.Cells, Cell{})
	}
	r.Cells[i] = c
}

var (
	tooManyRows    = fmt.Sprintf("more than %d rows: split the file across manifests", MaxRows)
	tooManyColumns = fmt.Sprintf("more than %d columns: keep the columns the videos use", MaxColumns)
)
