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
// It reads the part twice: first to count the files and check the sum,
// so that Files is made once at its size (grown by append, it would be
// copied, and for a moment held twice), and only for a part reel wrote
// whole (see maxFiles).
func (s *Snapshot) readFilesPart(f io.ReaderAt, n int64) (uint32, error) {
	body := n - int64(sumLine)
	buf := make([]byte, max(int64(sumLine), min(partChunk, body))) // a small project's part, whole
	files, crc, err := scanFiles(f, body, buf)
	if err != nil {
		return 0, err
	}
	if _, err := f.ReadAt(buf[:sumLine], body); err != nil {
		return 0, err
	}
	through, err := checkSum(buf[:sumLine], crc)
	if err != nil {
		return 0, err
	}
	s.Files = make([]File, 0, min(files, maxFiles(body)))
	d := partDecoder{s: s, arena: arena{size: min(arenaBlock, int(body))}}
	carry := 0
	for off := int64(0); off < body; {
		m := min(int64(len(buf)-carry), body-off)
		if m == 0 {
			return 0, errDamaged // a line longer than a chunk
		}
		if _, err := f.ReadAt(buf[carry:carry+int(m)], off); err != nil {
			return 0, err
		}
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
	return through, nil
}

// minFileLine is the length of the shortest line a file can have:
// "f", six tabs, two one-digit numbers and a newline.
const minFileLine = len("f\t0\t0\t\t\t\t\n")

// maxFiles is the most file lines a part of n bytes can hold. A part of
// empty lines whose sum holds (a checksum is no secret) has a line per
// byte, and a File made for each was many times the file's size.
func maxFiles(n int64) int { return int(n / int64(minFileLine)) }

// scanFiles counts the file lines of the first n bytes of f (its lines
// less the header and the head), reading them into buf, and returns
// their checksum.
func scanFiles(f io.ReaderAt, n int64, buf []byte) (int, uint32, error) {
	lines, crc := 0, uint32(0)
	for off := int64(0); off < n; {
		m := min(int64(len(buf)), n-off)
		if _, err := f.ReadAt(buf[:m], off); err != nil {
			return 0, 0, err
		}
		lines += bytes.Count(buf[:m], []byte("\n"))
		crc = crc32.Update(crc, castagnoli(), buf[:m])
		off += m
	}
	return max(lines-2, 0), crc, nil
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
type arena struct {
	block []byte
	size  int // of its blocks; 0 for arenaBlock. A small files part needs no more than its own size
}

// arenaBlock is the size of an arena's blocks.
const arenaBlock = 256 << 10

// copy returns a copy of v in the arena. A block is only ever appended
// to, so the bytes of a string it returned never change.
func (a *arena) copy(v string) string {
	if v == "" {
		return ""
	}
	if len(a.block)+len(v) > cap(a.block) {
		size := arenaBlock
		if a.size > 0 {
			size = a.size
		}
		a.block = make([]byte, 0, max(size, len(v)))
	}
	at := len(a.block)
	a.block = append(a.block, v...)
	return unsafe.String(&a.block[at], len(v))
}
