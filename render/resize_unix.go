//go:build unix

package render

import (
	"os"
	"os/signal"
	"syscall"
)

// resizes delivers a signal each time the terminal is resized (SIGWINCH),
// until unhook is called.
func resizes() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGWINCH)
	return ch, func() { signal.Stop(ch) }
}
