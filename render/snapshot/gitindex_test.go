package snapshot

import (
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testEntry is an entry for encodeIndex.
type testEntry struct {
	path  string
	stat  gitStat
	mode  uint32
	oid   [20]byte
	flags uint16 // besides the name length
	ext   uint16 // extended flags (version 3 and up)
}

// encodeIndex writes an index as git does, of version 2, 3 or 4, with
// the extensions exts (each signature, then body) and a good trailer.
func encodeIndex(version uint32, entries []testEntry, exts ...string) []byte {
	b := binary.BigEndian.AppendUint32([]byte("DIRC"), version)
	b = binary.BigEndian.AppendUint32(b, uint32(len(entries)))
	prev := ""
	for _, e := range entries {
		start := len(b)
		st := e.stat
		for _, w := range []uint32{st.ctimeSec, st.ctimeNsec, st.mtimeSec, st.mtimeNsec, st.dev, st.ino, e.mode, st.uid, st.gid, st.size} {
			b = binary.BigEndian.AppendUint32(b, w)
		}
		b = append(b, e.oid[:]...)
		flags := e.flags | uint16(min(len(e.path), gitNameMask))
		if e.ext != 0 {
			flags |= gitExtended
		}
		b = binary.BigEndian.AppendUint16(b, flags)
		if e.ext != 0 {
			b = binary.BigEndian.AppendUint16(b, e.ext)
		}
		if version == 4 {
			common := 0
			for common < len(prev) && common < len(e.path) && prev[common] == e.path[common] {
				common++
			}
			b = appendGitVarint(b, uint64(len(prev)-common))
			b = append(append(b, e.path[common:]...), 0)
		} else {
			b = append(b, e.path...)
			for pad := (len(b)-start+8)&^7 - (len(b) - start); pad > 0; pad-- {
				b = append(b, 0)
			}
		}
		prev = e.path
	}
	for i := 0; i+1 < len(exts); i += 2 {
		b = append(b, exts[i]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(exts[i+1])))
		b = append(b, exts[i+1]...)
	}
	sum := sha1.Sum(b)
	return append(b, sum[:]...)
}

// appendGitVarint is git's encode_varint.
func appendGitVarint(b []byte, v uint64) []byte {
	var tmp [16]byte
	i := len(tmp) - 1
	tmp[i] = byte(v & 127)
	for v >>= 7; v > 0; v >>= 7 {
		v--
		i--
		tmp[i] = 128 | byte(v&127)
	}
	return append(b, tmp[i:]...)
}

func regular(path string, ino uint32) testEntry {
	return testEntry{path: path, mode: 0o100644, stat: gitStat{mtimeSec: 100, ino: ino, size: 3}, oid: [20]byte{byte(ino)}}
}

func TestParseGitIndexVersions(t *testing.T) {
	long := strings.Repeat("d/", 2047) + "fg" // past the 12 bits of a name length
	entries := []testEntry{regular("a.yaml", 1), regular("videos/b.yaml", 2), regular("videos/c.yaml", 3), regular(long, 4)}
	slices.SortFunc(entries, func(a, b testEntry) int { return strings.Compare(a.path, b.path) })
	for _, v := range []uint32{2, 3, 4} {
		ix, err := parseGitIndex(encodeIndex(v, entries, "TREE", "whatever"), 7, nil)
		if err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		for _, e := range entries {
			got, ok := ix.lookup(e.path, new(int))
			if !ok || got.stat != e.stat || got.oid != e.oid {
				t.Errorf("version %d: %.20s: got %+v, %v", v, e.path, got, ok)
			}
		}
		if _, ok := ix.lookup("videos", new(int)); ok {
			t.Errorf("version %d: a folder was found", v)
		}
	}
}

// TestUnusableEntries: entries git itself does not stat, or that are not
// a file's, are never used.
func TestUnusableEntries(t *testing.T) {
	e := func(path string, mode uint32, flags, ext uint16) testEntry {
		te := regular(path, 1)
		te.mode, te.flags, te.ext = mode, flags, ext
		return te
	}
	entries := []testEntry{
		e("assume", 0o100644, gitAssumeValid, 0),
		e("conflict", 0o100644, 1<<12, 0),
		e("conflict", 0o100644, 2<<12, 0),
		e("intent", 0o100644, 0, gitIntentToAdd),
		e("link", 0o120000, 0, 0),
		e("module", 0o160000, 0, 0),
		e("ok", 0o100755, 0, 0),
		e("skip", 0o100644, 0, gitSkipWT),
	}
	ix, err := parseGitIndex(encodeIndex(3, entries), 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		if _, ok := ix.lookup(en.path, new(int)); ok != (en.path == "ok") {
			t.Errorf("%s: usable %v", en.path, ok)
		}
	}
}

