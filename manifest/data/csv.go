package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// readCSV reads a header line naming the columns, then a row per line.
// encoding/csv's quoting rules (RFC 4180) apply: a cell holding a comma,
// a quote or a line break is quoted, its quotes doubled.
func readCSV(b []byte) (*Table, []Error) {
	ls := newLines(b)
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1 // a row of another width is reported here, at the row
	t := newTable()
	var errs []Error
	header, err := r.Read()
	if err == io.EOF {
		return &t.Table, []Error{{Pos: Pos{1, 1}, Msg: "the file is empty: its first line names the columns (slug,name,plan), each line after it is a row"}}
	}
	if err != nil {
		return &t.Table, []Error{csvError(ls, err)}
	}
	if errs = t.header(r, ls, header); len(errs) > 0 {
		return &t.Table, errs
	}
	rh := newRecordHasher(b[:r.InputOffset()])
	for {
		start := r.InputOffset()
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(ls, err))
			continue // the reader goes on at the next line
		}
		if len(t.Rows) == MaxRows {
			line, _ := r.FieldPos(0)
			errs = append(errs, Error{Pos: Pos{line, 1}, Msg: tooManyRows})
			break
		}
		row := Row{Cells: make([]Cell, len(t.Columns)), Hash: rh.hash(b[start:r.InputOffset()])}
		for i, v := range rec {
			p := ls.runes(r.FieldPos(i))
			if i == 0 {
				row.Pos = p
			}
			if i < len(t.Columns) {
				row.Cells[i] = Cell{Value: v, Pos: p, Set: true}
			}
		}
		if len(rec) != len(t.Columns) {
			errs = append(errs, widthError(row.Pos, len(rec), len(t.Columns)))
			continue
		}
		t.Rows = append(t.Rows, row)
	}
	return &t.Table, errs
}

// header reads the column names: each named, and each once.
func (t *table) header(r *csv.Reader, ls lines, rec []string) []Error {
	var errs []Error
	first := map[string]Pos{}
	for i, name := range rec {
		p := ls.runes(r.FieldPos(i))
		if i == MaxColumns {
			return append(errs, Error{Pos: p, Msg: tooManyColumns})
		}
		switch at, dup := first[name]; {
		case name == "":
			errs = append(errs, Error{Pos: p, Msg: fmt.Sprintf("column %d has no name: the first line names every column", i+1)})
		case dup:
			errs = append(errs, Error{Pos: p, Column: name, Msg: fmt.Sprintf("a second column named %q (the first is at %d:%d): give each column its own name", name, at.Line, at.Col)})
		default:
			first[name] = p
		}
		t.Columns = append(t.Columns, name) // numbered as written, so cells line up
	}
	return errs
}

// widthError is a row with another number of cells than the header.
func widthError(p Pos, got, want int) Error {
	return Error{Pos: p, Msg: fmt.Sprintf("this row has %d cells; the header names %d columns: give every row a cell for each column (an empty one is ,,)", got, want)}
}

// csvError positions encoding/csv's error, in words a spreadsheet user
// knows.
func csvError(ls lines, err error) Error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return Error{Pos: Pos{1, 1}, Msg: "cannot read: " + err.Error()}
	}
	p := ls.runes(pe.Line, pe.Column)
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return Error{Pos: p, Msg: `a quote (") inside a cell that does not start with one: quote the whole cell and double the quotes inside it ("say ""hi""")`}
	case errors.Is(pe.Err, csv.ErrQuote):
		return Error{Pos: p, Msg: `a quoted cell is not closed, or has text after its closing quote: end it with " right before the next comma`}
	}
	return Error{Pos: p, Msg: pe.Err.Error()}
}
