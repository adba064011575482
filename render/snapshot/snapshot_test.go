package snapshot

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
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
	f.SHA256, _ = Sum(f)
	return f
}

func TestRoundTripAndChecksum(t *testing.T) {
	root := t.TempDir()
	a := file(t, root, "a.yaml", "x", time.Hour)
	a.Exact = true
	s := &Snapshot{Stamp: "s1", Written: time.Now().UnixNano(), Head: []byte(`{"n":{"ok":1}}`),
		Files: []File{a, {Path: filepath.Join(root, "gone"), Size: -1}, {Path: root, Dir: true, Mtime: 5, SHA256: "d"}}}
	s.SetActions([]Action{{ID: "a", Kind: "ok", Output: "a.mp4", Lock: Span{Off: 100, Len: 42}, Data: `{"r":"up to date"}`}, {ID: "b@es", Kind: "orphan", Data: `{}`}})
	if err := Save(root, s); err != nil {
		t.Fatal(err)
	}
	got := Load(root)
	if !reflect.DeepEqual(plain(got), s) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, s)
	}
	// unparsed actions are written back as read
	got.Files[0].Mtime, got.Files[0].asRead = 7, false
	if err := Save(root, got); err != nil {
		t.Fatal(err)
	}
	if again := Load(root); !reflect.DeepEqual(plain(again), plain(got)) {
		t.Fatalf("after a file changed:\n got %+v\nwant %+v", again, got)
	}
	// changed lines are written anew, the others as they were read
	if err := got.Splice(nil, []Action{{ID: "c", Kind: "create", Data: `{"$":{}}`}}); err != nil {
		t.Fatal(err)
	}
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
	c := &Snapshot{Stamp: s.Stamp, Written: s.Written, Head: s.Head, Files: append([]File(nil), s.Files...)}
	for i := range c.Files {
		c.Files[i].asRead = false
	}
	acts, err := s.Actions()
	if err != nil {
		panic(err)
	}
	c.actions = slices.Clone(acts.lines)
	return c
}

func TestCheck(t *testing.T) { bothWays(t, check) }

func check(t *testing.T) {
	root := t.TempDir()
	start := time.Now().UnixNano()
	a := file(t, root, "a.yaml", "aaa", time.Hour)
	b := file(t, root, "b.yaml", "bbb", time.Hour)
	snap := func(files ...File) *Snapshot { return &Snapshot{Stamp: "s", Written: start, Files: files} }

	if c := snap(a, b).Check("s", nil); c.Unusable != Usable || len(c.Changed) != 0 || c.Touched {
		t.Fatalf("nothing changed: %+v", c)
	}
	if c := snap(a).Check("other", nil); c.Unusable != OtherStamp {
		t.Fatalf("another stamp was accepted: %+v", c)
	}
	// b edited, same size, old mtime moved: changed; a touched: confirmed
	file(t, root, "b.yaml", "BBB", 30*time.Minute)
	file(t, root, "a.yaml", "aaa", 30*time.Minute)
	s := snap(a, b)
	c := s.Check("s", nil)
	if c.Unusable != Usable || !reflect.DeepEqual(c.Changed, []int{1}) || !c.Touched {
		t.Fatalf("b edited, a touched: %+v", c)
	}
	if now, _ := Stat(a.Path); s.Files[0].Mtime != now.Mtime {
		t.Error("a's new mtime was not recorded")
	}

	// A file modified as the plan read it: an exact hash is checked by
	// content; any other hash cannot be trusted.
	racy := file(t, root, "r.yaml", "rrr", 0)
	racy.Exact = true
	if c := snap(racy).Check("s", nil); c.Unusable != Usable || len(c.Changed) != 0 {
		t.Fatalf("a racy file with the content the plan read: %+v", c)
	}
	file(t, root, "r.yaml", "RRR", 0)
	os.Chtimes(racy.Path, time.Unix(0, racy.Mtime), time.Unix(0, racy.Mtime)) // same stat, new content
	if c := snap(racy).Check("s", nil); len(c.Changed) != 1 {
		t.Fatalf("a racy file rewritten under the same stat was not found changed: %+v", c)
	}
	racy.Exact = false
	if c := snap(racy).Check("s", nil); c.Unusable != RacyInput || c.Racy != racy.Path {
		t.Fatalf("a racy file whose hash was taken after the plan was trusted: %+v", c)
	}
}

// patchedSnapshot saves a small snapshot whole, then loads it, changes a
// file and the actions, and saves again: a patch.
func patchedSnapshot(t *testing.T, root string) (before, after *Snapshot, baseSize int64) {
	t.Helper()
	a := file(t, root, "a.yaml", "aaa", time.Hour)
	s := &Snapshot{Stamp: "s", Written: 10, Head: []byte(`{"n":{"ok":3}}`), Files: []File{a}}
	var acts []Action
	for _, id := range []string{"a", "b", "c"} {
		acts = append(acts, Action{ID: id, Kind: "ok", Output: id + ".mp4", Data: strings.Repeat("x", 400)})
	}
	s.SetActions(acts)
	if err := Save(root, s); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(Path(root))
	l := Load(root)
	before = plain(l)
	l.Files[0].Mtime, l.Files[0].asRead = 99, false
	l.Written = 20
	l.Head = []byte(`{"n":{"ok":2,"render":1}}`)
	if err := l.Splice([]int{2, 1}, []Action{{ID: "bb", Kind: "create", Data: `{}`}, {ID: "b", Kind: "render", Output: "b.mp4", Data: `{"r":"changed"}`}}); err != nil {
		t.Fatal(err)
	}
	if err := Save(root, l); err != nil {
		t.Fatal(err)
	}
	return before, plain(l), st.Size()
}

