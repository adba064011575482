package snapshot

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strconv"
	"unsafe"
)

// errDamaged is a snapshot that is not one reel wrote whole.
var errDamaged = errors.New("damaged snapshot")

// header is a snapshot's first line.
type header struct {
	stamp             string
	written           int64
	files, actions    int64 // the parts' lengths
	filesEnd, patchAt int64
}

// maxHeader is the longest header line read: the stamp is 32 hex digits.
const maxHeader = 256

// readHeader reads and checks the header line of a snapshot of size bytes.
func readHeader(f io.ReaderAt, size int64) (header, error) {
	buf := make([]byte, min(size, maxHeader))
	if _, err := f.ReadAt(buf, 0); err != nil {
		return header{}, err
	}
	line, _, ok := bytes.Cut(buf, []byte("\n"))
	var p [5]string
	if !ok || !fields(string(line), p[:]) || p[0] != magic || len(p[3]) != lengthDigits || len(p[4]) != lengthDigits {
		return header{}, errDamaged
	}
	h := header{stamp: p[1]}
	var err1, err2, err3 error
	h.written, err1 = strconv.ParseInt(p[2], 10, 64)
	h.files, err2 = strconv.ParseInt(p[3], 10, 64)
	h.actions, err3 = strconv.ParseInt(p[4], 10, 64)
	h.patchAt = h.files + h.actions
	if err1 != nil || err2 != nil || err3 != nil || h.stamp == "" || h.files < int64(len(line))+int64(sumLine) ||
		h.actions < int64(sumLine) || h.patchAt > size {
		return header{}, errDamaged
	}
	return h, nil
}

// load reads a snapshot of size bytes from f: the header, the patches
// after the two parts (a hint for editedAgain, see lastEdited), the files
// part, and the actions part's checksum line, leaving the actions in the
// file until they are asked for (readActions).
func load(f *os.File, size int64, editedAgain func()) (*Snapshot, error) {
	h, err := readHeader(f, size)
	if err != nil {
		return nil, err
	}
	patches, err := readAt(f, h.patchAt, size-h.patchAt)
	if err != nil {
		return nil, err
	}
	if editedAgain != nil && lastEdited(patches) {
		editedAgain()
	}
	s := &Snapshot{Stamp: h.stamp, Written: h.written}
	crc, err := s.readFilesPart(f, h.files)
	if err != nil {
		return nil, err
	}
	sum, err := readAt(f, h.patchAt-int64(sumLine), int64(sumLine))
	if err != nil {
		return nil, err
	}
	want, ok := sumOf(sum)
	if !ok {
		return nil, errDamaged
	}
	s.lazy = &lazyActions{f: f, off: h.files, n: h.actions - int64(sumLine), want: want}
	// the patches' checksums go on from the files part and the actions'
	// sum line, which stands for the actions
	s.from = &origin{crc: crc32.Update(crc, castagnoli(), sum), base: h.patchAt}
	s.from.size = h.patchAt + int64(s.applyPatches(patches, 0))
	return s, nil
}

// readAt reads n bytes at off, into memory of their own.
func readAt(f io.ReaderAt, off, n int64) ([]byte, error) {
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, off); err != nil && !(err == io.EOF && n == 0) {
		return nil, err
	}
	return buf, nil
}

// checkSum checks that part ends with the checksum line of crc, the
// checksum of the bytes before it, and returns the checksum through it.
func checkSum(part []byte, crc uint32) (uint32, error) {
	line := part[len(part)-sumLine:]
	if got, ok := sumOf(line); !ok || got != crc {
		return 0, errDamaged
	}
	return crc32.Update(crc, castagnoli(), line), nil
}

// sumOf reads a checksum line.
func sumOf(line []byte) (uint32, bool) {
	hex, ok := bytes.CutPrefix(line, []byte("sum\t"))
	if !ok || len(hex) != 9 || hex[8] != '\n' {
		return 0, false
	}
	v, err := strconv.ParseUint(string(hex[:8]), 16, 32)
	return uint32(v), err == nil
}

// lazyActions is a snapshot's actions part, left in its file until the
// actions are asked for: a no-op plan reads the head, never the actions,
// and they are two fifths of the file.
type lazyActions struct {
	f    *os.File // the file the snapshot was read from: another reel replaces it by rename, never in place
	off  int64
	n    int64  // bytes of action lines
	want uint32 // their checksum, as their sum line says
}

// copyTo writes the action lines and their sum line to w as they are in
// the file, without reading them into memory where the system can copy
// file to file (copy_file_range on Linux).
func (l *lazyActions) copyTo(w *bufio.Writer) error {
	if err := w.Flush(); err != nil {
		return err
	}
	if _, err := l.f.Seek(l.off, io.SeekStart); err != nil { // reads elsewhere are ReadAt: the offset is this one's
		return err
	}
	n := l.n + int64(sumLine)
	copied, err := w.ReadFrom(&io.LimitedReader{R: l.f, N: n})
	if err == nil && copied != n {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// readActions reads the actions part, if it was left in the file, into
// actionText.
func (s *Snapshot) readActions() error {
	l := s.lazy
	if l == nil {
		return nil
	}
	buf, err := readAt(l.f, l.off, l.n)
	if err != nil {
		return fmt.Errorf("snapshot: reading its actions: %w", err)
	}
	if crc32.Checksum(buf, castagnoli()) != l.want {
		return errDamaged
	}
	s.actionText, s.lazy = unsafe.String(unsafe.SliceData(buf), len(buf)), nil
	return nil
}
