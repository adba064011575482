package manifest

import (
	"path"
	"path/filepath"
	"strings"
)

// This file serves reel watch, which reloads only the manifests that
// changed: listing a project of 10,000 manifests on every save would cost
// more than the save's whole budget, and an error positioned in reel.yaml
// must still be told apart by the manifest that caused it.

// Match returns the manifest a file is, by the include globs, without
// listing the project: the same answer Manifests gives for it. Paths in
// dot folders or in the output folder are no manifest.
func (p *Project) Match(abs string) (ManifestFile, bool) {
	rel, err := filepath.Rel(p.Root, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return ManifestFile{}, false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range p.Config.Include {
		prefix := globPrefix(g)
		below, ok := strings.CutPrefix(rel, prefix)
		if !ok || !matchGlob(g, rel) || p.skipped(filepath.Join(p.Root, filepath.FromSlash(prefix)), below) {
			continue
		}
		return ManifestFile{Path: abs, ID: strings.TrimSuffix(below, path.Ext(below))}, true
	}
	return ManifestFile{}, false
}

// skipped reports whether Manifests' walk from start would leave out the
// file at the slash path below: it enters no dot folder and not the output
// folder.
func (p *Project) skipped(start, below string) bool {
	dirs := strings.Split(below, "/")
	dir := start
	for _, d := range dirs[:len(dirs)-1] {
		dir = filepath.Join(dir, d)
		if strings.HasPrefix(d, ".") || dir == p.OutputDir {
			return true
		}
	}
	return false
}

// FileSet is one manifest's part of a load.
type FileSet struct {
	File   ManifestFile
	Videos []*Video
	Errors Errors // sorted
	Sum    string // hex SHA-256 of the bytes read
	Stamp  Stamp  // the file's size and mtime as read
	// Template is what a manifest with rows or locales read besides
	// itself; nil for another manifest.
	Template *TemplateRead
}

// LoadFiles is Load for the given manifests only, without listing the
// project, with each file's videos and errors kept apart. The checks
// across files (two videos with one id or one output) are left to the
// caller, which holds the other files' videos: see CheckUnique.
func LoadFiles(p *Project, files []ManifestFile, opt Options) []FileSet {
	out := make([]FileSet, len(files))
	if opt.Providers == nil {
		for i, f := range files {
			out[i] = FileSet{File: f, Errors: Errors{{Pos: Pos{File: f.Path, Line: 1, Col: 1}, Msg: errNoProviders.Error()}}}
		}
		return out
	}
	l := loader{p: p, opt: opt, assets: newAssetCache(p.Root)}
	parallel(len(files), func(i int) {
		r := l.file(files[i])
		out[i] = FileSet{File: files[i], Videos: r.videos, Errors: r.errs.Sorted(), Sum: r.sum, Stamp: r.stamp, Template: r.tmpl}
	})
	return out
}

// CheckUnique reports two videos with one id, or writing one output, as
// Load does across all the files it read.
func CheckUnique(root string, videos []*Video) Errors {
	return checkUnique(root, videos).Sorted()
}
