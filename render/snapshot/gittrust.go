package snapshot

import (
	"encoding/hex"
	"path/filepath"
	"sort"
	"strings"
)

// gitTrust is what git's index says of the project's files. After a fresh
// clone or checkout every file has a new mtime, so the snapshot cannot
// tell it by its stat; but git recorded each file's stat as it wrote it,
// beside the id of the blob it wrote. A file that still stats as git
// recorded it holds that blob, as `git status` assumes; if the blob is
// the one the snapshot recorded of the bytes the plan read (File.Blob),
// the file is unchanged without being opened.
type gitTrust struct {
	top string // the work tree, ending in a separator
	ix  *gitIndex
}

// loadGitTrust reads the index of the work tree holding root, for the
// files given (sorted by path): nil when there is none, or when it is
// refused (see parseGitIndex).
func loadGitTrust(root string, files []File) *gitTrust {
	if root == "" {
		return nil
	}
	top, ix := loadGitIndex(root, files)
	if ix == nil {
		return nil
	}
	if !strings.HasSuffix(top, string(filepath.Separator)) {
		top += string(filepath.Separator)
	}
	return &gitTrust{top: top, ix: ix}
}

// entry returns the index's usable entry for the file at the absolute
// path, if git tracks it; near is the caller's place in the index (see
// gitIndex.lookup).
func (g *gitTrust) entry(path string, near *int) (gitEntry, bool) {
	if g == nil {
		return gitEntry{}, false
	}
	rel, ok := strings.CutPrefix(path, g.top)
	if !ok {
		return gitEntry{}, false
	}
	return g.ix.lookup(filepath.ToSlash(rel), near)
}

// vouches reports whether git's entry e says the file that now stats as
// now holds the blob blob (hex): every stat field git keeps matches,
// ctime and inode included (a tool that restores an mtime cannot restore
// those), and the entry is not racy. Any doubt is a no: the caller then
// reads the file.
func (g *gitTrust) vouches(e gitEntry, now gitStat, blob string) bool {
	return e.stat == now && !g.racy(e) && hexIs(blob, e.oid[:])
}

// racy is git's own rule: an entry whose mtime is not earlier than the
// index file's may have been modified again, in the same tick, after git
// recorded it, without its stat moving.
func (g *gitTrust) racy(e gitEntry) bool {
	return int64(e.stat.mtimeSec)*1e9+int64(e.stat.mtimeNsec) >= g.ix.mtime
}

// hexIs reports whether text is the lower-case hex of b.
func hexIs(text string, b []byte) bool {
	if len(text) != 2*len(b) {
		return false
	}
	var buf [64]byte
	if len(b) > len(buf)/2 {
		return false
	}
	hex.Encode(buf[:], b)
	return string(buf[:2*len(b)]) == text
}

// pathsIn returns a want for parseGitIndex: whether the file top/rel is
// one of files, sorted by path. git's order is the paths' order, so it
// walks files once. Where the separator is not git's slash the orders
// differ, and every entry is kept.
func pathsIn(files []File, top string) func(rel string) bool {
	if filepath.Separator != '/' {
		return nil
	}
	prefix := strings.TrimSuffix(top, "/") + "/"
	i := sort.Search(len(files), func(i int) bool { return files[i].Path >= prefix })
	return func(rel string) bool {
		for ; i < len(files); i++ {
			p, ok := strings.CutPrefix(files[i].Path, prefix)
			if !ok || p >= rel {
				return ok && p == rel
			}
		}
		return false
	}
}
