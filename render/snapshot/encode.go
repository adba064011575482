package snapshot

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"unsafe"
)

const magic = "reel-snapshot 2"

// castagnoli guards against a snapshot edited or cut short by hand (the
// rename that writes it is atomic); it is a cache, not a security boundary.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// The encoding is a line each: the header; one line per file
// ("f SIZE MTIME FLAGS SHA PATH", FLAGS d for a folder and x for an exact
// hash or -, SHA - when none); the head; one line per action
// ("a ID KIND OUTPUT OFF LEN DATA"); then a checksum of everything before
// it, so a torn or edited file is ignored. Fields are tab-separated, so no
// path or id may hold a tab or a newline.
func encode(w *bufio.Writer, s *Snapshot) (err error) {
	h := crc32.New(castagnoli)
	buf := make([]byte, 0, 64<<10)
	flush := func() {
		h.Write(buf)
		w.Write(buf)
		buf = buf[:0]
	}
	buf = fmt.Appendf(buf, "%s\t%s\t%d\n", magic, s.Stamp, s.Written)
	for _, f := range s.Files {
		if f.raw != "" { // as read: an edit of one manifest rewrites one line
			buf = append(append(buf, f.raw...), '\n')
		} else if buf, err = appendFile(buf, f); err != nil {
			return err
		}
		if len(buf) > 60<<10 {
			flush()
		}
	}
	buf = append(append(append(buf, "head\t"...), s.Head...), '\n')
	flush()
	if s.actionText != "" { // never split: written back as read
		// the bytes it was read from, not a copy of them: a hash only reads
		h.Write(unsafe.Slice(unsafe.StringData(s.actionText), len(s.actionText)))
		w.WriteString(s.actionText)
	}
	for _, line := range s.actions {
		buf = append(append(buf, line...), '\n')
		if len(buf) > 60<<10 {
			flush()
		}
	}
	flush()
	fmt.Fprintf(w, "sum\t%08x\n", h.Sum32())
	return nil
}

func appendFile(buf []byte, f File) ([]byte, error) {
	if strings.IndexByte(f.Path, '\t') >= 0 || strings.IndexByte(f.Path, '\n') >= 0 { // ContainsAny, without its set
		return nil, fmt.Errorf("path %q cannot be recorded", f.Path)
	}
	buf = append(buf, "f\t"...)
	buf = strconv.AppendInt(buf, f.Size, 10)
	buf = append(buf, '\t')
	buf = strconv.AppendInt(buf, f.Mtime, 10)
	buf = append(append(buf, '\t'), flags(f)...)
	buf = append(append(buf, '\t'), orDash(f.SHA256)...)
	buf = append(append(buf, '\t'), f.Path...)
	return append(buf, '\n'), nil
}

func appendAction(buf []byte, a Action) ([]byte, error) {
	if strings.ContainsAny(a.ID+a.Kind+a.Output, "\t\n") || strings.Contains(a.Data, "\n") {
		return nil, fmt.Errorf("video %q cannot be recorded", a.ID)
	}
	buf = append(append(buf, "a\t"...), a.ID...)
	buf = append(append(buf, '\t'), a.Kind...)
	buf = append(append(buf, '\t'), orDash(a.Output)...)
	buf = append(buf, '\t')
	buf = strconv.AppendInt(buf, a.Lock.Off, 10)
	buf = append(buf, '\t')
	buf = strconv.AppendInt(buf, a.Lock.Len, 10)
	buf = append(append(buf, '\t'), a.Data...)
	return append(buf, '\n'), nil
}

