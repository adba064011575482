package safefile

import (
	"fmt"

	"github.com/reel-dev/reel/internal/english"
	"io/fs"
	"os"
)

// NotRegularError is a path that is not a regular file: a folder, a
// named pipe, a device or a socket, itself or at the end of a symlink.
type NotRegularError struct {
	Path   string
	Mode   fs.FileMode // of what the path leads to
	Target string      // where the path's symlink points, if it is one
}

func (e *NotRegularError) Error() string { return e.Path + ": " + e.Reason() }

// Reason is the error without the path, for a message that names the
// file already (file:line:col).
func (e *NotRegularError) Reason() string {
	what := describe(e.Mode)
	if e.Target != "" {
		what = "a symlink to " + e.Target + ", " + what
	}
	return "is " + what + ", not a regular file: reel reads only regular files; replace it with one, or remove it"
}

// describe names the kind of file mode is: "a folder", "a named pipe
// (FIFO)", "a device", "a socket", "a regular file".
func describe(mode fs.FileMode) string {
	switch {
	case mode.IsRegular():
		return "a regular file"
	case mode.IsDir():
		return "a folder"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeDevice != 0, mode&fs.ModeCharDevice != 0:
		return "a device"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// notRegular is the error for path, which leads to a file of mode. It
// says where a symlink points: "reel.lock is a device" puzzles the user
// who sees a committed symlink to /dev/zero.
func notRegular(path string, mode fs.FileMode) *NotRegularError {
	e := &NotRegularError{Path: path, Mode: mode.Type()}
	if lst, err := os.Lstat(path); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
		e.Target, _ = os.Readlink(path)
	}
	return e
}

// TooBigError is a file over its kind's cap.
type TooBigError struct {
	Path  string
	Size  int64 // its size, or past the cap when it grew while read
	Limit Limit
	Grew  bool // it passed the cap while it was read
}

func (e *TooBigError) Error() string { return e.Path + ": " + e.Reason() }

// Reason is the error without the path.
func (e *TooBigError) Reason() string {
	size, max := sizeText(e.Size), sizeText(e.Limit.Max)
	if size == max {
		size, max = english.Count(e.Size, "byte"), english.Count(e.Limit.Max, "byte")
	}
	is := "is " + size
	if e.Grew {
		is = "grew past " + max + " while it was read"
	}
	msg := fmt.Sprintf("%s; %s is at most %s", is, e.Limit.Kind, max)
	if e.Limit.Fix != "" {
		msg += ": " + e.Limit.Fix
	}
	return msg
}

// sizeText writes n bytes for people: "512 bytes", "1.5 MiB", "2 GiB".
func sizeText(n int64) string {
	const unit = 1 << 10
	if n < unit {
		return english.Count(n, "byte")
	}
	v, prefix := float64(n)/unit, "KMGTPE"
	for i := 0; ; i++ {
		if v < unit || i == len(prefix)-1 {
			return trimZero(fmt.Sprintf("%.1f", v)) + " " + prefix[i:i+1] + "iB"
		}
		v /= unit
	}
}

// trimZero drops a ".0": "256.0" is "256".
func trimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}
