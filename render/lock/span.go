package lock

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/reel-dev/reel/internal/safefile"
)

// Span is where one video's block lies in reel.lock: from its `video` line
// to the end of its last field line.
type Span struct{ Off, Len int64 }

// Indexed is a lock as one read saw it: the entries, where each video's
// block lies in the file, so that a later run which knows the file has not
// changed since can read one entry without decoding ten thousand
// (ReadEntry), and the file's size, mtime (unix nanoseconds) and SHA-256
// (hex) as read, so that a cache records the very bytes a plan was made
// from and not a newer lock written meanwhile. Size is -1 when there is no
// lock yet.
type Indexed struct {
	*Lock
	Spans  map[string]Span
	Size   int64
	Mtime  int64
	SHA256 string
}

// ReadIndexed is Read, indexed.
func ReadIndexed(path string) (*Indexed, error) {
	data, st, err := safefile.ReadStampIn(filepath.Dir(path), path, safefile.Lock)
	if errors.Is(err, fs.ErrNotExist) {
		return &Indexed{Lock: NewAt(path), Spans: map[string]Span{}, Size: -1}, nil
	}
	if err != nil {
		return nil, err
	}
	d := &decoder{file: path, data: data, l: NewAt(path), record: true}
	l, err := d.decode()
	if err != nil {
		return nil, err
	}
	spans := make(map[string]Span, len(d.blocks))
	for _, b := range d.blocks {
		spans[b.id] = Span{int64(b.start), int64(b.end - b.start)}
	}
	sum := sha256.Sum256(data) // reel replaces the lock by rename: the open file's stat and bytes are one version
	return &Indexed{Lock: l, Spans: spans, Size: st.Size, Mtime: st.Mtime, SHA256: hex.EncodeToString(sum[:])}, nil
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
// decodes it strictly, by the rules of the file's own version (its
// version line is read again): a version 2 block must pass its check.
func ReadEntry(path string, sp Span, id string) (*Entry, error) {
	f, _, err := safefile.Open(path, safefile.Lock)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if sp.Len <= 0 || sp.Len > 64<<20 || sp.Off <= 0 {
		return nil, fmt.Errorf("%s: no block for video %s", path, quote(id))
	}
	version, err := versionAt(path, f, sp.Off)
	if err != nil {
		return nil, err
	}
	data := make([]byte, sp.Len)
	if _, err := f.ReadAt(data, sp.Off); err != nil {
		return nil, fmt.Errorf("%s: reading video %s: %w", path, quote(id), err)
	}
	head := headerOf(version)
	doc := make([]byte, 0, len(head)+1+len(data)+len(footer)+1)
	doc = append(append(append([]byte(head), '\n'), data...), '\n')
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

// maxHead is how far into a lock its version line may be for ReadEntry:
// reel writes it as the third line.
const maxHead = 4 << 10

// versionAt reads the version of the lock open in f from its first lines,
// which come before the block at off: comments, then the version line.
func versionAt(path string, f io.ReaderAt, off int64) (int, error) {
	head := make([]byte, min(off, maxHead))
	if n, err := f.ReadAt(head, 0); n < len(head) {
		return 0, fmt.Errorf("%s: reading its version line: %w", path, err)
	}
	d := &decoder{file: path, l: New()}
	for n, rest := 1, head; len(rest) > 0; n++ {
		var line []byte
		line, rest = cutLine(rest)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		v, ok := bytes.CutPrefix(line, []byte("version "))
		if !ok || len(rest) == 0 {
			break // not a version line, or one cut off by maxHead
		}
		if err := d.versionLine(n, string(v)); err != nil {
			return 0, err
		}
		return d.version, nil
	}
	return 0, fmt.Errorf("%s: no version line before the block at byte %d: the file changed", path, off)
}
