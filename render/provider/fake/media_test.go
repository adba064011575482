package fake

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"testing"

	"github.com/reel-dev/reel/render/mediacheck"
)

// BuiltinMP4 is what reel's verifier accepts: a whole MP4 by its structure.
func TestBuiltinMP4IsWhole(t *testing.T) {
	if err := verify(BuiltinMP4); err != nil {
		t.Fatalf("BuiltinMP4 (%d bytes): %v", len(BuiltinMP4), err)
	}
}

// MP4Body makes what reel's verifier accepts (ftyp, moov and mdat boxes
// whose sizes add up to the file's), and the same bytes however it is
// read.
func TestMP4Body(t *testing.T) {
	b, err := io.ReadAll(MP4Body(100))
	if err != nil || len(b) != 100 || string(b[4:8]) != "ftyp" || string(b[36:40]) != "mdat" {
		t.Fatalf("len=%d err=%v head=%q", len(b), err, b[:min(len(b), 40)])
	}
	if mdat := binary.BigEndian.Uint32(b[32:36]); int(mdat) != 100-32 {
		t.Fatalf("mdat size %d, want %d", mdat, 100-32)
	}
	for _, size := range []int64{40, 100, 1 << 20} {
		v := mediacheck.New(mediacheck.MP4)
		n, _ := io.Copy(v, MP4Body(size))
		if err := v.Finish(n); err != nil {
			t.Errorf("MP4Body(%d): %v", size, err)
		}
	}
	big := make([]byte, 1<<20)
	io.ReadFull(MP4Body(1<<20), big)
	var small bytes.Buffer
	r := MP4Body(1 << 20)
	for chunk := make([]byte, 7); ; {
		n, err := r.Read(chunk)
		small.Write(chunk[:n])
		if err != nil {
			break
		}
	}
	if sha256.Sum256(big) != sha256.Sum256(small.Bytes()) {
		t.Fatal("the bytes depend on how the body is read")
	}
}

// verify checks b as a whole MP4 by its structure, as reel does.
func verify(b []byte) error {
	v := mediacheck.New(mediacheck.MP4)
	v.Write(b)
	return v.Finish(int64(len(b)))
}
