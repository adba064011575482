package mediacheck_test

import (
	"testing"

	"github.com/reel-dev/reel/render/mediacheck"
)

func TestWebM(t *testing.T) {
	info := el(idInfo, 1, []byte("\x2a\xd7\xb1\x83\x0f\x42\x40"))
	cluster := el(idCluster, 2, zeros(50))
	body := cat(info, cluster)
	open8 := []byte{0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff} // an 8-byte unknown size
	for _, c := range []struct {
		name string
		b    []byte
		want string // "" passes; else a part of the error
	}{
		{"header and Segment", cat(ebmlHeader, el(idSegment, 8, body)), ""},
		{"a one-byte Segment size", cat(ebmlHeader, el(idSegment, 1, body)), ""},
		{"unknown-size Segment, children to the end", cat(ebmlHeader, idSegment, unknownSize, body), ""},
		{"8-byte unknown-size Segment", cat(ebmlHeader, idSegment, open8, body, cluster), ""},
		{"Segment larger than the file", cat(ebmlHeader, idSegment, vint(uint64(len(body))+10, 8), body),
			"the provider sent 92 bytes, but the WebM's Segment at byte 12 declares 78 bytes after its 12-byte header, to byte 102: the file is incomplete"},
		{"Segment smaller than the file", cat(ebmlHeader, idSegment, vint(uint64(len(body))-10, 8), body),
			"the provider sent a damaged WebM: its Segment ends at byte 82, and more bytes follow it"},
		{"trailing bytes", cat(ebmlHeader, el(idSegment, 8, body), []byte{0xec, 0x80}), "its Segment ends at byte 92, and more bytes follow it"},
		{"an empty Segment", cat(ebmlHeader, el(idSegment, 8, nil)), "a WebM whose Segment holds nothing"},
		{"an empty unknown-size Segment", cat(ebmlHeader, idSegment, unknownSize), "a WebM whose Segment holds nothing"},
		{"no Segment", ebmlHeader, "the provider sent 12 bytes, a WebM with an EBML header but no Segment (its media): the file is incomplete"},
		{"a Cluster where the Segment goes", cat(ebmlHeader, cluster), "after its EBML header comes Cluster at byte 12, not a Segment"},
		{"unknown-size child", cat(ebmlHeader, idSegment, unknownSize, info, idCluster, unknownSize, zeros(50)),
			"its Segment and its Cluster at byte 29 both have an unknown size, so nothing says whether the file is whole"},
		{"child cut short", cat(ebmlHeader, idSegment, unknownSize, body)[:60],
			"the WebM's Cluster at byte 29 declares 50 bytes after its 6-byte header, to byte 85: the file is incomplete"},
		{"child header cut", cat(ebmlHeader, idSegment, unknownSize, info, idCluster[:2]), "the last 2 are not a whole WebM element header"},
		{"unknown-size EBML header", cat(idEBML, unknownSize, idSegment, unknownSize), "its EBML header has an unknown size"},
		{"a size that is not a number", cat(ebmlHeader, idSegment, []byte{0x00}, body), "the size of the element at byte 12 is not a valid number"},
		{"an ID longer than 4 bytes", cat(ebmlHeader, idSegment, unknownSize, []byte{0x08, 1, 2, 3, 4, 0x80}), "at byte 17, 0x08 begins no element ID"},
		{"an MP4", cat(ftyp, box("moov"), box("mdat")), `not a WebM: it starts with "\x00\x00\x00\x18", not an EBML header`},
		{"a few bytes", idEBML[:3], "the provider sent 3 bytes, too few for a WebM's EBML header"},
		{"EBML header cut", ebmlHeader[:8], "the provider sent 8 bytes, but the WebM's EBML header declares 7 bytes after its 5-byte header, to byte 12"},
		{"empty", nil, "the provider sent an empty file"},
	} {
		for _, chunk := range chunkings {
			if err := verify(mediacheck.WebM, c.b, chunk); !wantErr(err, c.want) {
				t.Errorf("%s, in chunks of %d: %v; want %q", c.name, chunk, err, c.want)
			}
		}
	}
}

// A real WebM whose Segment is made unknown-size, as a live recording
// writes it, is walked child by child: whole it passes, cut inside any
// child it fails.
func TestUnknownSizeSegmentOfARealWebM(t *testing.T) {
	b := readFile(t, "../../testdata/media/9x16.webm")
	const at = 36 + 4 // the Segment's size, after the EBML header and its ID
	if string(b[36:at]) != string(idSegment) || b[at] != 0x01 {
		t.Fatalf("testdata/media/9x16.webm: no 8-byte Segment size at byte %d", at)
	}
	open := append([]byte(nil), b...)
	copy(open[at:], []byte{0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	if err := verify(mediacheck.WebM, open, 0); err != nil {
		t.Fatalf("the unknown-size WebM: %v", err)
	}
	ends := childEnds(t, open[at+8:], at+8)
	passed := 0
	for k := range len(open) {
		if verify(mediacheck.WebM, open[:k], 0) == nil {
			passed++
			if !ends[k] {
				t.Errorf("cut to %d bytes, inside a child, it passed", k)
			}
		}
	}
	t.Logf("%d of %d cuts, each at the end of a child of the Segment, pass", passed, len(open))
}

// childEnds returns where each element of a run of EBML elements (b,
// starting at byte off of the file) ends.
func childEnds(t *testing.T, b []byte, off int) map[int]bool {
	ends := map[int]bool{}
	for i := 0; i < len(b); {
		idLen := 1
		for b[i]&(0x80>>(idLen-1)) == 0 {
			idLen++
		}
		s := b[i+idLen]
		sizeLen := 1
		for s&(0x80>>(sizeLen-1)) == 0 {
			sizeLen++
		}
		size := uint64(s & (0xff >> sizeLen))
		for _, x := range b[i+idLen+1 : i+idLen+sizeLen] {
			size = size<<8 | uint64(x)
		}
		i += idLen + sizeLen + int(size)
		ends[off+i] = true
	}
	if len(ends) < 3 {
		t.Fatalf("the Segment has %d children", len(ends))
	}
	return ends
}