// TestRefusedIndexes: what this reader does not know, or what git would
// never write, is refused whole, never half-read.
func TestRefusedIndexes(t *testing.T) {
	ok := []testEntry{regular("a", 1), regular("b", 2)}
	good := encodeIndex(2, ok)
	resum := func(b []byte) []byte {
		b = b[:len(b)-20]
		sum := sha1.Sum(b)
		return append(b, sum[:]...)
	}
	withCount := func(n uint32) []byte {
		b := slices.Clone(good)
		binary.BigEndian.PutUint32(b[8:], n)
		return resum(b)
	}
	cases := map[string][]byte{
		"empty":             nil,
		"not an index":      []byte("not an index at all, not at all"),
		"version 1":         encodeIndex(1, ok),
		"version 5":         encodeIndex(5, ok),
		"huge count":        withCount(1<<32 - 1),
		"count past data":   withCount(3),
		"count short":       withCount(1), // the second entry is read as an extension
		"truncated":         resum(slices.Clone(good[:len(good)-30])),
		"split index":       encodeIndex(2, ok, "link", strings.Repeat("x", 20)),
		"sparse index":      encodeIndex(3, ok, "sdir", ""),
		"sparse folder":     encodeIndex(3, []testEntry{regular("a", 1), {path: "dir/", mode: 0o40000}}),
		"extension too big": resum(append(slices.Clone(good[:len(good)-20]), "TREE\xff\xff\xff\xff"...)),
		"dot dot":           encodeIndex(2, []testEntry{regular("../a", 1)}),
		"dot dot inside":    encodeIndex(4, []testEntry{regular("a/../../b", 1)}),
		"absolute":          encodeIndex(2, []testEntry{regular("/etc/passwd", 1)}),
		"dot":               encodeIndex(2, []testEntry{regular("./a", 1)}),
		"double slash":      encodeIndex(2, []testEntry{regular("a//b", 1)}),
		"unsorted":          encodeIndex(2, []testEntry{regular("b", 1), regular("a", 2)}),
		"duplicate":         encodeIndex(4, []testEntry{regular("a", 1), regular("a", 2)}),
		"extended in v2":    encodeIndex(2, []testEntry{{path: "a", mode: 0o100644, ext: gitSkipWT}}),
		"name length lies":  encodeIndex(2, []testEntry{{path: "a\x00b", mode: 0o100644}}),
		"v4 drops too much": v4Drop(),
	}
	for name, data := range cases {
		if _, err := parseGitIndex(data, 7, nil); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
	if _, err := parseGitIndex(good, 7, nil); err != nil {
		t.Fatalf("the good one: %v", err)
	}
	// git reads an index whose trailer is wrong (only git fsck checks it),
	// and so does reel: see gitindex.go.
	badTrailer := append(slices.Clone(good[:len(good)-1]), good[len(good)-1]^1)
	if ix, err := parseGitIndex(badTrailer, 7, nil); err != nil || len(ix.entries) != len(ok) {
		t.Errorf("an index with a wrong trailer, which git reads, was refused: %v", err)
	}
}

// v4Drop is a version 4 index whose second entry drops more of the first
// path than it has.
func v4Drop() []byte {
	b := encodeIndex(4, []testEntry{regular("ab", 1), regular("ac", 2)})
	b = b[:len(b)-20]
	i := len(b) - len("c\x00") - 1 // the varint of the second entry
	b[i] = 9
	sum := sha1.Sum(b)
	return append(b, sum[:]...)
}

// TestParseRealGitIndexes: the indexes git writes, in each version, read
// as git lists them.
func TestParseRealGitIndexes(t *testing.T) {
	dir := gitRepo(t, map[string]string{"a.yaml": "a", "videos/b.yaml": "bb", "videos/deep/c.yaml": "ccc", "z": "z"})
	want := strings.Fields(git(t, dir, "ls-files"))
	for _, v := range []string{"2", "3", "4"} {
		git(t, dir, "update-index", "--index-version", v)
		ix := mustIndex(t, dir)
		var got []string
		for _, e := range ix.entries {
			got = append(got, e.path)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("version %s: %q, git lists %q", v, got, want)
		}
		e, _ := ix.lookup("videos/deep/c.yaml", new(int))
		if oid := strings.TrimSpace(git(t, dir, "rev-parse", ":videos/deep/c.yaml")); !hexIs(oid, e.oid[:]) || e.stat.size != 3 {
			t.Fatalf("version %s: c.yaml: %+v, git's blob %s", v, e, oid)
		}
	}
	git(t, dir, "update-index", "--split-index")
	if data, err := os.ReadFile(filepath.Join(dir, ".git", "index")); err != nil {
		t.Fatal(err)
	} else if _, err := parseGitIndex(data, 0, nil); err == nil {
		t.Fatal("a split index was read")
	}
}

func mustIndex(t *testing.T, dir string) *gitIndex {
	t.Helper()
	_, ix := loadGitIndex(dir, nil)
	if ix == nil {
		t.Fatal("the index was refused")
	}
	return ix
}

// FuzzParseGitIndex: no index makes the parser panic, or hand back an
// entry git could not have written.
func FuzzParseGitIndex(f *testing.F) {
	entries := []testEntry{regular("a.yaml", 1), regular("videos/b.yaml", 2), regular("videos/c.yaml", 3)}
	for _, v := range []uint32{2, 3, 4} {
		f.Add(encodeIndex(v, entries, "TREE", "x"))
	}
	f.Add(encodeIndex(3, []testEntry{{path: "a", mode: 0o100644, ext: gitSkipWT}}))
	f.Add(v4Drop())
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, skipHash := range []bool{false, true} {
			if skipHash && len(data) >= 20 { // the trailer git writes under index.skipHash
				data = append(slices.Clone(data[:len(data)-20]), make([]byte, 20)...)
			}
			ix, err := parseGitIndex(data, 1, nil)
			if err != nil {
				continue
			}
			if len(ix.entries)*gitMinEntry > len(data) {
				t.Fatalf("%d entries from %d bytes", len(ix.entries), len(data))
			}
			for i, e := range ix.entries {
				if !cleanGitPath(e.path) || (i > 0 && !entryAfter(e, ix.entries[i-1])) {
					t.Fatalf("entry %d: %q", i, e.path)
				}
			}
		}
	})
}

