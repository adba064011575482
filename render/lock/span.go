package lock

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
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
	d := &decoder{file: path, data: data, own: true, l: New(), record: true}
	l, err := d.decode()
	if err != nil {
		return nil, nil, err
	}
	spans := make(map[string]Span, len(d.blocks))
	for _, b := range d.blocks {
		spans[b.id] = Span{int64(b.start), int64(b.end - b.start)}
	}
	return l, spans, nil
}

// block is where a video's block lies in a lock's bytes: from its `video`
// line to the end of its last field line.
type block struct {
	id         string
	start, end int
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
