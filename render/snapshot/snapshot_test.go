package snapshot

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRoundTripAndChecksum(t *testing.T) {
	root := t.TempDir()
	f := filepath.Join(root, "a.yaml")
	os.WriteFile(f, []byte("x"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(f, old, old)
	st, _ := Stat(f)
	s := &Snapshot{Stamp: "s1", Written: time.Now().UnixNano(), Files: []File{st, {Path: filepath.Join(root, "gone"), Size: -1}}, Head: []byte(`{}`), Plan: []byte(`{"a":[]}`)}
	if err := Save(root, s); err != nil {
		t.Fatal(err)
	}
	got := Load(root)
	if got == nil || !got.Fresh("s1") || got.Fresh("s2") {
		t.Fatalf("round trip: %+v", got)
	}
	// an edited snapshot is not trusted
	data, _ := os.ReadFile(Path(root))
	os.WriteFile(Path(root), append([]byte("f\t1\t1\tfalse\t-\t/x\n"), data...), 0o644)
	if Load(root) != nil {
		t.Fatal("a snapshot that fails its checksum was loaded")
	}
}

func TestStaleWhenAFileChangesOrIsRacy(t *testing.T) {
	root := t.TempDir()
	f := filepath.Join(root, "a.yaml")
	os.WriteFile(f, []byte("x"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(f, old, old)
	st, _ := Stat(f)
	s := &Snapshot{Stamp: "s", Written: time.Now().UnixNano(), Files: []File{st}}
	if why := s.Stale("s"); why != "" {
		t.Fatalf("fresh snapshot found stale: %s", why)
	}
	newer := old.Add(time.Second)
	os.Chtimes(f, newer, newer)
	if s.Stale("s") == "" {
		t.Fatal("a file with a new mtime was not noticed")
	}
	racy := &Snapshot{Stamp: "s", Written: time.Now().UnixNano(), Files: []File{{Path: f, Size: 1, Mtime: time.Now().UnixNano()}}}
	if racy.Stale("s") == "" {
		t.Fatal("a file modified as the snapshot was taken was trusted")
	}
}
