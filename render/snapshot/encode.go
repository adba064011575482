package snapshot

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
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
func encode(w *bufio.Writer, s *Snapshot) error {
	h := crc32.New(castagnoli)
	var buf []byte
	flush := func() {
		h.Write(buf)
		w.Write(buf)
		buf = buf[:0]
	}
	buf = fmt.Appendf(buf, "%s\t%s\t%d\n", magic, s.Stamp, s.Written)
	for _, f := range s.Files {
		if strings.ContainsAny(f.Path, "\t\n") {
			return fmt.Errorf("path %q cannot be recorded", f.Path)
		}
		buf = append(buf, "f\t"...)
		buf = strconv.AppendInt(buf, f.Size, 10)
		buf = append(buf, '\t')
		buf = strconv.AppendInt(buf, f.Mtime, 10)
		buf = append(buf, '\t')
		buf = append(buf, flags(f)...)
		buf = append(buf, '\t')
		buf = append(buf, orDash(f.SHA256)...)
		buf = append(buf, '\t')
		buf = append(buf, f.Path...)
		buf = append(buf, '\n')
		flush()
	}
	buf = append(append(append(buf, "head\t"...), s.Head...), '\n')
	for _, a := range s.Actions {
		if strings.ContainsAny(a.ID+a.Kind+a.Output, "\t\n") || strings.Contains(a.Data, "\n") {
			return fmt.Errorf("video %q cannot be recorded", a.ID)
		}
		buf = fmt.Appendf(buf, "a\t%s\t%s\t%s\t%d\t%d\t", a.ID, a.Kind, orDash(a.Output), a.Lock.Off, a.Lock.Len)
		buf = append(append(buf, a.Data...), '\n')
		flush()
	}
	flush()
	fmt.Fprintf(w, "sum\t%08x\n", h.Sum32())
	return nil
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

func decode(data []byte) (*Snapshot, error) {
	end := bytes.LastIndex(data, []byte("\nsum\t"))
	if end < 0 {
		return nil, errors.New("no checksum")
	}
	body, sum := data[:end+1], strings.TrimSpace(string(data[end+5:]))
	if fmt.Sprintf("%08x", crc32.Checksum(body, castagnoli)) != sum {
		return nil, errors.New("checksum mismatch")
	}
	text := string(body) // one copy; every field below is a substring of it
	s := &Snapshot{}
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		line := text[:i]
		text = text[i+1:]
		var err error
		switch {
		case strings.HasPrefix(line, "f\t"):
			err = s.fileLine(line)
		case strings.HasPrefix(line, "a\t"):
			err = s.actionLine(line)
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
	return s, nil
}

func (s *Snapshot) fileLine(line string) error {
	parts := strings.SplitN(line, "\t", 6)
	if len(parts) != 6 {
		return errors.New("bad file line")
	}
	f := File{Path: parts[5], Dir: strings.Contains(parts[3], "d"), Exact: strings.Contains(parts[3], "x"), SHA256: unDash(parts[4])}
	var err1, err2 error
	f.Size, err1 = strconv.ParseInt(parts[1], 10, 64)
	f.Mtime, err2 = strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil {
		return errors.New("bad file line")
	}
	s.Files = append(s.Files, f)
	return nil
}

func (s *Snapshot) actionLine(line string) error {
	parts := strings.SplitN(line, "\t", 7)
	if len(parts) != 7 {
		return errors.New("bad action line")
	}
	a := Action{ID: parts[1], Kind: parts[2], Output: unDash(parts[3]), Data: parts[6]}
	var err1, err2 error
	a.Lock.Off, err1 = strconv.ParseInt(parts[4], 10, 64)
	a.Lock.Len, err2 = strconv.ParseInt(parts[5], 10, 64)
	if err1 != nil || err2 != nil {
		return errors.New("bad action line")
	}
	s.Actions = append(s.Actions, a)
	return nil
}
