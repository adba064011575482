package snapshot

import (
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestOlderFormatIsRebuilt: a snapshot in the format before this one,
// whole and with a good checksum, is no snapshot: the next plan is a full
// one, which writes it anew, never a misreading of it.
func TestOlderFormatIsRebuilt(t *testing.T) {
	root := t.TempDir()
	// format 3, whole: its file lines lack the blob id
	lines := fmt.Sprintf("f\t1\t1\tx\t%s\t%s\nhead\t{}\n", strings.Repeat("ab", 32), filepath.Join(root, "a.yaml"))
	acts := "a\tv\tok\t-\t0\t0\t{}\n"
	header := func(files int) string {
		return fmt.Sprintf("reel-snapshot 3\ts1\t5\t%012d\t%012d\n", files, len(acts)+sumLine)
	}
	files := header(0) + lines
	files = header(len(files)+sumLine) + lines
	data := fmt.Sprintf("%ssum\t%08x\n%ssum\t%08x\n", files, crc32.Checksum([]byte(files), castagnoli()), acts, crc32.Checksum([]byte(acts), castagnoli()))
	if err := os.MkdirAll(filepath.Dir(Path(root)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(Path(root), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if s := Load(root); s != nil {
		t.Fatalf("a version 3 snapshot was read: %+v", s)
	}
}

// TestActionsStayInTheFile: loading reads the files and the head; the
// actions are read when asked for, and checked then: a damaged action
// line fails Actions, not the files and head a no-op uses.
func TestActionsStayInTheFile(t *testing.T) {
	root := t.TempDir()
	s := bigSnapshot(root)
	if err := Save(root, s); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(Path(root))
	at := strings.Index(string(data), "\na\t") + 3
	data[at] ^= 1
	if err := os.WriteFile(Path(root), data, 0o644); err != nil {
		t.Fatal(err)
	}
	got := Load(root)
	if got == nil || len(got.Files) != len(s.Files) || string(got.Head) != string(s.Head) {
		t.Fatalf("the files and head did not read for a damaged action")
	}
	if _, err := got.Actions(); err == nil {
		t.Fatal("a damaged action line read as an action")
	}
}

// TestTouchedSaveKeepsTheActions: after a checkout touched every file, the
// save rewrites the files part and copies the actions part as it was,
// unread; both read back as they were saved.
func TestTouchedSaveKeepsTheActions(t *testing.T) {
	root := t.TempDir()
	s := bigSnapshot(root)
	if err := Save(root, s); err != nil {
		t.Fatal(err)
	}
	want, _ := s.Actions()
	got := Load(root)
	for i := range got.Files {
		got.Files[i].Mtime, got.Files[i].asRead = got.Files[i].Mtime+1, false
	}
	if err := Save(root, got); err != nil {
		t.Fatal(err)
	}
	if got.lazy == nil {
		t.Error("the save read the actions")
	}
	again := Load(root)
	if again == nil || again.Files[9].Mtime != s.Files[9].Mtime+1 {
		t.Fatalf("the touched files did not read back")
	}
	acts, err := again.Actions()
	if err != nil || !slices.Equal(acts.lines, want.lines) {
		t.Fatalf("the actions did not read back: %v", err)
	}
}
