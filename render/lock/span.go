package lock

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
)

// Span is where one video's block lies in reel.lock: from its `video` line
// to the end of its last field line.
type Span struct{ Off, Len int64 }

// ReadIndexed is Read, and where each video's block lies in the file, so
// that a later run which knows the file has not changed since can read
// one entry without decoding ten thousand (ReadEntry).
func ReadIndexed(path string) (*Lock, map[string]Span, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return New(), map[string]Span{}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	l, err := decode(path, data)
	if err != nil {
		return nil, nil, err
	}
	return l, index(data), nil
}

// index finds every block of a lock Decode accepted.
func index(data []byte) map[string]Span {
	spans := map[string]Span{}
	var id string
	var start int
	end := func(at int) {
		if id != "" {
			spans[id] = Span{int64(start), int64(at - start)}
			id = ""
		}
	}
	for off := 0; off < len(data); {
		n := bytes.IndexByte(data[off:], '\n')
		if n < 0 {
			n = len(data) - off
		}
		line := data[off : off+n]
		switch {
		case bytes.HasPrefix(line, []byte("video ")):
			end(off)
			id, start = unquoteID(string(line[len("video "):])), off
		case len(line) > 0 && line[0] == '\t':
		default: // a blank line, a comment or the footer ends the block
			end(off)
		}
		off += n + 1
	}
	end(len(data))
	return spans
}

func unquoteID(v string) string {
	v = string(bytes.TrimSuffix([]byte(v), []byte("\r")))
	if s, err := strconv.Unquote(v); err == nil {
		return s
	}
	return v
}

// ReadEntry reads the entry of video id from the block at sp of the lock
// at path, as ReadIndexed found it. The caller must know the file is
// unchanged since; ReadEntry still checks that the block is id's and
// decodes it strictly.
func ReadEntry(path string, sp Span, id string) (*Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if sp.Len <= 0 || sp.Len > 64<<20 {
		return nil, fmt.Errorf("%s: no block for video %s", path, quote(id))
	}
	block := make([]byte, sp.Len)
	if _, err := f.ReadAt(block, sp.Off); err != nil {
		return nil, fmt.Errorf("%s: reading video %s: %w", path, quote(id), err)
	}
	doc := make([]byte, 0, len(header)+1+len(block)+len(footer)+1)
	doc = append(append(append([]byte(header), '\n'), block...), '\n')
	l, err := decode(path, append(doc, footer...))
	if err != nil {
		return nil, err
	}
	e := l.Videos[id]
	if e == nil || len(l.Videos) != 1 {
		return nil, fmt.Errorf("%s: the block at byte %d is not video %s: the file changed", path, sp.Off, quote(id))
	}
	return e, nil
}
