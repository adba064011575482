package data

import "bytes"

// Scan is a CSV data file split into its header and its records, each
// hashed as Read hashes its row, with no cell read: a plan that knows the
// hashes of most rows from before reads only the others (Scan.Read).
type Scan struct {
	b       []byte // the file, without a BOM
	header  []byte
	hasher  *recordHasher
	Records []Record
}

// Record is one row's bytes in a scanned file.
type Record struct {
	Start, End int // its bytes, blank lines before it left out
	Line       int // the line it starts at
	Hash       string
}

// ScanCSV splits a CSV file's bytes into records as encoding/csv does for
// a valid file: a line break ends a record unless a quoted cell is open,
// told by the count of quotes so far being odd, and blank lines are no
// record. ok is false for a file it cannot tell about (a quote left open
// at its end, no header): Read reads such a file, and reports what is
// wrong with it. What is not text is found by Read, of this file's
// records or of a whole file's.
func ScanCSV(b []byte) (_ *Scan, ok bool) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	s := &Scan{b: b} // its text is checked record by record, as each is read
	line := 1
	for pos := 0; pos < len(b); {
		start, end, open := nextRecord(b, pos)
		if open {
			return nil, false
		}
		line += bytes.Count(b[pos:start], []byte("\n")) // the blank lines
		if len(trimRecord(b[start:end])) > 0 {          // a lone \r at the end is no record either
			if s.header == nil {
				s.header = b[start:end]
				s.hasher = newRecordHasher(s.header)
			} else {
				s.Records = append(s.Records, Record{Start: start, End: end, Line: line, Hash: s.hasher.hash(b[start:end])})
			}
		}
		line += bytes.Count(b[start:end], []byte("\n"))
		pos = end
	}
	return s, s.header != nil
}

// nextRecord finds the record from pos: its bytes start after any blank
// lines and end after its line break (or at the file's end). open says a
// quote is left open at the file's end.
func nextRecord(b []byte, pos int) (start, end int, open bool) {
	for {
		switch {
		case bytes.HasPrefix(b[pos:], []byte("\n")):
			pos++
			continue
		case bytes.HasPrefix(b[pos:], []byte("\r\n")):
			pos += 2
			continue
		}
		break
	}
	start, end = pos, pos
	quotes := 0
	for end < len(b) {
		i := bytes.IndexByte(b[end:], '\n')
		next := len(b)
		if i >= 0 {
			next = end + i + 1
		}
		quotes += bytes.Count(b[end:next], []byte(`"`))
		end = next
		if quotes%2 == 0 {
			return start, end, false
		}
	}
	return start, end, quotes%2 == 1
}

// Header reads the header: the table of the file's columns, and no row.
func (s *Scan) Header() (*Table, []Error) {
	if e, ok := checkText(s.header); !ok {
		return &Table{}, []Error{e}
	}
	return readCSV(s.header)
}

// Read reads record i: a table of its one row, positioned in the whole
// file. A record that does not read as one row is an error: read the
// whole file then, to report it where a whole read does.
func (s *Scan) Read(i int) (*Table, []Error) {
	rec := s.Records[i]
	part := make([]byte, 0, len(s.header)+rec.End-rec.Start)
	part = append(append(part, s.header...), s.b[rec.Start:rec.End]...) // the header ends with its line break: a record follows it
	if e, ok := checkText(part); !ok {
		return &Table{}, []Error{e}
	}
	t, errs := readCSV(part)
	if len(errs) > 0 || len(t.Rows) != 1 {
		return t, append(errs, Error{Pos: Pos{rec.Line, 1}, Msg: "not one row"})
	}
	shift := rec.Line - (bytes.Count(s.header, []byte("\n")) + 1) // the record's line in part
	r := &t.Rows[0]
	r.Pos.Line += shift
	for c := range r.Cells {
		r.Cells[c].Pos.Line += shift
	}
	return t, nil
}
