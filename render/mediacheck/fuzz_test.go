package mediacheck_test

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/mediacheck"
)

// FuzzVerify checks the streaming Verifier against refMP4 and refWebM,
// plain walks over the whole file in memory: whatever the bytes and
// however they are split into writes, it never panics and passes exactly
// what they pass; and when it passes a file it passes none of the file's
// prefixes but those that end where a top-level element (or, in an
// unknown-size Segment, a child) ends, or inside a box that runs to the
// end: a download cut inside an element is never taken for whole. The
// prefixes tried are those cut near each element's start and end (inside
// its header, a byte short of its end) and one the fuzzer picks. Seeds:
// the real media files, the lying answers' bodies and the table tests'
// shapes.
func FuzzVerify(f *testing.F) {
	for name, c := range fixtures(f) {
		f.Add(small(f, readFile(f, name), c), uint8(0), uint16(100), c == mediacheck.WebM)
	}
	names, _ := filepath.Glob("../../testdata/media/hostile/*.http")
	for _, name := range names {
		f.Add(readAnswer(f, name), uint8(5), uint16(90), strings.HasSuffix(name, ".webm.http"))
	}
	f.Add(cat(ftyp, box("moov"), largeBox("mdat", 1, 2)), uint8(2), uint16(40), false)
	f.Add(cat(ftyp, box("moov"), rawBox(0, "mdat"), zeros(9)), uint8(1), uint16(44), false)
	f.Add(cat(ebmlHeader, idSegment, unknownSize, el(idCluster, 2, zeros(9))), uint8(3), uint16(20), true)
	f.Add(cat(ebmlHeader, el(idSegment, 8, el(idInfo, 1, zeros(4)))), uint8(0), uint16(30), true)
	f.Fuzz(func(t *testing.T, b []byte, chunk uint8, cut uint16, webm bool) {
		c, ref := mediacheck.MP4, refMP4
		if webm {
			c, ref = mediacheck.WebM, refWebM
		}
		whole, ends, open := ref(b)
		err := verify(c, b, int(chunk))
		if (err == nil) != whole {
			t.Fatalf("%v of %d bytes in chunks of %d: %v; the plain walk says whole=%v", c, len(b), chunk, err, whole)
		}
		if !whole {
			return
		}
		for _, k := range cuts(len(b), ends, int(cut)) {
			if verify(c, b[:k], 0) == nil && !slices.Contains(ends, k) && k < open {
				t.Fatalf("%v of %d bytes: its prefix of %d bytes, cut inside an element, passed", c, len(b), k)
			}
		}
	})
}

// cuts are the prefix lengths of an n-byte file worth trying: near the
// start and end of each element (ends are where elements end), and pick.
func cuts(n int, ends []int, pick int) []int {
	out := []int{pick % n, n - 1}
	for _, e := range append([]int{0}, ends...) {
		for k := max(e-2, 0); k < min(e+18, n); k++ {
			out = append(out, k)
		}
	}
	return out
}

// small is a real media file made small enough for the fuzzer to mutate
// and minimize quickly, keeping its structure: an MP4's boxes each cut to
// 16 bytes of payload, a WebM's Segment to its children before the first
// Cluster, the sizes rewritten to match.
func small(t testing.TB, b []byte, c mediacheck.Container) []byte {
	out := shrink(t, b, c)
	if err := verify(c, out, 0); err != nil {
		t.Fatalf("a real %v made small: %v", c, err)
	}
	return out
}

func shrink(t testing.TB, b []byte, c mediacheck.Container) []byte {
	if c == mediacheck.MP4 {
		var out []byte
		for i := 0; i < len(b); {
			size := int(binary.BigEndian.Uint32(b[i:]))
			out = append(out, box(string(b[i+4:i+8]), b[i+8:i+8+min(size-8, 16)]...)...)
			i += size
		}
		return out
	}
	_, ends, _ := refWebM(b)
	seg := b[ends[0]+12 : ends[0]+12+544] // the EBML header, the Segment's 12-byte header: SeekHead to Tags
	if !bytes.Equal(seg[:4], []byte{0x11, 0x4d, 0x9b, 0x74}) {
		t.Fatalf("the WebM fixture's Segment does not start with a SeekHead")
	}
	return cat(b[:ends[0]], el(idSegment, 8, seg))
}

// refMP4 walks an MP4's top-level boxes in memory. It reports whether b
// is whole (ftyp first, moov and mdat present, sizes ending at its end),
// where its boxes end, and where the body of a box that runs to the end
// starts (len(b)+1 if none does).
func refMP4(b []byte) (whole bool, ends []int, open int) {
	open = len(b) + 1
	moov, mdat := false, false
	i := 0
	for i < len(b) && open > len(b) {
		if len(b)-i < 8 || i == 0 && string(b[4:8]) != "ftyp" {
			return false, nil, 0
		}
		size, hl := uint64(binary.BigEndian.Uint32(b[i:])), 8
		if size == 1 {
			if len(b)-i < 16 {
				return false, nil, 0
			}
			size, hl = binary.BigEndian.Uint64(b[i+8:]), 16
		} else if size == 0 {
			size, open = uint64(len(b)-i), i+8
		}
		if size < uint64(hl) || size > uint64(len(b)-i) {
			return false, nil, 0
		}
		moov = moov || string(b[i+4:i+8]) == "moov"
		mdat = mdat || string(b[i+4:i+8]) == "mdat"
		i += int(size)
		ends = append(ends, i)
	}
	return i > 0 && moov && mdat, ends, open
}

// refWebM walks a WebM in memory: an EBML header, then a Segment that
// ends the file, or one of unknown size whose children, all of known
// size, do. It reports whether b is whole and where its elements end.
func refWebM(b []byte) (whole bool, ends []int, open int) {
	open = len(b) + 1
	if len(b) < 4 || string(b[:4]) != "\x1a\x45\xdf\xa3" {
		return false, nil, 0
	}
	i, n := 0, 0
	segOpen := false
	for ; i < len(b); n++ {
		if n >= 2 && !segOpen {
			return false, nil, 0 // bytes after a Segment of known size
		}
		id, size, hl, unknown, ok := refElem(b[i:])
		if !ok || n == 0 && unknown || n == 1 && id != 0x18538067 || n >= 2 && unknown {
			return false, nil, 0
		}
		if n == 1 && unknown {
			segOpen, size = true, 0
		}
		if size > uint64(len(b)-i-hl) {
			return false, nil, 0
		}
		if n == 1 && size == 0 && !segOpen {
			return false, nil, 0 // an empty Segment
		}
		i += hl + int(size)
		ends = append(ends, i)
	}
	return n >= 3 || n == 2 && !segOpen, ends, open
}

// refElem reads one EBML element header at the start of b.
func refElem(b []byte) (id uint32, size uint64, hl int, unknown, ok bool) {
	if len(b) < 1 || b[0] < 0x10 {
		return 0, 0, 0, false, false
	}
	idLen := bits.LeadingZeros8(b[0]) + 1
	if len(b) < idLen+1 || b[idLen] == 0 {
		return 0, 0, 0, false, false
	}
	sizeLen := bits.LeadingZeros8(b[idLen]) + 1
	if len(b) < idLen+sizeLen {
		return 0, 0, 0, false, false
	}
	for _, x := range b[:idLen] {
		id = id<<8 | uint32(x)
	}
	size = uint64(b[idLen] & (0xff >> sizeLen))
	for _, x := range b[idLen+1 : idLen+sizeLen] {
		size = size<<8 | uint64(x)
	}
	return id, size, idLen + sizeLen, size == 1<<(7*sizeLen)-1, true
}
