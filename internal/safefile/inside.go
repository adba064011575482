package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// OutsideError is a project's file that is a symlink to a file outside
// the project.
type OutsideError struct {
	Path   string
	Target string // where the symlink points, as it is written
}

func (e *OutsideError) Error() string { return e.Path + ": " + e.Reason() }

// Reason is the error without the path, for a message that names the
// file already (file:line:col).
func (e *OutsideError) Reason() string {
	return "is a symlink to " + e.Target + ", outside the project: reel reads only the project's own files; put the file itself here, or remove the link"
}

// inside returns an *OutsideError if path is a symlink that leads out of
// root, the project's folder, to a regular file; nil if it is no symlink,
// one that stays inside, or one to what is no file (a device, a FIFO: the
// read refuses it, saying what it is). Git commits symlinks, and a
// branch's videos/x.yaml -> ~/.aws/credentials would have reel read a file
// of the machine, outside the checkout, and quote its keys and values in
// its errors. A symlink
// within the project (a manifest shared by two folders) is as good as the
// file. Only the last element of path is looked at: reel finds the
// project's files without following symlinked folders.
func inside(root, path string) error {
	lst, err := os.Lstat(path)
	if err != nil || lst.Mode()&fs.ModeSymlink == 0 {
		return nil // the read that follows says what is wrong, if anything
	}
	return followed(root, path)
}

// followed is inside for a path known to be a symlink.
func followed(root, path string) error {
	target, _ := os.Readlink(path)
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // dangling: the read says the file does not exist
		}
		return err
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	root, _ = filepath.Abs(root) // Rel needs both absolute, or both relative
	real, _ = filepath.Abs(real)
	if Within(root, real) || !regular(real) {
		return nil // what is not a file is refused by the read, as what it is
	}
	return &OutsideError{Path: path, Target: target}
}

func regular(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// Within reports whether path is root or below it; both are absolute
// and free of symlinks. Every check that a file reel reads or writes stays
// in its folder (the project, output_dir) is this one.
func Within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
