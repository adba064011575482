package cireport

import (
	"path/filepath"
	"strings"
)

// Path is file as the CI system wants it: relative to the repository's
// root with forward slashes, so an annotation lands on the file a pull
// request shows even when the project is in a subfolder. A file outside
// the repository (or with no repository known) is given relative to the
// project, or as it came; inRepo says whether it is the repository's.
func (w Where) Path(file string) (path string, inRepo bool) {
	if file == "" {
		return "", false
	}
	abs := file
	if !filepath.IsAbs(abs) && w.Project != "" {
		abs = filepath.Join(w.Project, file)
	}
	if rel, ok := below(w.Repo, abs); ok {
		return rel, true
	}
	if rel, ok := below(w.Project, abs); ok {
		return rel, false
	}
	return filepath.ToSlash(file), false
}

// below is path relative to dir when it lies inside dir.
func below(dir, path string) (string, bool) {
	if dir == "" || !filepath.IsAbs(path) {
		return "", false
	}
	rel, err := filepath.Rel(filepath.Clean(dir), filepath.Clean(path))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// ProjectDir is the project's folder relative to the repository's root
// ("." at the root), or "" when it is not inside a known repository.
func (w Where) ProjectDir() string {
	rel, ok := below(w.Repo, w.Project)
	if !ok {
		return ""
	}
	return rel
}
