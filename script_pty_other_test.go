//go:build !linux

package main

import (
	"errors"
	"os"
	"syscall"
)

// openPTY is not written for this system: the scripts that need a
// terminal skip.
func openPTY() (master, tty *os.File, err error) { return nil, nil, errors.ErrUnsupported }

// ttyAttr is nothing where there is no terminal to lead (openPTY fails).
func ttyAttr() *syscall.SysProcAttr { return nil }
