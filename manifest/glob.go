package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ManifestFile is one file the include globs matched.
type ManifestFile struct {
	Path string // absolute
	ID   string // path below the glob's fixed prefix, without extension
}

// Manifests lists the files the include globs match, sorted by path. Each
// glob's fixed prefix (videos/ in videos/**/*.yaml) is the root its ids are
// taken from. Dot folders and the output folder are never searched.
func (p *Project) Manifests() ([]ManifestFile, error) {
	files, _, err := p.walk()
	return files, err
}

// Listing is what a walk saw of one folder: the SHA-256 of the names in
// it, sorted, each followed by a newline (as snapshot.Sum takes it), or ""
// for a folder that could not be listed (it does not exist).
type Listing map[string]string

// walk lists the manifests and every folder it looked in (the project
// root, each glob's fixed prefix and what lies below it): a folder's mtime
// changes when a file is added to it or removed, which is how a snapshot
// knows the list of manifests is still the same without listing again.
func (p *Project) walk() ([]ManifestFile, Listing, error) {
	var out []ManifestFile
	list, err := p.walkEach(func(f ManifestFile) { out = append(out, f) })
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, list, nil
}

// walkEach is walk calling found with each manifest as the walk meets it
// (each glob's files in path order, a file matched by two globs once), so
// that reading them need not wait for the end of the walk.
func (p *Project) walkEach(found func(ManifestFile)) (Listing, error) {
	seen := map[string]bool{}
	dirs := map[string]bool{p.Root: true}
	names := map[string]hash.Hash{} // the names each walked folder holds, in the order WalkDir reads them: sorted
	for _, g := range p.Config.Include {
		prefix := globPrefix(g)
		start := filepath.Join(p.Root, filepath.FromSlash(prefix))
		for d := filepath.Dir(start); len(d) > len(p.Root); d = filepath.Dir(d) {
			dirs[d] = true // a missing prefix appears here first
		}
		cur := map[string]hash.Hash{} // this glob's walk; two globs may walk one folder
		err := filepath.WalkDir(start, func(abs string, d fs.DirEntry, err error) error {
			if err != nil {
				if abs == start {
					return fs.SkipAll // the folder does not exist: nothing matches
				}
				return err
			}
			if abs != start {
				parent := filepath.Dir(abs)
				if cur[parent] == nil {
					cur[parent] = sha256.New()
				}
				cur[parent].Write([]byte(d.Name() + "\n"))
			}
			if d.IsDir() {
				if abs != start && (strings.HasPrefix(d.Name(), ".") || abs == p.OutputDir) {
					return fs.SkipDir
				}
				dirs[abs] = true
				if cur[abs] == nil {
					cur[abs] = sha256.New() // listed, even if empty
				}
				return nil
			}
			rel := filepath.ToSlash(strings.TrimPrefix(abs, p.Root+string(filepath.Separator)))
			if seen[abs] || !matchGlob(g, rel) {
				return nil
			}
			seen[abs] = true
			id := strings.TrimPrefix(rel, prefix)
			id = strings.TrimSuffix(id, path.Ext(id))
			found(ManifestFile{Path: abs, ID: id})
			return nil
		})
		if err != nil {
			return nil, err
		}
		for d, h := range cur {
			if names[d] == nil {
				names[d] = h
			}
		}
	}
	list := Listing{}
	for d := range dirs {
		list[d] = ""
		if h := names[d]; h != nil {
			list[d] = hex.EncodeToString(h.Sum(nil))
		} else if entries, err := os.ReadDir(d); err == nil {
			// the root and the folders above a glob's walk: listed here,
			// so that saving reel.yaml by rename just before a plan does
			// not leave the root's listing to be taken after the plan
			h := sha256.New()
			for _, e := range entries {
				h.Write([]byte(e.Name() + "\n"))
			}
			list[d] = hex.EncodeToString(h.Sum(nil))
		}
	}
	return list, nil
}

// globPrefix is the leading folders of a glob that hold no wildcard,
// with a trailing slash ("videos/" for videos/**/*.yaml), or "".
func globPrefix(g string) string {
	segs := strings.Split(g, "/")
	n := 0
	for n < len(segs)-1 && !strings.ContainsAny(segs[n], "*?[\\") {
		n++
	}
	if n == 0 {
		return ""
	}
	return strings.Join(segs[:n], "/") + "/"
}

// matchGlob matches a slash-separated path against a glob in which **
// stands for any number of folders (zero included) and the other segments
// follow path.Match.
func matchGlob(glob, name string) bool {
	return matchSegs(strings.Split(glob, "/"), strings.Split(name, "/"))
}

func matchSegs(g, n []string) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			for i := 0; i <= len(n); i++ {
				if matchSegs(g[1:], n[i:]) {
					return true
				}
			}
			return false
		}
		if len(n) == 0 {
			return false
		}
		if ok, err := path.Match(g[0], n[0]); err != nil || !ok {
			return false
		}
		g, n = g[1:], n[1:]
	}
	return len(n) == 0
}

// badGlob says what is wrong with a malformed include glob, and how to
// write it, or "" for a glob matchGlob can use.
func badGlob(g string) string {
	for _, seg := range strings.Split(g, "/") {
		if _, err := path.Match(seg, ""); err == nil {
			continue
		}
		switch {
		case strings.HasSuffix(seg, `\`):
			return `it ends a name in \, which escapes nothing: folders are separated by /`
		case strings.Contains(seg, "[") && !strings.Contains(seg[strings.IndexByte(seg, '[')+1:], "]"):
			return `[ starts a set of characters, such as [abc], and this one is never closed: write \[ to match [ itself, e.g. videos/**/*.yaml`
		}
		return `in ` + strconv.Quote(seg) + `: * matches any name, ** any number of folders, ? one character and [abc] one of a set (a range: [a-z]); write \[, \* or \? to match the character itself`
	}
	return ""
}