func TestPatchIsAppendedAndReadBack(t *testing.T) {
	root := t.TempDir()
	_, after, base := patchedSnapshot(t, root)
	data, _ := os.ReadFile(Path(root))
	if int64(len(data)) <= base || !strings.Contains(string(data), "\npatch\t20\n") {
		t.Fatalf("the save rewrote the file instead of patching it:\n%s", data)
	}
	if got := plain(Load(root)); !reflect.DeepEqual(got, after) {
		t.Fatalf("patched:\n got %+v\nwant %+v", got, after)
	}
	// a full save of the patched snapshot writes the same state whole
	l := Load(root)
	l.from = nil
	if err := Save(root, l); err != nil {
		t.Fatal(err)
	}
	if got := plain(Load(root)); !reflect.DeepEqual(got, after) {
		t.Fatalf("rewritten:\n got %+v\nwant %+v", got, after)
	}
}

// A patch cut short (a crash as it was written) is ignored: the snapshot
// reads as it was before that patch.
func TestTornPatchIsIgnored(t *testing.T) {
	root := t.TempDir()
	before, _, _ := patchedSnapshot(t, root)
	data, _ := os.ReadFile(Path(root))
	for _, cut := range []int{1, 5, 40} {
		os.WriteFile(Path(root), data[:len(data)-cut], 0o644)
		if got := plain(Load(root)); !reflect.DeepEqual(got, before) {
			t.Fatalf("cut %d bytes:\n got %+v\nwant %+v", cut, got, before)
		}
	}
}

// A snapshot another reel rewrote since it was read is not patched: the
// save writes the whole state.
func TestPatchOfAReplacedFileRewrites(t *testing.T) {
	root := t.TempDir()
	a := file(t, root, "a.yaml", "aaa", time.Hour)
	s := &Snapshot{Stamp: "s", Written: 10, Head: []byte(`{}`), Files: []File{a}}
	Save(root, s)
	l := Load(root)
	Save(root, &Snapshot{Stamp: "other", Written: 11, Head: []byte(`{}`)}) // another reel
	l.Files[0].Mtime, l.Files[0].asRead = 5, false
	if err := Save(root, l); err != nil {
		t.Fatal(err)
	}
	if got := Load(root); got == nil || got.Stamp != "s" || got.Files[0].Mtime != 5 {
		t.Fatalf("after a foreign rewrite: %+v", got)
	}
}

// TestFileLineAtLeast: the bound that decides a rewrite before a patch is
// built never exceeds the line written.
func TestFileLineAtLeast(t *testing.T) {
	for _, f := range []File{
		{Path: "a"},
		{Path: "videos/x.yaml", Size: 1234, Mtime: 1700000000123456789, SHA256: strings.Repeat("a", 64), Exact: true},
		{Path: "d", Dir: true, Exact: true, SHA256: "s"},
		{Path: "gone", Size: -1},
	} {
		line, err := appendFile(nil, f)
		if err != nil {
			t.Fatal(err)
		}
		if got := fileLineAtLeast(f); got > len(line) {
			t.Errorf("%+v: bound %d, line %q is %d bytes", f, got, line, len(line))
		}
	}
}

// TestListNames: a folder's names as os.ReadDir gives them, also past one
// read's buffer.
func TestListNames(t *testing.T) {
	dir := t.TempDir()
	for i := range 1500 {
		name := fmt.Sprintf("%04d-%s", i, strings.Repeat("é", 20))
		if i%100 == 0 {
			name = "." + name
		}
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	got, err := listNames(dir)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var want []string
	for _, e := range entries {
		want = append(want, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("listNames: %d names, os.ReadDir %d", len(got), len(want))
	}
	if _, err := listNames(filepath.Join(dir, "0001-"+strings.Repeat("é", 20))); err == nil {
		t.Error("listNames of a file: no error")
	}
}

// parseInt must read every number as strconv does, errors included.
func TestParseIntIsStrconvs(t *testing.T) {
	cases := []string{"0", "-1", "-2", "7", "007", "-0", "1795977523912000559", "999999999999999999",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"", "-", "+5", "1_000", "12a", " 1", "1.5", "0x10", "--1", "18446744073709551616"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		cases = append(cases, strconv.FormatInt(r.Int64()>>r.IntN(64), 10), strconv.FormatInt(-r.Int64()>>r.IntN(64), 10))
	}
	for _, v := range cases {
		got, gotErr := parseInt(v)
		want, wantErr := strconv.ParseInt(v, 10, 64)
		if got != want || (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("parseInt(%q) = %d, %v; strconv says %d, %v", v, got, gotErr, want, wantErr)
		}
	}
}
