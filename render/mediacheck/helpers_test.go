package mediacheck_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/mediacheck"
)

// verify writes b to a Verifier of c in chunks of chunk bytes (all at once
// when chunk is 0), as a download's copy loop does, then finishes it.
func verify(c mediacheck.Container, b []byte, chunk int) error {
	v := mediacheck.New(c)
	if chunk <= 0 {
		chunk = len(b) + 1
	}
	for p := b; len(p) > 0; {
		k := min(chunk, len(p))
		if _, err := v.Write(p[:k]); err != nil {
			break // Finish returns it
		}
		p = p[k:]
	}
	return v.Finish(int64(len(b)))
}

// chunkings are the ways each table case is written: a byte at a time, in
// odd pieces that split every header, and whole.
var chunkings = []int{1, 3, 7, 0}

// fixtures returns the real media files (made by ffmpeg) that reel's
// tests and the sandbox serve, by path, with their container.
func fixtures(t testing.TB) map[string]mediacheck.Container {
	t.Helper()
	out := map[string]mediacheck.Container{}
	for _, dir := range []string{"../../testdata/media", "../provider/sandbox/media"} {
		names, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, n := range names {
			switch filepath.Ext(n) {
			case ".mp4":
				out[n] = mediacheck.MP4
			case ".webm":
				out[n] = mediacheck.WebM
			}
		}
	}
	if len(out) < 8 {
		t.Fatalf("found %d media fixtures in testdata/media and the sandbox's media, want 8", len(out))
	}
	return out
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// box is an MP4 box with a 32-bit size.
func box(typ string, payload ...byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
	return append(append(b, typ...), payload...)
}

// largeBox is an MP4 box whose size is in the 64-bit largesize field.
func largeBox(typ string, payload ...byte) []byte {
	b := append(binary.BigEndian.AppendUint32(nil, 1), typ...)
	b = binary.BigEndian.AppendUint64(b, uint64(16+len(payload)))
	return append(b, payload...)
}

// rawBox is an MP4 box header that declares size, whatever follows.
func rawBox(size uint32, typ string) []byte {
	return append(binary.BigEndian.AppendUint32(nil, size), typ...)
}

var ftyp = box("ftyp", []byte("isom\x00\x00\x02\x00isommp41")...)

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// zeros is n zero bytes.
func zeros(n int) []byte { return make([]byte, n) }

// EBML element IDs as they are written.
var (
	idEBML    = []byte{0x1a, 0x45, 0xdf, 0xa3}
	idSegment = []byte{0x18, 0x53, 0x80, 0x67}
	idInfo    = []byte{0x15, 0x49, 0xa9, 0x66}
	idCluster = []byte{0x1f, 0x43, 0xb6, 0x75}
)

// vint is n as an EBML variable-length size of width bytes.
func vint(n uint64, width int) []byte {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = byte(n)
		n >>= 8
	}
	b[0] |= 0x80 >> (width - 1)
	return b
}

// unknownSize is the one-byte EBML size that means "unknown".
var unknownSize = []byte{0xff}

// el is an EBML element with a size of width bytes.
func el(id []byte, width int, body []byte) []byte {
	return cat(id, vint(uint64(len(body)), width), body)
}

// ebmlHeader is a WebM's EBML header element (DocType "webm").
var ebmlHeader = el(idEBML, 1, []byte("\x42\x82\x84webm"))

// wantErr reports whether err matches want: nil for nil, else err's text
// holds want.
func wantErr(err error, want string) bool {
	if want == "" {
		return err == nil
	}
	return err != nil && strings.Contains(err.Error(), want)
}
