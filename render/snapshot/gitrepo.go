package snapshot

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/reel-dev/reel/internal/safefile"
)

// gitIndexLimit is the largest .git/index read: an index of a million
// files holds about a hundred megabytes, far past a content repo's. A
// larger one is not read; the files are confirmed by content instead.
var gitIndexLimit = safefile.Limit{Kind: "a git index", Max: 128 << 20, Fix: "nothing: reel reads the files instead"}

// gitPointerLimit bounds the small files that lead to the index: a .git
// file, a worktree's commondir, and the repository's config.
var gitPointerLimit = safefile.Limit{Kind: "a git pointer file", Max: 1 << 20, Fix: "nothing"}

// findGitDir returns the work tree holding root and its git folder: the
// nearest folder at or above root with a .git folder, or with a .git file
// naming the folder ("gitdir: PATH"), as a linked worktree or a submodule
// has. ok is false outside a work tree.
func findGitDir(root string) (top, gitDir string, ok bool) {
	for dir := filepath.Clean(root); ; {
		dotGit := filepath.Join(dir, ".git")
		if st, err := os.Lstat(dotGit); err == nil {
			switch {
			case st.IsDir():
				return dir, dotGit, true
			case st.Mode().IsRegular():
				gitDir, ok := readGitFile(dotGit)
				return dir, gitDir, ok
			}
			return "", "", false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", false
		}
		dir = parent
	}
}

// readGitFile reads a .git file: "gitdir: PATH", PATH relative to the
// file's folder unless absolute.
func readGitFile(path string) (string, bool) {
	data, err := safefile.Read(path, gitPointerLimit)
	if err != nil {
		return "", false
	}
	dir, ok := strings.CutPrefix(strings.TrimRight(string(data), "\r\n"), "gitdir: ")
	if !ok || dir == "" || strings.ContainsAny(dir, "\n\x00") {
		return "", false
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(path), dir)
	}
	return dir, true
}

// sha1Repo reports whether the repository of gitDir names its objects by
// SHA-1, the only hash this reader compares: a repository whose config
// sets extensions.objectFormat to anything else (sha256) is refused, as
// is one whose config does not read. A linked worktree's config is its
// common folder's (the commondir file).
func sha1Repo(gitDir string) bool {
	common := gitDir
	if data, err := safefile.Read(filepath.Join(gitDir, "commondir"), gitPointerLimit); err == nil {
		c := strings.TrimRight(string(data), "\r\n")
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitDir, c)
		}
		common = c
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	config, err := safefile.Read(filepath.Join(common, "config"), gitPointerLimit)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist) // git's default is SHA-1
	}
	for line := range bytes.Lines(config) {
		key, value, ok := strings.Cut(strings.ToLower(strings.TrimSpace(string(line))), "=")
		if ok && strings.TrimSpace(key) == "objectformat" && strings.TrimSpace(value) != "sha1" {
			return false
		}
	}
	return true
}

// loadGitIndex reads and parses the index of the work tree holding root,
// or returns nil: not a work tree, not a SHA-1 repository, no index, or
// one that does not parse. It keeps the entries of files (sorted by
// path), or of every file if files is nil.
func loadGitIndex(root string, files []File) (top string, ix *gitIndex) {
	top, gitDir, ok := findGitDir(root)
	if !ok || !sha1Repo(gitDir) {
		return "", nil
	}
	var want func(string) bool
	if files != nil {
		want = pathsIn(files, top)
	}
	ix, err := readGitIndex(filepath.Join(gitDir, "index"), want)
	if err != nil {
		return "", nil
	}
	return top, ix
}
