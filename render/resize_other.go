//go:build !unix

package render

import "os"

// resizes has no signal for a resize here: the live view reads the
// terminal's size on each redraw, twice a second.
func resizes() (<-chan os.Signal, func()) { return nil, func() {} }
