package snapshot

import (
	"bytes"
	"hash/crc32"
	"io"
	"unsafe"
)

// partChunk is how much of the files part is read at a time. A line
// longer than it is not one reel wrote (a path is at most 4,096 bytes).
// Small, because its buffer is fresh memory, a page fault per 4 KiB
// touched, while a read more costs only its system call: a chunk of
// 1 MiB cost more in faults than the reads it saved.
const partChunk = 128 << 10

// readFilesPart reads the files part, n bytes from the file's start with
// its sum line, a chunk at a time, checks its sum, and decodes its lines,
// copying each file's path and hashes into an arena, and returns the
// checksum through the sum line. The part is not kept: its numbers,
// flags and tabs were a fifth of a no-op's memory at 100,000 manifests,
// kept only because the strings pointed into it.
//
// It reads the part twice, first to count the files, so that Files is
// made once at its size: grown by append, it would be copied, and for a
// moment held twice.
func (s *Snapshot) readFilesPart(f io.ReaderAt, n int64) (uint32, error) {
	body := n - int64(sumLine)
	buf := make([]byte, partChunk)
	files, err := countFiles(f, body, buf)
	if err != nil {
		return 0, err
	}
	s.Files = make([]File, 0, files)
	d := partDecoder{s: s}
	var crc uint32
	carry := 0
	for off := int64(0); off < body; {
		m := min(int64(len(buf)-carry), body-off)
		if m == 0 {
			return 0, errDamaged // a line longer than a chunk
		}
		if _, err := f.ReadAt(buf[carry:carry+int(m)], off); err != nil {
			return 0, err
		}
		crc = crc32.Update(crc, castagnoli(), buf[carry:carry+int(m)])
		off += m
		rest, err := d.lines(buf[:carry+int(m)])
		if err != nil {
			return 0, err
		}
		carry = copy(buf, rest)
	}
	if carry != 0 || s.Head == nil {
		return 0, errDamaged
	}
	sum := buf[:sumLine]
	if _, err := f.ReadAt(sum, body); err != nil {
		return 0, err
	}
	return checkSum(sum, crc)
}

// countFiles counts the file lines of the first n bytes of f (its lines
// less the header and the head), reading them into buf.
func countFiles(f io.ReaderAt, n int64, buf []byte) (int, error) {
	lines := 0
	for off := int64(0); off < n; {
		m := min(int64(len(buf)), n-off)
		if _, err := f.ReadAt(buf[:m], off); err != nil {
			return 0, err
		}
		lines += bytes.Count(buf[:m], []byte("\n"))
		off += m
	}
	return max(lines-2, 0), nil
}

// partDecoder decodes the files part's lines as they are read.
type partDecoder struct {
	s      *Snapshot
	header bool // the header line has been passed
	arena  arena
}

// lines decodes the whole lines in data and returns what follows the
// last, the start of a line the next chunk ends.
func (d *partDecoder) lines(data []byte) ([]byte, error) {
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return data, nil
		}
		if err := d.line(data[:i]); err != nil {
			return nil, err
		}
		data = data[i+1:]
	}
}

// line decodes one line; its bytes are the chunk's, and are copied.
func (d *partDecoder) line(b []byte) error {
	s := d.s
	switch {
	case !d.header:
		d.header = true // read already, by readHeader
	case s.Head != nil:
		return errDamaged // the head is the last line
	case bytes.HasPrefix(b, []byte("f\t")):
		if err := s.fileLine(unsafe.String(unsafe.SliceData(b), len(b))); err != nil {
			return err
		}
		f := &s.Files[len(s.Files)-1]
		f.Path, f.SHA256, f.Blob = d.arena.copy(f.Path), d.arena.copy(f.SHA256), d.arena.copy(f.Blob)
	case bytes.HasPrefix(b, []byte("head\t")):
		s.Head = bytes.Clone(b[len("head\t"):])
	default:
		return errDamaged
	}
	return nil
}

// arena holds many small strings in a few large blocks: a string each
// would be an allocation each, and its own size class's rounding.
type arena struct{ block []byte }

// arenaBlock is the size of an arena's blocks.
const arenaBlock = 256 << 10

// copy returns a copy of v in the arena. A block is only ever appended
// to, so the bytes of a string it returned never change.
func (a *arena) copy(v string) string {
	if v == "" {
		return ""
	}
	if len(a.block)+len(v) > cap(a.block) {
		a.block = make([]byte, 0, max(arenaBlock, len(v)))
	}
	at := len(a.block)
	a.block = append(a.block, v...)
	return unsafe.String(&a.block[at], len(v))
}
