package mediacheck_test

import (
	"encoding/binary"
	"testing"

	"github.com/reel-dev/reel/render/mediacheck"
)

func TestMP4(t *testing.T) {
	whole := cat(ftyp, box("moov"), box("mdat", 1, 2, 3))
	var huge []byte // a largesize beyond any file
	huge = append(binary.BigEndian.AppendUint32(huge, 1), "mdat"...)
	huge = binary.BigEndian.AppendUint64(huge, 1<<63+5)
	for _, c := range []struct {
		name string
		b    []byte
		want string // "" passes; else a part of the error
	}{
		{"ftyp moov mdat", whole, ""},
		{"fragments and a trailing free box", cat(ftyp, box("moov"), box("moof"), box("mdat", 9), box("moof"), box("mdat", 9), box("free", 0)), ""},
		{"largesize mdat", cat(ftyp, box("moov"), largeBox("mdat", 1, 2, 3)), ""},
		{"largesize ftyp", cat(largeBox("ftyp", []byte("isom")...), box("moov"), box("mdat")), ""},
		{"last box to the end (size 0)", cat(ftyp, box("moov"), rawBox(0, "mdat"), zeros(100)), ""},
		{"empty last box to the end", cat(ftyp, box("moov"), rawBox(0, "mdat")), ""},
		{"the issue's 40 bytes read as 20", whole[:20], "the provider sent 20 bytes, but the MP4's ftyp box declares 24: the file is incomplete"},
		{"the issue's ftyp then zeros", cat(ftyp, zeros(212-len(ftyp))), "the provider sent 212 bytes, an MP4 with no moov box (its index) and no mdat box (its media)"},
		{"an ftyp box of 212 bytes alone", cat(rawBox(212, "ftyp"), zeros(204)), "no moov box (its index) and no mdat box"},
		{"no moov", cat(ftyp, box("free"), box("mdat", 1)), "an MP4 with no moov box (its index): the file is damaged"},
		{"no mdat", cat(ftyp, box("moov", 1)), "an MP4 with no mdat box (its media): the file is damaged"},
		{"moov and mdat inside a box to the end", cat(ftyp, rawBox(0, "free"), box("moov"), box("mdat")), "no moov box"},
		{"mdat cut short", cat(ftyp, box("moov"), rawBox(100, "mdat"), zeros(10)), "the provider sent 50 bytes, but the MP4's mdat box at byte 32 declares 100, to byte 132: the file is incomplete"},
		{"largesize mdat cut short", cat(ftyp, box("moov"), largeBox("mdat", zeros(40)...))[:60], "mdat box at byte 32 declares 56, to byte 88: the file is incomplete"},
		{"largesize beyond any file", cat(ftyp, box("moov"), huge), "declares 9223372036854775813 bytes, more than any file holds"},
		{"largesize smaller than its header", cat(ftyp, box("moov"), largeBox("mdat")[:8], binary.BigEndian.AppendUint64(nil, 15)), "its mdat box at byte 32 declares 15 bytes, less than its own 16-byte header"},
		{"largesize header cut", cat(ftyp, box("moov"), largeBox("mdat")[:12]), "the last 12 are not a whole MP4 box header"},
		{"box smaller than its header", cat(ftyp, rawBox(7, "moov"), box("mdat")), "its moov box at byte 24 declares 7 bytes, less than its own 8-byte header"},
		{"a box of an unprintable type, smaller than its header", cat(ftyp, rawBox(4, "\x00\x01\x02\x03")), `its "\x00\x01\x02\x03" box at byte 24 declares 4 bytes`},
		{"trailing garbage shorter than a header", cat(whole, []byte("abc")), "the last 3 are not a whole MP4 box header: the file is incomplete or damaged"},
		{"trailing garbage", cat(whole, []byte("garbage!")), `the MP4's age! box at byte 43 declares 1734439522, to byte 1734439565: the file is incomplete`},
		{"not an MP4", []byte("<html><body>Access denied</body></html>"), `not an MP4: it starts with "<html><b", not an ftyp box`},
		{"moov first", cat(box("moov"), ftyp, box("mdat")), "not an MP4"},
		{"a few bytes", []byte("\x00\x00\x00"), "the provider sent 3 bytes, too few for an MP4's first box"},
		{"empty", nil, "the provider sent an empty file"},
	} {
		for _, chunk := range chunkings {
			if err := verify(mediacheck.MP4, c.b, chunk); !wantErr(err, c.want) {
				t.Errorf("%s, in chunks of %d: %v; want %q", c.name, chunk, err, c.want)
			}
		}
	}
}
