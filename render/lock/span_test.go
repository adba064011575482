package lock

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
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