func flags(f File) string {
	switch {
	case f.Dir && f.Exact:
		return "dx"
	case f.Dir:
		return "d"
	case f.Exact:
		return "x"
	}
	return "-"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func unDash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// decode reads the base and then every patch whose checksum holds; a torn
// or foreign patch, and all after it, are ignored: what is left is the
// state some reel wrote whole.
//
// editedAgain, if not nil, is called before the base is checked and read
// when a file of the last patch no longer stats as recorded there (see
// lastEdited): the patches are found where the base ends, not searched for.
func decode(data []byte, editedAgain func()) (*Snapshot, error) {
	end := bytes.Index(data, []byte("\nsum\t"))
	if end < 0 {
		return nil, errors.New("no checksum")
	}
	body := data[:end+1]
	sumEnd := bytes.IndexByte(data[end+1:], '\n')
	if editedAgain != nil && sumEnd >= 0 && lastEdited(data[end+1+sumEnd+1:]) {
		editedAgain()
	}
	if sumEnd < 0 || string(data[end+5:end+1+sumEnd]) != fmt.Sprintf("%08x", crc32.Checksum(body, castagnoli)) {
		return nil, errors.New("checksum mismatch")
	}
	// Every field below is a substring of text, which shares data's
	// memory: data is never written to after this.
	text := unsafe.String(unsafe.SliceData(body), len(body))
	s := &Snapshot{}
	if i := strings.Index(text, "\na\t"); i >= 0 { // the actions come last
		text, s.actionText = text[:i+1], text[i+1:]
	}
	s.Files = make([]File, 0, strings.Count(text, "\n"))
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		line := text[:i]
		text = text[i+1:]
		var err error
		switch {
		case strings.HasPrefix(line, "f\t"):
			err = s.fileLine(line)
		case strings.HasPrefix(line, "head\t"):
			s.Head = []byte(line[5:])
		case strings.HasPrefix(line, magic+"\t"):
			parts := strings.Split(line, "\t")
			if len(parts) != 3 {
				return nil, errors.New("bad header")
			}
			s.Stamp = parts[1]
			s.Written, err = strconv.ParseInt(parts[2], 10, 64)
		default:
			return nil, errors.New("unknown line")
		}
		if err != nil {
			return nil, err
		}
	}
	if s.Stamp == "" {
		return nil, errors.New("no header")
	}
	base := end + 1 + sumEnd + 1
	s.from = &origin{crc: crc32.Checksum(data[:base], castagnoli), base: int64(base)}
	s.from.size = int64(base + s.applyPatches(data, base))
	return s, nil
}

// fields cuts a line into n tab-separated fields, the last taking the rest.
func fields(line string, out []string) bool {
	for i := range len(out) - 1 {
		var ok bool
		out[i], line, ok = strings.Cut(line, "\t")
		if !ok {
			return false
		}
	}
	out[len(out)-1] = line
	return true
}

func (s *Snapshot) fileLine(line string) error {
	var p [6]string
	if !fields(line, p[:]) {
		return errLine
	}
	f := File{Path: p[5], Dir: strings.Contains(p[3], "d"), Exact: strings.Contains(p[3], "x"), SHA256: unDash(p[4]), raw: line}
	var err1, err2 error
	f.Size, err1 = parseInt(p[1])
	f.Mtime, err2 = parseInt(p[2])
	if err1 != nil || err2 != nil {
		return errLine
	}
	s.Files = append(s.Files, f)
	return nil
}

func actionLine(line string) (Action, error) {
	var p [7]string
	if !fields(line, p[:]) || p[0] != "a" {
		return Action{}, errLine
	}
	a := Action{ID: p[1], Kind: p[2], Output: unDash(p[3]), Data: p[6]}
	var err1, err2 error
	a.Lock.Off, err1 = parseInt(p[4])
	a.Lock.Len, err2 = parseInt(p[5])
	if err1 != nil || err2 != nil {
		return Action{}, errLine
	}
	return a, nil
}

// parseInt is strconv.ParseInt(v, 10, 64), faster for the numbers a
// snapshot holds: an optional minus and at most 19 digits that fit are
// read directly (the 40,000 numbers of a 10,000-video snapshot, most of
// them 19-digit mtimes, took a fifth of its load through strconv);
// anything else goes to strconv, for its errors.
func parseInt(v string) (int64, error) {
	digits, neg := v, len(v) > 0 && v[0] == '-'
	if neg {
		digits = v[1:]
	}
	if len(digits) == 0 || len(digits) > 19 {
		return strconv.ParseInt(v, 10, 64)
	}
	var n uint64 // 19 digits fit: at most 10^19-1 < 2^64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return strconv.ParseInt(v, 10, 64)
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return int64(-n), nil // -2^63 included: -n wraps to it
	case !neg && n < 1<<63:
		return int64(n), nil
	}
	return strconv.ParseInt(v, 10, 64) // out of range
}
