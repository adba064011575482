//go:build !unix

package sandbox

import "sync"

// Without flock(2), sandboxes exclude each other only within one process;
// two processes writing at the same moment may lose one video. reel's
// supported platforms are unix.
var dirMu sync.Mutex

type dirLock struct{}

func lockDir(string) (*dirLock, error) {
	dirMu.Lock()
	return &dirLock{}, nil
}

func (*dirLock) unlock() { dirMu.Unlock() }
