package fake

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"testing"
)

type answer struct {
	status int
	header http.Header
	body   []byte
	err    error
}

// call sends one request with a plain client: no retries, so each fault is
// seen as it is.
func call(t *testing.T, method, url, auth, body string) answer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b, err}
}

// testMedia is testdata/media when the repository has it, else a minimal
// MP4 made here, so the fakes are tested with real files where they exist.
func testMedia(t *testing.T) map[string][]byte {
	t.Helper()
	if m, err := LoadMedia("../../../testdata/media"); err == nil {
		return m
	}
	if _, err := os.Stat("../../../testdata/media"); err == nil {
		t.Log("testdata/media has no videos; using a built-in header")
	}
	return map[string][]byte{"16x9.mp4": append([]byte(nil), BuiltinMP4...)}
}

func isMP4(b []byte) bool { return len(b) >= 8 && string(b[4:8]) == "ftyp" }
