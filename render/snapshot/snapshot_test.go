package snapshot

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// file writes content at name under root, with an mtime ago in the past,
// and returns it as a snapshot records it.
func file(t *testing.T, root, name, content string, ago time.Duration) File {
	t.Helper()
	path := filepath.Join(root, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	when := time.Now().Add(-ago)
	os.Chtimes(path, when, when)
	f, err := Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	f.SHA256, _ = Sum(path, false)
	return f
}

func TestRoundTripAndChecksum(t *testing.T) {
	root := t.TempDir()
	a := file(t, root, "a.yaml", "x", time.Hour)
	a.Exact = true
	s := &Snapshot{Stamp: "s1", Written: time.Now().UnixNano(), Head: []byte(`{"n":{"ok":1}}`),
		Files:   []File{a, {Path: filepath.Join(root, "gone"), Size: -1}, {Path: root, Dir: true, Mtime: 5, SHA256: "d"}},
		Actions: []Action{{ID: "a", Kind: "ok", Output: "a.mp4", Lock: Span{Off: 100, Len: 42}, Data: `{"r":"up to date"}`}, {ID: "b@es", Kind: "orphan", Data: `{}`}}}
	if err := Save(root, s); err != nil {
		t.Fatal(err)
	}
	got := Load(root)
	if !reflect.DeepEqual(plain(got), s) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, s)
	}
	// changed lines are written anew, the others as they were read
	got.Files[0].Mtime, got.Files[0].raw = 7, ""
	got.Actions = append(got.Actions, Action{ID: "c", Kind: "create", Data: `{"$":{}}`})
	if err := Save(root, got); err != nil {
		t.Fatal(err)
	}
	want := plain(got)
	if again := Load(root); !reflect.DeepEqual(plain(again), want) {
		t.Fatalf("after an edit:\n got %+v\nwant %+v", again, want)
	}
	// an edited snapshot is not trusted
	data, _ := os.ReadFile(Path(root))
	os.WriteFile(Path(root), append([]byte("f\t1\t1\t-\t-\t/x\n"), data...), 0o644)
	if Load(root) != nil {
		t.Fatal("a snapshot that fails its checksum was loaded")
	}
}

// plain is s without the lines it was read from.
func plain(s *Snapshot) *Snapshot {
	if s == nil {
		return nil
	}
	c := *s
	c.Files = append([]File(nil), s.Files...)
	c.Actions = append([]Action(nil), s.Actions...)
	for i := range c.Files {
		c.Files[i].raw = ""
	}
	for i := range c.Actions {
		c.Actions[i].raw = ""
	}
	return &c
}

func TestCheck(t *testing.T) {
	root := t.TempDir()
	start := time.Now().UnixNano()
	a := file(t, root, "a.yaml", "aaa", time.Hour)
	b := file(t, root, "b.yaml", "bbb", time.Hour)
	snap := func(files ...File) *Snapshot { return &Snapshot{Stamp: "s", Written: start, Files: files} }

	if c := snap(a, b).Check("s", nil); c.Why != "" || len(c.Changed) != 0 || c.Touched {
		t.Fatalf("nothing changed: %+v", c)
	}
	if c := snap(a).Check("other", nil); c.Why == "" {
		t.Fatal("another stamp was accepted")
	}
	// b edited, same size, old mtime moved: changed; a touched: confirmed
	file(t, root, "b.yaml", "BBB", 30*time.Minute)
	file(t, root, "a.yaml", "aaa", 30*time.Minute)
	s := snap(a, b)
	c := s.Check("s", nil)
	if c.Why != "" || !reflect.DeepEqual(c.Changed, []int{1}) || !c.Touched {
		t.Fatalf("b edited, a touched: %+v", c)
	}
	if now, _ := Stat(a.Path); s.Files[0].Mtime != now.Mtime {
		t.Error("a's new mtime was not recorded")
	}

	// A file modified as the plan read it: an exact hash is checked by
	// content; any other hash cannot be trusted.
	racy := file(t, root, "r.yaml", "rrr", 0)
	racy.Exact = true
	if c := snap(racy).Check("s", nil); c.Why != "" || len(c.Changed) != 0 {
		t.Fatalf("a racy file with the content the plan read: %+v", c)
	}
	file(t, root, "r.yaml", "RRR", 0)
	os.Chtimes(racy.Path, time.Unix(0, racy.Mtime), time.Unix(0, racy.Mtime)) // same stat, new content
	if c := snap(racy).Check("s", nil); len(c.Changed) != 1 {
		t.Fatalf("a racy file rewritten under the same stat was not found changed: %+v", c)
	}
	racy.Exact = false
	if c := snap(racy).Check("s", nil); c.Why == "" {
		t.Fatal("a racy file whose hash was taken after the plan was trusted")
	}
}
