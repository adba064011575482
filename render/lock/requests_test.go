package lock

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hexKey is a render key as reel makes them: 64 hex digits.
func hexKey(c string) string { return strings.Repeat(c, 64) }

// withRequest is a finished render of id whose request names key.
func withRequest(id, key string) *Entry {
	e := done(id, key)
	e.Request = json.RawMessage(`{"script":"` + key[:4] + `"}`)
	return e
}

func requestFile(dir, key string) string {
	return filepath.Join(dir, filepath.FromSlash(RequestsDir), key[:2], key+".json")
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestRequestsAreKeptBesideTheLock: the lock names the key, the store
// holds the request, and a lock read back finds it there.
func TestRequestsAreKeptBesideTheLock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	a := hexKey("a")
	if _, err := Update(path, func(l *Lock) error { l.Set(withRequest("v", a)); return nil }); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "request") {
		t.Errorf("the lock holds the request:\n%s", data)
	}
	got, _ := os.ReadFile(requestFile(dir, a))
	if string(got) != "{\"script\":\"aaaa\"}\n" {
		t.Errorf("request file holds %q", got)
	}
	l, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if req := l.Request(l.Videos["v"]); string(req) != `{"script":"aaaa"}` {
		t.Errorf("Request of the lock read back: %q", req)
	}
}

// TestStaleRequestsAreDropped: a re-render drops the old key's request,
// unless another video's current render still has that key.
func TestStaleRequestsAreDropped(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	a, b, c := hexKey("a"), hexKey("b"), hexKey("c")
	set := func(es ...*Entry) {
		t.Helper()
		if _, err := Update(path, func(l *Lock) error {
			for _, e := range es {
				l.Set(e)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	set(withRequest("v", a), withRequest("copy", a), withRequest("w", b))
	set(withRequest("v", c))
	if !exists(requestFile(dir, a)) {
		t.Error("the request of a key another video still has was dropped")
	}
	set(withRequest("copy", c))
	if exists(requestFile(dir, a)) || exists(filepath.Dir(requestFile(dir, a))) {
		t.Error("the request of a key no video has any more, or its folder, is still there")
	}
	if !exists(requestFile(dir, b)) || !exists(requestFile(dir, c)) {
		t.Error("a current request is gone")
	}
}

// TestOlderLockMovesItsRequestsOut: the first update of a lock written
// before the store moves every request line into the store.
func TestOlderLockMovesItsRequestsOut(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	a := hexKey("a")
	old := "version 1\n\nvideo v\n\tkey " + a + "\n\tstate done\n\trequest {\"script\":\"Hi.\"}\n" + footer
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	l, _ := Read(path)
	if req := l.Request(l.Videos["v"]); string(req) != `{"script":"Hi."}` {
		t.Errorf("the older lock's request reads as %q", req)
	}
	if _, err := Update(path, func(*Lock) error { return nil }); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "request") {
		t.Errorf("request still in the lock:\n%s", data)
	}
	l, _ = Read(path)
	if req := l.Request(l.Videos["v"]); string(req) != `{"script":"Hi."}` {
		t.Errorf("after the move the request reads as %q", req)
	}
}

// TestStoreRefusesKeysThatAreNotHex: a key comes from a file anyone can
// edit; it must never reach a path outside the store.
func TestStoreRefusesKeysThatAreNotHex(t *testing.T) {
	dir := t.TempDir()
	s := StoreOf(filepath.Join(dir, FileName))
	os.WriteFile(filepath.Join(dir, "secret.json"), []byte(`{"x":1}`), 0o644)
	for _, key := range []string{"", "ab", "../../secret", "..", "AB" + hexKey("a")[2:], "ab/../../secret"} {
		if req := s.Request(key); req != nil {
			t.Errorf("Request(%q) = %q, want nil", key, req)
		}
		if err := s.keep(key, json.RawMessage(`{}`)); err != nil {
			t.Errorf("keep(%q): %v", key, err)
		}
	}
	if exists(filepath.Join(dir, filepath.FromSlash(RequestsDir))) {
		t.Error("a key that is not hex made a file")
	}
}

// TestDamagedRequestIsRewritten: a file a power cut left empty reads as
// absent, and the next render of its key writes it again.
func TestDamagedRequestIsRewritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	a := hexKey("a")
	os.MkdirAll(filepath.Dir(requestFile(dir, a)), 0o755)
	os.WriteFile(requestFile(dir, a), nil, 0o644)
	s := StoreOf(path)
	if req := s.Request(a); req != nil {
		t.Errorf("an empty file reads as %q", req)
	}
	if _, err := Update(path, func(l *Lock) error { l.Set(withRequest("v", a)); return nil }); err != nil {
		t.Fatal(err)
	}
	if req := s.Request(a); string(req) != `{"script":"aaaa"}` {
		t.Errorf("after a render of its key: %q", req)
	}
}

// TestUnwritableStoreFailsBeforeTheLock: a request that cannot be kept
// fails the update with what to do, and the lock is not written.
func TestUnwritableStoreFailsBeforeTheLock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	os.MkdirAll(filepath.Join(dir, ".reel"), 0o755)
	os.WriteFile(filepath.Join(dir, filepath.FromSlash(RequestsDir)), []byte("not a folder"), 0o644)
	_, err := Update(path, func(l *Lock) error { l.Set(withRequest("v", hexKey("a"))); return nil })
	if err == nil || !strings.Contains(err.Error(), RequestsDir) || !strings.Contains(err.Error(), "make the folder writable") {
		t.Errorf("got %v, want an error naming %s and what to do", err, RequestsDir)
	}
	if exists(path) {
		t.Error("the lock was written without the request it names")
	}
}
