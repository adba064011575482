package provider

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
)

// mp4Head is what precedes the payload of a generated MP4: an ftyp and a
// free box (as in fake.BuiltinMP4), then the header of an mdat box whose
// size the generator fills in.
const mp4Head = "\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" +
	"\x00\x00\x00\x08free" +
	"\x00\x00\x00\x00mdat"

// mediaBody is an MP4 of a given size made up as it is read: mp4Head, then
// pseudo-random bytes from a fixed seed. The same size always gives the
// same bytes, and the body is never in memory whole, so a test can serve a
// file of any size and check what arrived by its sha256.
type mediaBody struct {
	head []byte
	left int64 // payload bytes still to come
	rng  *rand.ChaCha8
}

func newMediaBody(size int64) *mediaBody {
	payload := size - int64(len(mp4Head))
	mdat := payload + 8
	if payload < 0 || mdat > 1<<32-1 {
		panic(fmt.Sprintf("newMediaBody(%d): size out of range", size))
	}
	head := []byte(mp4Head)
	binary.BigEndian.PutUint32(head[len(head)-8:], uint32(mdat))
	return &mediaBody{head: head, left: payload, rng: rand.NewChaCha8([32]byte{'r', 'e', 'e', 'l'})}
}

func (m *mediaBody) Read(p []byte) (int, error) {
	if len(m.head) > 0 {
		n := copy(p, m.head)
		m.head = m.head[n:]
		return n, nil
	}
	if m.left == 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), m.left)]
	m.rng.Read(p)
	m.left -= int64(len(p))
	return len(p), nil
}

// mediaSum is the sha256 of newMediaBody(size), computed by streaming it.
func mediaSum(size int64) string {
	h := sha256.New()
	io.Copy(h, newMediaBody(size))
	return hex.EncodeToString(h.Sum(nil))
}

// serveMedia serves newMediaBody(size) with its Content-Length at every
// path, as a CDN serves a presigned media URL.
func serveMedia(size int64) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "video/mp4")
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		io.Copy(w, newMediaBody(size))
	}))
}

// A download streams: a body larger than every buffer on the way (Retry's
// read-ahead is 32 MiB) arrives whole and intact through the default media
// Doer, and the heap it allocates is a small constant, not a multiple of
// the body. Someone who reads the body into memory (io.ReadAll, a
// bytes.Buffer, a debug capture, wrapping the media Doer in Retry) allocates
// at least 32 MiB here and fails this test. No timing is measured.
func TestDownloadStreamsLargeBody(t *testing.T) {
	const size = 64 << 20
	const maxAlloc = 8 << 20
	want := mediaSum(size)
	srv := serveMedia(size)
	defer srv.Close()

	h := sha256.New()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n, err := Download(context.Background(), nil, srv.URL+"/v.mp4?X-Amz-Signature=sekrit", h)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); n != size || got != want {
		t.Fatalf("got %d bytes with sha256 %s, want %d with %s", n, got, size, want)
	}
	// TotalAlloc counts the whole process, the server's side included; the
	// bound is generous for that and still far below the body's size.
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("downloading %d MiB allocated %d KiB of heap", size>>20, alloc>>10)
	if alloc > maxAlloc {
		t.Fatalf("downloading %d MiB allocated %d MiB of heap, want at most %d MiB: the body is being held in memory",
			size>>20, alloc>>20, maxAlloc>>20)
	}
}

// The generator makes what the verifier in package render accepts (an ftyp
// box first), with a consistent mdat size, and the same bytes every time.
func TestMediaBody(t *testing.T) {
	b, err := io.ReadAll(newMediaBody(100))
	if err != nil || len(b) != 100 || string(b[4:8]) != "ftyp" || string(b[36:40]) != "mdat" {
		t.Fatalf("len=%d err=%v head=%q", len(b), err, b[:min(len(b), 40)])
	}
	if mdat := binary.BigEndian.Uint32(b[32:36]); int(mdat) != 100-32 {
		t.Fatalf("mdat size %d, want %d", mdat, 100-32)
	}
	if mediaSum(100) != mediaSum(100) || mediaSum(100) == mediaSum(101) {
		t.Fatal("mediaSum is not a function of the size")
	}
}
