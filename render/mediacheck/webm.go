package mediacheck

import (
	"fmt"
	"math/bits"
)

// Matroska's element IDs that the walk looks for or names.
const (
	idEBML    = 0x1A45DFA3
	idSegment = 0x18538067
)

var elementNames = map[uint32]string{
	idEBML: "EBML header", idSegment: "Segment", 0x114D9B74: "SeekHead", 0x1549A966: "Info",
	0x1654AE6B: "Tracks", 0x1F43B675: "Cluster", 0x1C53BB6B: "Cues", 0x1254C367: "Tags",
	0x1941A469: "Attachments", 0x1043A770: "Chapters", 0xEC: "Void", 0xBF: "CRC-32",
}

// webm walks an EBML header element, then a Segment: its size, plus its
// header, must end the file. A Segment of unknown size (a live
// recording's) says nothing of the file's length, so its top-level
// children are walked to the end instead; a child of unknown size too
// leaves nothing to check by, and is refused.
type webm struct {
	elems   int   // elements read: the EBML header, the Segment, its children
	last    elem  // the last element whose header was read
	segEnd  int64 // where a Segment of known size ends
	segOpen bool  // the Segment's size is unknown
}

// elem is one element's header.
type elem struct {
	id   uint32
	at   int64
	hl   int    // the header's length: ID and size
	size uint64 // the body's
}

func (w *webm) next(h []byte, at int64) (int, int64, bool, error) {
	if w.elems == 0 {
		if len(h) < 4 {
			return 4, 0, false, nil
		}
		if string(h[:4]) != "\x1a\x45\xdf\xa3" {
			return 0, 0, false, errorf("the provider sent a file that is not a WebM: it starts with %q, not an EBML header", h[:4])
		}
	}
	if w.elems >= 2 && !w.segOpen {
		return 0, 0, false, errorf("the provider sent a damaged WebM: its Segment ends at byte %d, and more bytes follow it", w.segEnd)
	}
	e, unknown, need, err := readElem(h, at)
	if need > len(h) || err != nil {
		return need, 0, false, err
	}
	switch {
	case w.elems == 0 && unknown:
		return 0, 0, false, errorf("the provider sent a damaged WebM: its EBML header has an unknown size")
	case w.elems == 1 && e.id != idSegment:
		return 0, 0, false, errorf("the provider sent a damaged WebM: after its EBML header comes %s, not a Segment", e)
	case w.elems == 1 && unknown:
		w.segOpen = true
		e.size = 0 // its children follow
	case w.elems == 1:
		w.segEnd = at + int64(e.hl) + int64(e.size)
	case unknown:
		return 0, 0, false, errorf("the provider sent a WebM that cannot be checked: its Segment and its %s both have an unknown size, so nothing says whether the file is whole", e)
	}
	w.elems++
	w.last = e
	return 0, int64(e.size), false, nil
}

// readElem reads an element's ID and size, each a variable-length
// integer whose leading zero bits say how many bytes follow the first; a
// size of all ones is unknown.
func readElem(h []byte, at int64) (e elem, unknown bool, need int, err error) {
	idLen := bits.LeadingZeros8(h[0]) + 1
	if idLen > 4 {
		return e, false, 0, errorf("the provider sent a damaged WebM: at byte %d, %#02x begins no element ID", at, h[0])
	}
	if len(h) < idLen+1 {
		return e, false, idLen + 1, nil
	}
	s0 := h[idLen]
	if s0 == 0 {
		return e, false, 0, errorf("the provider sent a damaged WebM: the size of the element at byte %d is not a valid number", at)
	}
	sizeLen := bits.LeadingZeros8(s0) + 1
	if len(h) < idLen+sizeLen {
		return e, false, idLen + sizeLen, nil
	}
	for _, b := range h[:idLen] {
		e.id = e.id<<8 | uint32(b)
	}
	e.size = uint64(s0 & (0xff >> sizeLen))
	for _, b := range h[idLen+1 : idLen+sizeLen] {
		e.size = e.size<<8 | uint64(b)
	}
	e.at, e.hl = at, idLen+sizeLen
	return e, e.size == 1<<(7*sizeLen)-1, 0, nil
}

func (w *webm) finish(e end) error {
	switch {
	case e.inHeader && w.elems == 0:
		return errorf("the provider sent %d bytes, too few for a WebM's EBML header: the file is not a WebM, or incomplete", e.total)
	case e.inHeader:
		return errorf("the provider sent %d bytes, but the last %d are not a whole WebM element header: the file is incomplete or damaged", e.total, e.total-e.headerAt)
	case e.short > 0:
		l := w.last
		return errorf("the provider sent %d bytes, but the WebM's %s declares %d bytes after its %d-byte header, to byte %d: the file is incomplete",
			e.total, l, l.size, l.hl, l.at+int64(l.hl)+int64(l.size))
	case w.elems < 2:
		return errorf("the provider sent %d bytes, a WebM with an EBML header but no Segment (its media): the file is incomplete", e.total)
	case w.elems == 2 && (w.segOpen || w.last.size == 0):
		return errorf("the provider sent %d bytes, a WebM whose Segment holds nothing: the file is incomplete", e.total)
	}
	return nil
}

// String names an element as a message does.
func (e elem) String() string {
	name, ok := elementNames[e.id]
	if !ok {
		name = fmt.Sprintf("element %X", e.id)
	}
	if e.at > 0 {
		name += fmt.Sprintf(" at byte %d", e.at)
	}
	return name
}
