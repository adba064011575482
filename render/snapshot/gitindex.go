package snapshot

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"strings"
	"unsafe"
)

// gitEntry is what git's index records of one tracked file: the stat data
// git saw when it last wrote or hashed the file, and the id of the blob
// it holds. Git keeps each stat field as 32 bits, truncated.
type gitEntry struct {
	path  string
	stat  gitStat
	oid   [sha1.Size]byte
	stage uint16 // 0, or 1 to 3 for the sides of a merge conflict
	// usable: stage 0 (no merge conflict), a regular file, and none of
	// the flags under which git itself does not stat the file
	// (assume-unchanged, skip-worktree, intent-to-add).
	usable bool
}

// gitStat is the stat data git's index compares, truncated to 32 bits as
// git stores it.
type gitStat struct {
	ctimeSec, ctimeNsec, mtimeSec, mtimeNsec uint32
	dev, ino, uid, gid, size                 uint32
}

// gitIndex is a parsed .git/index: its entries, sorted by path, and its
// own mtime, which tells a racily clean entry (see trusts).
type gitIndex struct {
	mtime   int64 // unix nanoseconds
	entries []gitEntry
}

// The index's format, from git's Documentation/gitformat-index.txt.
const (
	gitHeaderLen   = 12
	gitEntryFixed  = 62 // ten stat words, the oid, the flags
	gitMinEntry    = 64 // fixed part, one byte of path, its NUL (and padding)
	gitMaxPath     = 4096
	gitNameMask    = 0x0fff
	gitStageMask   = 0x3000
	gitExtended    = 0x4000
	gitAssumeValid = 0x8000
	gitSkipWT      = 0x4000 // extended flags
	gitIntentToAdd = 0x2000 // extended flags
	gitModeType    = 0o170000
	gitModeFile    = 0o100000
	gitModeDir     = 0o040000 // a sparse index's folder entry
)

// errGitIndex is an index this reader does not take: a damaged or hostile
// one, or one of a kind it does not know. The caller confirms every file
// by its content instead.
var errGitIndex = errors.New("git index not understood")

// parseGitIndex reads an index of versions 2, 3 or 4 whose file has the
// given mtime. It refuses what it does not know (a split or sparse index,
// an unknown version, entries out of order, a path with "..", an empty
// component or a NUL) rather than guess: a refusal only costs reading
// the files. Every length is checked against the data before it is used;
// nothing the file declares sizes an allocation beyond the file's own.
//
// want, if not nil, is asked of each entry's path in order and tells the
// entries to keep: only those of files a check may look up, so that the
// others' paths are neither copied nor kept (a content repo tracks many
// files reel never reads).
func parseGitIndex(data []byte, mtime int64, want func(path string) bool) (*gitIndex, error) {
	if len(data) < gitHeaderLen+sha1.Size || string(data[:4]) != "DIRC" {
		return nil, errGitIndex
	}
	end := len(data) - sha1.Size // the trailer, not checked: see below
	version := binary.BigEndian.Uint32(data[4:])
	count := binary.BigEndian.Uint32(data[8:])
	if version < 2 || version > 4 || uint64(count) > uint64(end-gitHeaderLen)/gitMinEntry {
		return nil, errGitIndex
	}
	ix := &gitIndex{mtime: mtime, entries: make([]gitEntry, 0, count)}
	p := &entryParser{data: data[:end], at: gitHeaderLen, version: version}
	var prev gitEntry
	for i := range count {
		e, err := p.next()
		if err != nil {
			return nil, err
		}
		if i > 0 && !entryAfter(e, prev) {
			return nil, errGitIndex
		}
		prev = e
		if want == nil || want(e.path) {
			e.path = p.paths.copy(e.path)
			ix.entries = append(ix.entries, e)
		}
	}
	if !extensionsKnown(data[p.at:end]) {
		return nil, errGitIndex
	}
	return ix, nil
}

// The trailer's SHA-1 of the whole index is not checked, as git itself
// does not check it when it reads the index (only git fsck does, since
// git 2.13: hashing every byte was most of reading a large index). It
// guards against damage, not a forger, who writes a good trailer; and
// damage cannot make an entry vouch for a file: git's entry must match
// the file's whole stat now, inode and ctime included, and hold the very
// blob the snapshot recorded. Damage that breaks the structure is refused
// as before.

// entryAfter reports whether e sorts after prev as git sorts entries: by
// path bytes, then stage.
func entryAfter(e, prev gitEntry) bool {
	if c := strings.Compare(e.path, prev.path); c != 0 {
		return c > 0
	}
	return e.stage > prev.stage
}

// entryParser walks the entries of an index.
type entryParser struct {
	data    []byte // without the trailer
	at      int
	version uint32
	prev    string    // the previous path: in data, or version 4's in built
	built   [2][]byte // version 4: the last two paths, built in turn
	paths   arena     // the paths kept, copied: data is unmapped once parsed
}

