// Package lazyregexp is a regexp compiled on its first use, as cmd/go's
// internal/lazyregexp. A package-level regexp.MustCompile compiles in
// every run of reel, a no-op plan and reel version included, which use
// none of the patterns: start-up is what a small project's no-op pays
// most of.
package lazyregexp

import (
	"regexp"
	"sync"
)

// Regexp is a regexp.Regexp compiled the first time it is used.
type Regexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

// New is the pattern src, compiled on first use; a bad pattern panics
// then, as regexp.MustCompile would have at start.
func New(src string) *Regexp { return &Regexp{src: src} }

func (r *Regexp) get() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.src) })
	return r.re
}

// MatchString is regexp.Regexp's.
func (r *Regexp) MatchString(s string) bool { return r.get().MatchString(s) }

// FindStringSubmatch is regexp.Regexp's.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.get().FindStringSubmatch(s) }

// ReplaceAllString is regexp.Regexp's.
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.get().ReplaceAllString(src, repl)
}