// gitRepo makes a git work tree holding files, committed.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "files")
	return dir
}

// git runs git in dir and returns its output; git's own configuration
// files are left out.
func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestLookupFromNear: looked up in order, out of order, or for paths git
// does not track, from wherever the last lookup ended, every path finds
// what a search of the whole index finds.
func TestLookupFromNear(t *testing.T) {
	var entries []testEntry
	var paths []string
	tracked := map[string]bool{}
	for i := range 500 {
		p := fmt.Sprintf("videos/f%02d/v%04d.yaml", i/10, i*2)
		entries = append(entries, regular(p, uint32(i+1)))
		tracked[p] = true
		paths = append(paths, p, fmt.Sprintf("videos/f%02d/v%04d.yaml", i/10, i*2+1), p+"x")
	}
	ix, err := parseGitIndex(encodeIndex(2, entries), 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(paths)
	rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	reversed := slices.Clone(paths)
	slices.Reverse(reversed)
	for name, order := range map[string][]string{"in order": paths, "shuffled": shuffled, "reversed": reversed} {
		near := 0
		for _, p := range order {
			got, ok := ix.lookup(p, &near)
			want, wantOK := ix.lookup(p, new(int))
			if ok != wantOK || got != want || ok != tracked[p] || (ok && got.path != p) {
				t.Fatalf("%s: %s: %v %+v, a whole search %v", name, p, ok, got, wantOK)
			}
		}
	}
}

// TestIndexKeepsOnlyTheFilesAsked: read for a check, the index keeps the
// entries of the check's files and no other, in every version, and each
// is found by its path.
func TestIndexKeepsOnlyTheFilesAsked(t *testing.T) {
	tracked := []testEntry{regular("a.yaml", 1), regular("docs/x.md", 2), regular("videos/b.yaml", 3),
		regular("videos/b.yaml.orig", 4), regular("videos/c.yaml", 5), regular("z/notes.txt", 6)}
	top := "/repo"
	files := []File{{Path: "/elsewhere/a.yaml"}, {Path: "/repo", Dir: true}, {Path: "/repo/a.yaml"},
		{Path: "/repo/out/b.mp4"}, {Path: "/repo/videos", Dir: true}, {Path: "/repo/videos/b.yaml"},
		{Path: "/repo/videos/c.yaml"}, {Path: "/repox/z.yaml"}}
	want := []string{"a.yaml", "videos/b.yaml", "videos/c.yaml"}
	for _, v := range []uint32{2, 3, 4} {
		ix, err := parseGitIndex(encodeIndex(v, tracked), 7, pathsIn(files, top))
		if err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		var got []string
		for _, e := range ix.entries {
			got = append(got, e.path)
		}
		if !slices.Equal(got, want) {
			t.Errorf("version %d kept %q, want %q", v, got, want)
		}
		near := 0
		for _, p := range want {
			if _, ok := ix.lookup(p, &near); !ok {
				t.Errorf("version %d: %s not found", v, p)
			}
		}
	}
}
