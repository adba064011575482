package main

import (
	"errors"
	"fmt"

	"github.com/reel-dev/reel/render"
)

// keysMissing checks that each provider with work (uses: provider → video
// ids) has its key, before anything is sent or a plan is shown. It prints
// one line per variable to set, ending with then, and reports whether any
// is missing.
func (e *env) keysMissing(uses map[string][]string, then string) bool {
	err := render.CheckKeys(uses)
	if err == nil {
		return false
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		fmt.Fprintf(e.stderr, "reel: %v%s\n", err, then)
		return true
	}
	for _, k := range joined.Unwrap() {
		fmt.Fprintf(e.stderr, "reel: %v%s\n", k, then)
	}
	return true
}
