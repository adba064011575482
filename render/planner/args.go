package planner

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
)

// Args is what the command-line arguments of validate, plan, render, watch
// and fetch select: manifest files and folders by path, videos by id. A
// video id selects the video and every variant of it (shorts/launch is
// also shorts/launch@es), as a user who types the base id means them all;
// id@variant selects that variant alone. It is a Selection.
type Args struct {
	args []*arg
}

// arg is one argument, and whether a manifest matched it.
type arg struct {
	text string
	abs  string // text as a path, absolute
	base string // the id before any @
	hit  bool   // a manifest matched it
}

// Select is what args select, given in the folder dir: nil, the whole
// project, when there are none.
func Select(dir string, args []string) Selection {
	if len(args) == 0 {
		return nil
	}
	return NewArgs(dir, args)
}

// NewArgs reads args, given in the folder dir.
func NewArgs(dir string, args []string) *Args {
	s := &Args{}
	for _, a := range args {
		base, _, _ := strings.Cut(a, "@")
		abs := a
		if !filepath.IsAbs(a) {
			abs = filepath.Join(dir, a)
		}
		s.args = append(s.args, &arg{text: a, abs: filepath.Clean(abs), base: base})
	}
	return s
}

// variant reports whether the argument names one video id@variant.
func (a *arg) variant() bool { return a.base != a.text }

// byPath reports whether the argument names f by its path, itself or a
// folder above it.
func (a *arg) byPath(f string) bool {
	return f == a.abs || strings.HasPrefix(f, a.abs+string(filepath.Separator))
}

// File is the manifest filter: the manifests some argument names, by path
// or by the id of one of its videos.
func (s *Args) File(f manifest.ManifestFile) bool {
	match := false
	for _, a := range s.args {
		if a.byPath(f.Path) || f.ID == a.base {
			a.hit, match = true, true
		}
	}
	return match
}

// keeps reports whether some argument selects the video v.
func (s *Args) keeps(v *manifest.Video) bool {
	for _, a := range s.args {
		switch {
		case a.byPath(v.File):
			return true
		case a.variant() && within(v.ID, a.text):
			return true
		case !a.variant() && strings.HasPrefix(v.ID, a.base) && (v.ID == a.base || v.ID[len(a.base)] == '@'):
			return true
		}
	}
	return false
}

// Unmatched says which arguments no manifest matched (nil: none), once
// File has seen every manifest.
func (s *Args) Unmatched() error {
	if miss := s.missing(); len(miss) > 0 {
		return fmt.Errorf("no manifest matches %s: give a manifest file, a folder of them or a video id (see include in reel.yaml)", strings.Join(miss, ", "))
	}
	return nil
}

// missing lists the arguments no manifest matched, quoted.
func (s *Args) missing() []string {
	var miss []string
	for _, a := range s.args {
		if !a.hit {
			miss = append(miss, fmt.Sprintf("%q", a.text))
		}
	}
	return miss
}

// Narrow keeps the videos of set that the arguments select, and says which
// argument selected nothing: no manifest, or no such variant of one.
func (s *Args) Narrow(set *manifest.Set) error {
	if err := s.Unmatched(); err != nil {
		return err
	}
	for _, a := range s.args {
		// a manifest with errors has no videos to tell its variants by
		if a.variant() && len(set.Errors) == 0 && !slices.ContainsFunc(set.Videos, func(v *manifest.Video) bool { return within(v.ID, a.text) }) {
			return noVariant(a, set.Videos)
		}
	}
	set.Videos = slices.DeleteFunc(set.Videos, func(v *manifest.Video) bool { return !s.keeps(v) })
	return nil
}

// within reports whether the video id is sel or one of its locales: a
// row's id (welcome@acme) selects the row in every language
// (welcome@acme@es).
func within(id, sel string) bool { return id == sel || strings.HasPrefix(id, sel+"@") }

// noVariant is the error of id@variant for a video without that variant.
func noVariant(a *arg, videos []*manifest.Video) error {
	var names []string
	for _, v := range videos {
		base, name, ok := strings.Cut(v.ID, "@")
		switch {
		case !ok || base != a.base:
		case v.Origin != nil:
			return fmt.Errorf("no video %s: %s makes no video of that row or locale (reel plan %s --all lists them)", a.text, a.base, a.base)
		default:
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("no video %s: %s has no variants", a.text, a.base)
	}
	return fmt.Errorf("no video %s: %s has the %s %s", a.text, a.base, english.Plural(len(names), "variant"), english.And(names))
}
