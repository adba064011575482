package fake

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"testing"
)

// MP4Body makes what reel's verifier accepts (an ftyp box first), with a
// consistent mdat size, and the same bytes however it is read.
func TestMP4Body(t *testing.T) {
	b, err := io.ReadAll(MP4Body(100))
	if err != nil || len(b) != 100 || string(b[4:8]) != "ftyp" || string(b[36:40]) != "mdat" {
		t.Fatalf("len=%d err=%v head=%q", len(b), err, b[:min(len(b), 40)])
	}
	if mdat := binary.BigEndian.Uint32(b[32:36]); int(mdat) != 100-32 {
		t.Fatalf("mdat size %d, want %d", mdat, 100-32)
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
