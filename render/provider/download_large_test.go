package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"

	"github.com/reel-dev/reel/render/provider/fake"
)

// mediaSum is the sha256 of fake.MP4Body(size), computed by streaming it.
func mediaSum(size int64) string {
	h := sha256.New()
	io.Copy(h, fake.MP4Body(size))
	return hex.EncodeToString(h.Sum(nil))
}

// serveMedia serves fake.MP4Body(size) with its Content-Length at every
// path, as a CDN serves a presigned media URL.
func serveMedia(size int64) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "video/mp4")
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		io.Copy(w, fake.MP4Body(size))
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
