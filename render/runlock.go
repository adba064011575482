package render

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/manifest"
)

// ErrBusy says another reel is rendering this project.
var ErrBusy = errors.New("another reel render is running on this project")

// LockRun takes the project's run lock, so that one reel renders a project
// at a time: a second one waits up to wait, then gives up with ErrBusy.
// The lock is an advisory lock on reel.yaml itself (no file to clean up;
// the kernel releases it when a process dies, even by SIGKILL). reel.lock's
// own lock, on the project folder, stays separate and short.
func LockRun(root string, wait time.Duration) (unlock func(), err error) {
	f, _, err := safefile.Open(filepath.Join(root, manifest.ProjectFile), safefile.YAML)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		if ok {
			return func() { f.Close() }, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, ErrBusy
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// LockProject takes the run lock of the project at dir or above it, as
// LockRun does; a lock another reel held past wait is an error wrapping
// ErrBusy that says what to do.
func LockProject(dir string, wait time.Duration) (unlock func(), err error) {
	root, err := manifest.Find(dir)
	if err != nil {
		return nil, err
	}
	unlock, err = LockRun(root, wait)
	if errors.Is(err, ErrBusy) {
		return nil, fmt.Errorf("%w (waited %s): let it finish, or run again with a longer --wait", err, wait)
	}
	return unlock, err
}
