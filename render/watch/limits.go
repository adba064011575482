package watch

import (
	"errors"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// atLimit reports an error of a system out of watches: inotify's
// max_user_watches (ENOSPC) or max_user_instances (EMFILE), kqueue's open
// files (EMFILE, ENFILE).
func atLimit(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}

// isOverflow reports the system dropping events: inotify's queue
// (max_queued_events) or Windows' buffer overflowed.
func isOverflow(err error) bool { return errors.Is(err, fsnotify.ErrEventOverflow) }
