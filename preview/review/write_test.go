package review

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWriteStandsAlone: the page links its media relatively, inside its
// folder, escapes what it shows, and a second write drops media no longer
// on the page while leaving the originals alone.
func TestWriteStandsAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "review")
	src := filepath.Join(t.TempDir(), "Welcome Draft.MP4")
	os.WriteFile(src, []byte("not played here"), 0o644)
	p := Page{Videos: []Video{
		{ID: "a/../b@es", Action: "create", Media: src, Changes: []Change{{Field: "scenes[0].script", New: hostile}}},
		{ID: "c", Action: "re-render"},
	}}
	if err := Write(dir, p); err != nil {
		t.Fatal(err)
	}
	html := readFile(t, filepath.Join(dir, "index.html"))
	if !strings.Contains(html, `src="media/001-a----b-es.mp4"`) {
		t.Errorf("the page does not play media/001-a----b-es.mp4 by a relative link")
	}
	if got := readFile(t, filepath.Join(dir, "media", "001-a----b-es.mp4")); got != "not played here" {
		t.Errorf("the review's copy holds %q", got)
	}
	if strings.Contains(html, "<script>window.pwned") || strings.Contains(html, "<img src=x") {
		t.Errorf("the page carries a change's markup unescaped")
	}
	if !strings.Contains(html, "reel preview c") {
		t.Errorf("a video without media does not say how to make its draft")
	}
	p.Videos = p.Videos[1:]
	if err := Write(dir, p); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "media")); len(ents) != 0 {
		t.Errorf("media no longer on the page is kept: %v", ents)
	}
	if readFile(t, src) != "not played here" {
		t.Errorf("the original was changed")
	}
}

// TestHandler serves the page and its media, says when the page was last
// written, and lists no folder.
func TestHandler(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(t.TempDir(), "v.mp4")
	os.WriteFile(src, []byte("video"), 0o644)
	if err := Write(dir, Page{Title: "served", Videos: []Video{{ID: "v", Media: src}}}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/"); code != 200 || !strings.Contains(body, "<h1>served</h1>") {
		t.Errorf("GET / = %d %.60q", code, body)
	}
	if code, body := get("/media/001-v.mp4"); code != 200 || body != "video" {
		t.Errorf("GET the media = %d %q", code, body)
	}
	if code, _ := get("/media/"); code != 404 {
		t.Errorf("GET /media/ = %d, want 404 (no listing)", code)
	}
	_, first := get("/_reel/stamp")
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "index.html"), later, later)
	if _, second := get("/_reel/stamp"); second == first || first == "" {
		t.Errorf("the stamp did not change when the page did: %q then %q", first, second)
	}
}
