//go:build !unix

package render

import "os"

// tryLock has no cross-process lock here: reel.lock's own lock still keeps
// entries from being lost, and the executor refuses to create a render
// another run has started.
func tryLock(*os.File) (bool, error) { return true, nil }
