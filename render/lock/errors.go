package lock

import (
	"errors"
	"fmt"
)

// ErrBusy is wrapped by UpdateContext's error when another process held
// the lock until the context ended; the CLI maps it to exit code 5.
var ErrBusy = errors.New("another reel is writing " + FileName)

// Fixes a ParseError suggests. The lock is written only by reel, so almost
// any damage came from a hand edit or a bad merge, and git has a good copy.
const (
	fixRestore = "the lock is damaged: restore it from git (git checkout reel.lock; git show HEAD:reel.lock shows what was committed)"
	fixCut     = "restore it from git: git checkout reel.lock (git show HEAD:reel.lock shows what was committed)"
	fixUpgrade = "upgrade reel"
	fixNewer   = "the lock may come from a newer reel: upgrade reel, or restore it from git (git checkout reel.lock)"
	fixMerge   = "resolve the merge by keeping each video's block from one side only, or take one side (git checkout --theirs reel.lock) and run reel render again"
	fixEmpty   = "restore it from git (git checkout reel.lock); delete it only if this project never rendered a video, or every video is paid for again"
)

// ParseError is a damaged or unreadable lock, positioned like a compiler
// error so that editors and CI annotate the line.
type ParseError struct {
	File      string
	Line, Col int    // 1-based; Col counts bytes
	What      string // what is wrong
	Fix       string // what to do about it
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Col, e.What, e.Fix)
}

// busyError keeps both causes: ErrBusy for the exit code and the context's
// error for callers that care whether they were cancelled or timed out.
type busyError struct {
	path string
	ctx  error
}

func (e *busyError) Error() string {
	return fmt.Sprintf("%s: %v (gave up waiting: %v): wait for it to finish, then run again", e.path, ErrBusy, e.ctx)
}

func (e *busyError) Unwrap() []error { return []error{ErrBusy, e.ctx} }
