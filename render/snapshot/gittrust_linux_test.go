//go:build linux && (amd64 || arm64)

package snapshot

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// editedBehindGit returns a project whose snapshot knows every input's
// blob, in which videos/b.yaml has since been edited (same size), and an
// index that vouches for every input as it now stats with the blob the
// snapshot recorded: a lie about b, which git would only tell racily (b
// edited within the tick git recorded it) or a forger deliberately.
func editedBehindGit(t *testing.T) (dir string, s *Snapshot, lie []testEntry, b os.FileInfo) {
	t.Helper()
	dir = gitRepo(t, projectFiles)
	s = recorded(t, dir)
	freshCheckout(t, dir)
	s.Check("s", nil)
	s = saved(t, dir, s)
	replace(t, filepath.Join(dir, "videos/b.yaml"), "BBB")
	var st statter
	for _, f := range s.Files {
		if _, err := st.stat(f.Path); err != nil {
			t.Fatal(err)
		}
		now, _ := st.gitStat()
		e := testEntry{path: strings.TrimPrefix(f.Path, dir+"/"), mode: 0o100644, stat: now}
		if _, err := hex.Decode(e.oid[:], []byte(f.Blob)); err != nil {
			t.Fatalf("%s: blob %q", f.Path, f.Blob)
		}
		lie = append(lie, e)
	}
	b, err := os.Stat(filepath.Join(dir, "videos/b.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, s, lie, b
}

// plantIndex writes data as dir's git index, dated mtime.
func plantIndex(t *testing.T, dir string, data []byte, mtime time.Time) {
	t.Helper()
	path := filepath.Join(dir, ".git", "index")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// changedB reports whether a check of a fresh load of dir's snapshot
// finds videos/b.yaml changed.
func changedB(t *testing.T, dir string) bool {
	t.Helper()
	s := Load(dir)
	c := s.Check("s", nil)
	return slices.Contains(c.Changed, index(t, s, dir, "videos/b.yaml"))
}

// TestRacyEntryIsRead: an entry whose mtime is not before the index's
// may hide an edit made in the tick git recorded it: the file is read,
// and the edit found. The same entry in an index written later is
// believed, as git believes it: the racy rule is what tells the two.
func TestRacyEntryIsRead(t *testing.T) { bothWays(t, racyEntryIsRead) }

func racyEntryIsRead(t *testing.T) {
	dir, _, lie, b := editedBehindGit(t)
	plantIndex(t, dir, encodeIndex(2, lie), b.ModTime())
	if !changedB(t, dir) {
		t.Fatal("a racy entry was trusted: b's edit was missed")
	}
	plantIndex(t, dir, encodeIndex(2, lie), b.ModTime().Add(time.Second))
	if changedB(t, dir) {
		t.Fatal("an entry that is not racy was not believed")
	}
}

// TestHostileIndexIsNotTrusted: an index that would vouch for b's old
// content, but is damaged or holds what git never writes, is refused
// whole, or its damaged entry vouches for nothing: b is read, and found
// changed. None makes the check panic.
func TestHostileIndexIsNotTrusted(t *testing.T) { bothWays(t, hostileIndexIsNotTrusted) }

func hostileIndexIsNotTrusted(t *testing.T) {
	dir, _, lie, b := editedBehindGit(t)
	later := b.ModTime().Add(time.Second)
	good := encodeIndex(2, lie)
	resum := func(d []byte) []byte { // a forger writes a good trailer
		d = slices.Clone(d[:len(d)-20])
		sum := sha1.Sum(d)
		return append(d, sum[:]...)
	}
	withCount := func(n uint32) []byte {
		d := slices.Clone(good)
		binary.BigEndian.PutUint32(d[8:], n)
		return resum(d)
	}
	dotdot := append([]testEntry{{path: "../../etc/x", mode: 0o100644}}, lie...)
	nul := append([]testEntry{{path: "a\x00b", mode: 0o100644}}, lie...)
	hostile := map[string][]byte{
		"b's entry damaged": damageInode(t, good, lie, "videos/b.yaml"), // its trailer now wrong
		"huge count":        withCount(1<<32 - 1),
		"count past":        withCount(uint32(len(lie) + 1)),
		"truncated":         resum(good[:len(good)/2]),
		"cut mid-entry":     append(slices.Clone(good[:len(good)/2]), make([]byte, 20)...), // skipHash's trailer
		"dot dot path":      encodeIndex(2, dotdot),
		"NUL in a path":     encodeIndex(2, nul),
		"split index":       encodeIndex(2, lie, "link", strings.Repeat("\x00", 20)),
		"version 9":         encodeIndex(9, lie),
		"empty":             nil,
	}
	for name, data := range hostile {
		plantIndex(t, dir, data, later)
		if !changedB(t, dir) {
			t.Errorf("%s: b's edit was missed", name)
		}
	}
	plantIndex(t, dir, good, later)
	if changedB(t, dir) {
		t.Fatal("the undamaged index was not read: the cases above prove nothing")
	}
}

// damageInode returns a copy of the index data with one bit of path's
// inode flipped, and its trailer left as it was: damage git would not see
// (it does not check the trailer either), which must not vouch for path.
func damageInode(t *testing.T, data []byte, entries []testEntry, path string) []byte {
	t.Helper()
	for _, e := range entries {
		if e.path != path {
			continue
		}
		at := bytes.Index(data, append(binary.BigEndian.AppendUint32(nil, e.stat.ino), binary.BigEndian.AppendUint32(nil, 0o100644)...))
		if at < 0 {
			t.Fatalf("%s's entry not found in the index", path)
		}
		d := slices.Clone(data)
		d[at+3] ^= 1
		return d
	}
	t.Fatalf("no entry for %s", path)
	return nil
}
