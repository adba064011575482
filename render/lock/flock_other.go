//go:build !unix

package lock

import "context"

// Without flock(2), writers exclude each other only within one process:
// one semaphore for all folders. reel's supported platforms are unix.
var sem = make(chan struct{}, 1)

type dirLock struct{}

func lockDir(ctx context.Context, dir string) (*dirLock, error) {
	select {
	case sem <- struct{}{}:
		return &dirLock{}, nil
	default:
	}
	select {
	case sem <- struct{}{}:
		return &dirLock{}, nil
	case <-ctx.Done():
		return nil, &busyError{path: dir, ctx: ctx.Err()}
	}
}

func (*dirLock) unlock() { <-sem }
