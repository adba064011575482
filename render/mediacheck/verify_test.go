package mediacheck_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/mediacheck"
)

// Every real media file of the tests and the sandbox is whole, however
// its bytes arrive.
func TestFixturesAreWhole(t *testing.T) {
	for name, c := range fixtures(t) {
		b := readFile(t, name)
		for _, chunk := range append(chunkings, 4096) {
			if err := verify(c, b, chunk); err != nil {
				t.Errorf("%s in chunks of %d: %v", name, chunk, err)
			}
		}
	}
}

// A download cut anywhere is refused: every prefix of a real MP4 and
// WebM fails, and says the file is incomplete or not whole.
func TestEveryPrefixFails(t *testing.T) {
	for name, c := range fixtures(t) {
		b := readFile(t, name)
		for k := range len(b) {
			err := verify(c, b[:k], 0)
			var bad *mediacheck.Error
			if !errors.As(err, &bad) {
				t.Fatalf("%s cut to %d of %d bytes: %v, want an *Error", name, k, len(b), err)
			}
			if k > 0 && !strings.Contains(err.Error(), "incomplete") {
				t.Errorf("%s cut to %d of %d bytes: %q does not say it is incomplete", name, k, len(b), err)
			}
		}
	}
}

// The answers of lying servers (testdata/media/hostile), read as Go's
// HTTP client reads them, are refused and say why.
func TestHostileAnswersAreRefused(t *testing.T) {
	want := map[string]string{
		"length-lies.mp4.http":     "the provider sent 20 bytes, but the MP4's ftyp box declares 24: the file is incomplete",
		"ftyp-then-zeros.mp4.http": "the provider sent 212 bytes, an MP4 with no moov box (its index) and no mdat box (its media)",
		"segment-cut.webm.http":    "the provider sent 4000 bytes, but the WebM's Segment at byte 36 declares 7719 bytes after its 12-byte header, to byte 7767: the file is incomplete",
	}
	names, _ := filepath.Glob("../../testdata/media/hostile/*.http")
	if len(names) != len(want) {
		t.Fatalf("testdata/media/hostile has %v, want the %d answers of this test", names, len(want))
	}
	for _, name := range names {
		body := readAnswer(t, name)
		c := mediacheck.MP4
		if strings.HasSuffix(name, ".webm.http") {
			c = mediacheck.WebM
		}
		for _, chunk := range chunkings {
			if err := verify(c, body, chunk); !wantErr(err, want[filepath.Base(name)]) {
				t.Errorf("%s in chunks of %d: %v, want %q", name, chunk, err, want[filepath.Base(name)])
			}
		}
	}
}

// readAnswer reads a whole HTTP answer from a file as net/http's client
// does, and returns the body it would hand on.
func readAnswer(t testing.TB, name string) []byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	resp, err := http.ReadResponse(bufio.NewReader(f), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A file that is not the container is refused at its first header, so a
// download can stop there rather than fetch a gigabyte of it; and the
// Verifier stays refused.
func TestWriteStopsAtTheFirstDamage(t *testing.T) {
	page := append([]byte("<html><body>Access denied</body></html>"), bytes.Repeat([]byte("x"), 1<<20)...)
	for _, c := range []mediacheck.Container{mediacheck.MP4, mediacheck.WebM} {
		v := mediacheck.New(c)
		n, err := v.Write(page)
		var bad *mediacheck.Error
		if !errors.As(err, &bad) || n > 8 || !strings.Contains(err.Error(), "not "+map[mediacheck.Container]string{mediacheck.MP4: "an MP4", mediacheck.WebM: "a WebM"}[c]) {
			t.Fatalf("%v: Write took %d bytes, %v; want a refusal within 8 bytes", c, n, err)
		}
		if _, again := v.Write([]byte("more")); again != err {
			t.Errorf("%v: a Write after the damage: %v", c, again)
		}
		if fin := v.Finish(int64(n)); fin != err {
			t.Errorf("%v: Finish after the damage: %v", c, fin)
		}
	}
}

// Finish is told the length of the file; a Verifier that saw another
// length says so rather than vouch for bytes it did not see.
func TestFinishOfAnotherLength(t *testing.T) {
	v := mediacheck.New(mediacheck.MP4)
	v.Write(cat(ftyp, box("moov"), box("mdat")))
	if err := v.Finish(41); err == nil {
		t.Fatal("Finish(41) after 40 bytes passed")
	}
}
