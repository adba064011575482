package snapshot

import (
	"bufio"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

const magic = "reel-snapshot 4"

// castagnoli guards against a snapshot edited or cut short by hand (the
// rename that writes it is atomic); it is a cache, not a security boundary.
// It is made when a snapshot is first read or written, not at every
// start: making it sets up the hardware path's tables.
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// The encoding is a line each, in two parts, each ending with a checksum
// line ("sum CRC"):
//
//   - the files part, all a no-op reads: the header ("reel-snapshot 4
//     STAMP WRITTEN LEN_FILES LEN_ACTIONS", the two lengths those of the
//     parts, sum lines included, in fixed-width digits); one line per file
//     ("f SIZE MTIME FLAGS SHA BLOB PATH", FLAGS d for a folder and x for
//     an exact hash or -, SHA and BLOB - when none); the head; its sum is
//     of every byte before it;
//   - the actions part, read only when the plan's actions are: one line
//     per action ("a ID KIND OUTPUT OFF LEN DATA"); its sum is of its own
//     lines, so that a save that leaves the actions alone (after a
//     checkout touched every file) copies the part as it is, unread.
//
// A torn or edited file fails a checksum and is ignored. Fields are
// tab-separated, so no path or id may hold a tab or a newline. Patches
// (patch.go) follow the two parts.
func encode(w *bufio.Writer, s *Snapshot) error {
	if s.lazy != nil { // never read: copied as it is
		return s.encodeFiles(w, s.lazy.n, func() error { return s.lazy.copyTo(w) })
	}
	acts := s.actionBytes()
	return s.encodeFiles(w, int64(len(acts)), func() error {
		w.Write(acts)
		writeSum(w, crc32.Checksum(acts, castagnoli()))
		return nil
	})
}

// sumLine is the length of a checksum line.
const sumLine = len("sum\t00000000\n")

// lengthDigits is the width of the header's lengths.
const lengthDigits = 12

// writeSum writes the checksum line of crc.
func writeSum(w *bufio.Writer, crc uint32) {
	w.Write(fmt.Appendf(make([]byte, 0, sumLine), "sum\t%08x\n", crc))
}

// encodeFiles writes the files part, then the actions part through
// actions, which writes actionBytes bytes of lines and their sum line. The
// lines go out as they are made, a buffer at a time: after a checkout
// every file's line is new, and one buffer of them all was megabytes of
// fresh pages.
func (s *Snapshot) encodeFiles(w *bufio.Writer, actionBytes int64, actions func() error) error {
	files, err := s.filesLen()
	if err != nil {
		return err
	}
	h := crc32.New(castagnoli())
	buf := fmt.Appendf(make([]byte, 0, 64<<10), "%s\t%s\t%d\t%0*d\t%0*d\n", magic, s.Stamp, s.Written,
		lengthDigits, files, lengthDigits, actionBytes+int64(sumLine))
	for _, f := range s.Files {
		buf, _ = appendFile(buf, f) // filesLen checked it
		if len(buf) > 60<<10 {
			h.Write(buf)
			w.Write(buf)
			buf = buf[:0]
		}
	}
	buf = append(append(append(buf, "head\t"...), s.Head...), '\n')
	h.Write(buf)
	w.Write(buf)
	writeSum(w, h.Sum32())
	return actions()
}

// filesLen is the length of the files part, its sum line included.
func (s *Snapshot) filesLen() (int64, error) {
	n := len(fmt.Sprintf("%s\t%s\t%d\t%0*d\t%0*d\n", magic, s.Stamp, s.Written, lengthDigits, 0, lengthDigits, 0))
	var scratch [20]byte
	for _, f := range s.Files {
		if strings.IndexByte(f.Path, '\t') >= 0 || strings.IndexByte(f.Path, '\n') >= 0 { // ContainsAny, without its set
			return 0, fmt.Errorf("path %q cannot be recorded", f.Path)
		}
		n += len("f\t\t\t\t\t\t\n") + len(strconv.AppendInt(scratch[:0], f.Size, 10)) + len(strconv.AppendInt(scratch[:0], f.Mtime, 10)) +
			len(flags(f)) + len(orDash(f.SHA256)) + len(orDash(f.Blob)) + len(f.Path)
	}
	return int64(n + len("head\t\n") + len(s.Head) + sumLine), nil
}

// actionBytes is the action lines as the file holds them: as read when
// never split, each line with its newline.
func (s *Snapshot) actionBytes() []byte {
	if s.actionText != "" { // never split: written back as read
		return unsafe.Slice(unsafe.StringData(s.actionText), len(s.actionText)) // only read
	}
	n := 0
	for _, line := range s.actions {
		n += len(line) + 1
	}
	buf := make([]byte, 0, n)
	for _, line := range s.actions {
		buf = append(append(buf, line...), '\n')
	}
	return buf
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
	buf = append(append(buf, '\t'), orDash(f.Blob)...)
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
	var p [7]string
	if !fields(line, p[:]) {
		return errLine
	}
	f := File{Path: p[6], Dir: strings.Contains(p[3], "d"), Exact: strings.Contains(p[3], "x"), SHA256: unDash(p[4]), Blob: unDash(p[5]), asRead: true}
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
