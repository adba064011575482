package main

import (
	"github.com/reel-dev/reel/render"
)

// keysMissing checks that each of the named providers (those with work to
// do) has its API key, before anything is sent or a plan is shown, and
// says once which variables to set. It reports whether any is missing.
func (e *env) keysMissing(providers []string) bool {
	err := render.MissingKeys(providers...)
	if err == nil {
		return false
	}
	e.fail(err)
	return true
}