// next parses the entry at p.at. Its path is valid until the entry after
// the next is parsed: it is in data, or in one of built.
func (p *entryParser) next() (gitEntry, error) {
	d := p.data
	if len(d)-p.at < gitEntryFixed {
		return gitEntry{}, errGitIndex
	}
	e := gitEntry{stat: statWords(d[p.at:])}
	mode := binary.BigEndian.Uint32(d[p.at+24:]) & gitModeType
	copy(e.oid[:], d[p.at+40:p.at+60])
	flags := binary.BigEndian.Uint16(d[p.at+60:])
	at := p.at + gitEntryFixed
	var ext uint16
	if flags&gitExtended != 0 {
		if p.version < 3 || len(d)-at < 2 {
			return gitEntry{}, errGitIndex
		}
		ext = binary.BigEndian.Uint16(d[at:])
		at += 2
	}
	path, at, err := p.path(at, int(flags&gitNameMask))
	if err != nil || !cleanGitPath(path) || mode == gitModeDir {
		return gitEntry{}, errGitIndex
	}
	e.path, e.stage = path, (flags&gitStageMask)>>12
	e.usable = mode == gitModeFile && e.stage == 0 && flags&gitAssumeValid == 0 && ext&(gitSkipWT|gitIntentToAdd) == 0
	p.at, p.prev = at, path
	return e, nil
}

// statWords reads the ten stat words that begin an entry (the mode among
// them, read by the caller).
func statWords(b []byte) gitStat {
	w := func(i int) uint32 { return binary.BigEndian.Uint32(b[4*i:]) }
	return gitStat{ctimeSec: w(0), ctimeNsec: w(1), mtimeSec: w(2), mtimeNsec: w(3),
		dev: w(4), ino: w(5), uid: w(7), gid: w(8), size: w(9)}
}

// path reads an entry's path at at, and returns where the next entry
// begins: versions 2 and 3 hold the whole path, NUL-padded to a multiple
// of eight bytes; version 4 holds how many bytes to drop from the end of
// the previous path, then what to append, NUL-terminated.
func (p *entryParser) path(at, nameLen int) (string, int, error) {
	d := p.data
	if p.version < 4 {
		n := bytes.IndexByte(d[at:min(len(d), at+gitMaxPath+1)], 0)
		if n < 0 || (nameLen < gitNameMask && n != nameLen) {
			return "", 0, errGitIndex
		}
		next := p.at + (at-p.at+n+8)&^7
		if next > len(d) {
			return "", 0, errGitIndex
		}
		return unsafe.String(unsafe.SliceData(d[at:]), n), next, nil
	}
	drop, used := gitVarint(d[at:])
	if used == 0 || drop > uint64(len(p.prev)) {
		return "", 0, errGitIndex
	}
	at += used
	keep := len(p.prev) - int(drop)
	n := bytes.IndexByte(d[at:min(len(d), at+gitMaxPath+1-keep)], 0)
	if n < 0 {
		return "", 0, errGitIndex
	}
	b := append(append(p.built[0][:0], p.prev[:keep]...), d[at:at+n]...)
	p.built[0], p.built[1] = p.built[1], b
	return unsafe.String(unsafe.SliceData(b), len(b)), at + n + 1, nil
}

// gitVarint decodes git's offset varint (varint.c: each continuation adds
// one before shifting), returning the value and the bytes it took, or 0
// bytes when it is cut short or overflows.
func gitVarint(b []byte) (uint64, int) {
	var v uint64
	for i, c := range b {
		if i > 0 {
			v++
			if v == 0 || v>>57 != 0 {
				return 0, 0
			}
			v <<= 7
		}
		v |= uint64(c & 0x7f)
		if c&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

// cleanGitPath reports whether path is one git itself would record: not
// empty, relative, without empty, "." or ".." components.
func cleanGitPath(path string) bool {
	if path == "" || len(path) > gitMaxPath {
		return false
	}
	for part := range strings.SplitSeq(path, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}

// extensionsKnown walks the extensions after the entries and reports
// whether the index is whole and needs none this reader lacks: a split
// index ("link") keeps entries in another file, and a sparse one
// ("sdir") folds folders into single entries.
func extensionsKnown(b []byte) bool {
	for len(b) > 0 {
		if len(b) < 8 {
			return false
		}
		sig, size := string(b[:4]), binary.BigEndian.Uint32(b[4:])
		if sig == "link" || sig == "sdir" || uint64(size) > uint64(len(b)-8) {
			return false
		}
		b = b[8+size:]
	}
	return true
}

// lookup returns the usable stage-0 entry for path, relative to the work
// tree with slashes. *near is where the last lookup ended, and is moved
// to where this one does: a check looks up its paths in order, each a
// few entries past the last, so the search gallops from there instead of
// halving the whole index each time.
func (ix *gitIndex) lookup(path string, near *int) (gitEntry, bool) {
	lo, hi := ix.around(path, *near)
	for lo < hi {
		mid := lo + (hi-lo)/2
		if ix.entries[mid].path < path {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	*near = lo
	if lo < len(ix.entries) && ix.entries[lo].path == path && ix.entries[lo].usable {
		return ix.entries[lo], true
	}
	return gitEntry{}, false
}

// around narrows the search for the first entry not before path to
// [lo, hi], hi included: from near, in steps that double, when path is
// not before the entry at near; the whole index otherwise.
func (ix *gitIndex) around(path string, near int) (lo, hi int) {
	n := len(ix.entries)
	if near < 0 || near >= n || ix.entries[near].path > path {
		return 0, n
	}
	step := 1
	for near+step < n && ix.entries[near+step].path <= path {
		near += step
		step *= 2
	}
	return near, min(n, near+step)
}
