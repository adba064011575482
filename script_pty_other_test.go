//go:build !linux

package main

import (
	"errors"
	"os"
)

// openPTY is not written for this system: the scripts that need a
// terminal skip.
func openPTY() (master, tty *os.File, err error) { return nil, nil, errors.ErrUnsupported }
