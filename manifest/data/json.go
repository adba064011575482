package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonReader reads a JSON list of objects token by token, so no value is
// held but the rows', and nothing nests deeper than a cell: a value that
// would is an error that ends the reading, before the decoder's stack of
// open brackets can grow.
type jsonReader struct {
	b   []byte
	ls  lines
	dec *json.Decoder
	t   *table
	// lastStart is the offset the last token read began at.
	lastStart int
}

func readJSON(b []byte) (*Table, []Error) {
	jr := &jsonReader{b: b, ls: newLines(b), dec: json.NewDecoder(bytes.NewReader(b)), t: newTable()}
	jr.dec.UseNumber()
	errs := jr.read()
	return &jr.t.Table, errs
}

// next reads a token and says where it starts.
func (jr *jsonReader) next() (json.Token, Pos, error) {
	off := int(jr.dec.InputOffset())
	for off < len(jr.b) && strings.IndexByte(" \t\r\n,:", jr.b[off]) >= 0 {
		off++
	}
	tok, err := jr.dec.Token()
	jr.lastStart = min(off, len(jr.b))
	return tok, jr.ls.at(jr.lastStart), err
}

func (jr *jsonReader) read() []Error {
	tok, p, err := jr.next()
	switch {
	case err == io.EOF:
		return []Error{{Pos: Pos{1, 1}, Msg: "the file is empty: a JSON data file is a list of rows, [{\"slug\": \"acme\", ...}, ...]"}}
	case err != nil:
		return []Error{jr.syntax(err, p)}
	case tok != json.Delim('['):
		return []Error{{Pos: p, Msg: "a JSON data file is a list of rows, [{\"slug\": \"acme\", ...}, ...]; found " + describeToken(tok)}}
	}
	var errs []Error
	for jr.dec.More() {
		tok, p, err := jr.next()
		if err != nil {
			return append(errs, jr.syntax(err, p))
		}
		if tok != json.Delim('{') {
			if d, ok := tok.(json.Delim); ok && d == '[' {
				return append(errs, Error{Pos: p, Msg: "a row is an object of columns, {\"slug\": \"acme\"}; found a list"})
			}
			errs = append(errs, Error{Pos: p, Msg: "a row is an object of columns, {\"slug\": \"acme\"}; found " + describeToken(tok)})
			continue
		}
		if len(jr.t.Rows) == MaxRows {
			return append(errs, Error{Pos: p, Msg: tooManyRows})
		}
		start := jr.lastStart
		row, rerrs, stop := jr.row(p)
		errs = append(errs, rerrs...)
		if stop {
			return errs
		}
		row.Hash = bytesHash(jr.b[start:jr.dec.InputOffset()])
		jr.t.Rows = append(jr.t.Rows, row)
	}
	if _, p, err := jr.next(); err != nil { // the closing ]
		return append(errs, jr.syntax(err, p))
	}
	if _, p, err := jr.next(); err != io.EOF {
		return append(errs, Error{Pos: p, Msg: "more after the list of rows: a JSON data file is one list"})
	}
	return errs
}

// row reads the columns of one object, whose { was read at p. stop says
// the reading cannot go on.
func (jr *jsonReader) row(p Pos) (row Row, errs []Error, stop bool) {
	row.Pos = p
	for jr.dec.More() {
		key, kp, err := jr.next()
		if err != nil {
			return row, append(errs, jr.syntax(err, kp)), true
		}
		name, _ := key.(string)
		val, vp, err := jr.next()
		if err != nil {
			return row, append(errs, jr.syntax(err, vp)), true
		}
		if d, ok := val.(json.Delim); ok {
			what := map[json.Delim]string{'[': "a list", '{': "an object"}[d]
			return row, append(errs, Error{Pos: vp, Column: name, Msg: "a cell is a string, number, boolean or null; found " + what}), true
		}
		i, ok := jr.t.column(name)
		if !ok {
			return row, append(errs, Error{Pos: kp, Column: name, Msg: tooManyColumns}), true
		}
		if row.Get(i).Set {
			errs = append(errs, Error{Pos: kp, Column: name, Msg: fmt.Sprintf("%q twice in one row: give each column once", name)})
			continue
		}
		set(&row, i, Cell{Value: cellText(val), Pos: vp, Set: true})
	}
	if _, p, err := jr.next(); err != nil { // the closing }
		return row, append(errs, jr.syntax(err, p)), true
	}
	return row, errs, false
}

// cellText is a scalar token as text: a number as written, null as "".
func cellText(tok json.Token) string {
	switch v := tok.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return fmt.Sprint(v)
	}
	return ""
}

func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// syntax positions a JSON syntax error: at the decoder's offset, the
// byte it stopped at, or at p, where the token began.
func (jr *jsonReader) syntax(err error, p Pos) Error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return Error{Pos: jr.ls.at(min(int(se.Offset), len(jr.b))), Msg: "invalid JSON: " + se.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return Error{Pos: jr.ls.at(len(jr.b)), Msg: "the file ends inside the list of rows: close each object with } and the list with ]"}
	}
	return Error{Pos: p, Msg: "invalid JSON: " + err.Error()}
}
