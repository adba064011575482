package mediacheck

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
)

// mp4 walks ISO-BMFF top-level boxes: a 32-bit size (1: a 64-bit size
// follows the type; 0: the box runs to the end of the file) and a type.
// The first box is ftyp; moov (the index) and mdat (the media) must be
// there too.
type mp4 struct {
	boxes      int
	last       box // the last box whose header was read
	moov, mdat bool
}

// box is one top-level box's header.
type box struct {
	typ  string
	at   int64
	size uint64 // header included; 0 runs to the end
}

func (m *mp4) next(h []byte, at int64) (int, int64, bool, error) {
	if len(h) < 8 {
		return 8, 0, false, nil
	}
	size, hl := uint64(binary.BigEndian.Uint32(h)), uint64(8)
	open := size == 0
	if size == 1 {
		if len(h) < 16 {
			return 16, 0, false, nil
		}
		size, hl = binary.BigEndian.Uint64(h[8:]), 16
	}
	b := box{typ: string(h[4:8]), at: at, size: size}
	switch {
	case m.boxes == 0 && b.typ != "ftyp":
		return 0, 0, false, errorf("the provider sent a file that is not an MP4: it starts with %q, not an ftyp box", h[:8])
	case !open && size < hl:
		return 0, 0, false, errorf("the provider sent a damaged MP4: its %s declares %d bytes, less than its own %d-byte header", b, size, hl)
	case size > math.MaxInt64-uint64(at):
		return 0, 0, false, errorf("the provider sent a damaged MP4: its %s declares %d bytes, more than any file holds", b, size)
	}
	m.boxes++
	m.last = b
	m.moov = m.moov || b.typ == "moov"
	m.mdat = m.mdat || b.typ == "mdat"
	if open {
		return 0, 0, true, nil
	}
	return 0, int64(size - hl), false, nil
}

func (m *mp4) finish(e end) error {
	switch {
	case e.inHeader && m.boxes == 0:
		return errorf("the provider sent %d bytes, too few for an MP4's first box: the file is not an MP4, or incomplete", e.total)
	case e.inHeader:
		return errorf("the provider sent %d bytes, but the last %d are not a whole MP4 box header: the file is incomplete or damaged", e.total, e.total-e.headerAt)
	case e.short > 0:
		b := m.last
		return errorf("the provider sent %d bytes, but the MP4's %s declares %d%s: the file is incomplete", e.total, b, b.size, b.to())
	case !m.moov || !m.mdat:
		return errorf("the provider sent %d bytes, an MP4 with %s: the file is damaged or incomplete", e.total, m.missing())
	}
	return nil
}

// missing names the parts an MP4 lacks.
func (m *mp4) missing() string {
	var no []string
	if !m.moov {
		no = append(no, "no moov box (its index)")
	}
	if !m.mdat {
		no = append(no, "no mdat box (its media)")
	}
	return strings.Join(no, " and ")
}

// String names a box as a message does: its type, and where it starts
// unless that is the file's start.
func (b box) String() string {
	s := boxType(b.typ) + " box"
	if b.at > 0 {
		s += " at byte " + strconv.FormatInt(b.at, 10)
	}
	return s
}

// to says where a box that starts past the file's start would end.
func (b box) to() string {
	if b.at == 0 {
		return ""
	}
	return ", to byte " + strconv.FormatUint(uint64(b.at)+b.size, 10)
}

// boxType is a box type as is when it is printable, else quoted.
func boxType(t string) string {
	for i := 0; i < len(t); i++ {
		if t[i] < ' ' || t[i] > '~' {
			return strconv.Quote(t)
		}
	}
	return t
}
