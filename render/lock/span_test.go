package lock

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Every entry read back from its span is the entry a full read gives,
// quoted ids and history included; a span that points elsewhere is
// refused, not misread.
func TestReadEntryBySpan(t *testing.T) {
	l := New()
	for _, id := range []string{"a", "b@es", "with space", "z/last"} {
		l.Videos[id] = &Entry{ID: id, Key: renderKey(id), State: Done, Provider: "heygen/v3", Job: "job " + id,
			Output: id + ".mp4", Size: 10, SHA256: renderKey("output " + id), Request: []byte(`{"script":"Hi."}`),
			History: []Render{{Key: renderKey("old " + id), Job: "j0", Size: 3}}}
	}
	l.Videos["b@es"].Uploads = map[string]string{"sha256:1": "asset_1"}
	data, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), FileName)
	os.WriteFile(path, data, 0o644)
	ix, err := ReadIndexed(path)
	if err != nil {
		t.Fatal(err)
	}
	full, spans := ix.Lock, ix.Spans
	if sum := sha256.Sum256(data); ix.SHA256 != hex.EncodeToString(sum[:]) || ix.Size != int64(len(data)) {
		t.Errorf("read %d bytes, hash %s; want %d, the hash of the bytes written", ix.Size, ix.SHA256, len(data))
	}
	if len(spans) != len(l.Videos) {
		t.Fatalf("%d spans for %d videos", len(spans), len(l.Videos))
	}
	for id, want := range full.Videos {
		got, err := ReadEntry(path, spans[id], id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: by span %+v, in full %+v", id, got, want)
		}
	}
	if _, err := ReadEntry(path, spans["a"], "z/last"); err == nil {
		t.Error("a span of another video was read as z/last")
	}
	if _, err := ReadEntry(path, Span{spans["a"].Off + 3, spans["a"].Len}, "a"); err == nil {
		t.Error("a shifted span was read")
	}
}

// ReadEntry reads a block by its file's own version: a version 1 lock of
// an earlier reel by the rules of version 1, a version 2 lock with its
// check lines, and a version 2 block changed since it was indexed (one
// byte, the length kept) is refused, naming the video.
func TestReadEntryByVersion(t *testing.T) {
	v1, err := os.ReadFile(filepath.Join("testdata", "v1.lock"))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := Encode(golden())
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"version 1": v1, "version 2": v2, "version 2 CRLF": crlf(v2)} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			ix, err := ReadIndexed(path)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range golden().Videos {
				got, err := ReadEntry(path, ix.Spans[id], id)
				if err != nil {
					t.Fatalf("%s: %v", id, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: by span %+v, want %+v", id, got, want)
				}
			}
		})
	}
	path := filepath.Join(t.TempDir(), FileName)
	ix := func() *Indexed {
		os.WriteFile(path, v2, 0o644)
		ix, err := ReadIndexed(path)
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}()
	id := "onboarding/welcome@es"
	os.WriteFile(path, bytes.Replace(v2, []byte("job job-77aa"), []byte("job job-77ab"), 1), 0o644)
	if _, err := ReadEntry(path, ix.Spans[id], id); err == nil || !strings.Contains(err.Error(), "video "+id+" does not match its check line") {
		t.Errorf("a changed block read by its span: %v", err)
	}
}
