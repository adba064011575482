package mediacheck_test

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"testing"

	"github.com/reel-dev/reel/render/mediacheck"
)

// BenchmarkVerify1GiB copies a 1 GiB MP4 (ftyp, moov, then an mdat of
// zeros) from memory as fetch copies a download, in pairs: without and
// with a Verifier beside the writer, into nothing (the verifier's own
// cost per byte) and into SHA-256 (as fetch hashes every download).
// scripts/verify-bench.sh runs the pairs interleaved, pinned to one core,
// and prints their medians.
//
//	go test -run '^$' -bench Verify1GiB -benchtime 1x ./render/mediacheck
func BenchmarkVerify1GiB(b *testing.B) {
	const size = 1 << 30
	for _, sink := range []string{"discard", "sha256"} {
		for _, verify := range []bool{false, true} {
			name := sink + "/copy"
			if verify {
				name += "+verify"
			}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(size)
				for range b.N {
					copyMP4(b, size, sink, verify)
				}
			})
		}
	}
}

// copyMP4 copies a generated MP4 of size bytes into sink, through a
// Verifier too when verify is set, with io.Copy's own 32 KiB buffer.
func copyMP4(b *testing.B, size int64, sink string, verify bool) {
	var w io.Writer = discard{}
	if sink == "sha256" {
		w = sha256.New()
	}
	v := mediacheck.New(mediacheck.MP4)
	if verify {
		w = io.MultiWriter(v, w)
	} else {
		w = io.MultiWriter(w) // the same call path, without the Verifier
	}
	n, err := io.Copy(w, newZeroMP4(size))
	if err == nil && verify {
		err = v.Finish(n)
	}
	if err != nil || n != size {
		b.Fatalf("copied %d bytes of %d: %v", n, size, err)
	}
}

// discard is io.Discard without ReadFrom, so io.Copy writes to it as it
// writes to a file: in 32 KiB pieces from its own buffer.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// zeroMP4 reads as an MP4 of a given size whose mdat holds zeros.
type zeroMP4 struct {
	head []byte
	left int64 // zeros still to read
}

func newZeroMP4(size int64) *zeroMP4 {
	head := cat(ftyp, box("moov"), largeBox("mdat"))
	binary.BigEndian.PutUint64(head[len(head)-8:], uint64(size)-uint64(len(head))+16)
	return &zeroMP4{head: head, left: size - int64(len(head))}
}

func (z *zeroMP4) Read(p []byte) (int, error) {
	if len(z.head) > 0 {
		n := copy(p, z.head)
		z.head = z.head[n:]
		return n, nil
	}
	if z.left == 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), z.left))
	clear(p[:n])
	z.left -= int64(n)
	return n, nil
}
