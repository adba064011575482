//go:build !linux || !(amd64 || arm64)

package snapshot

import "github.com/reel-dev/reel/internal/uring"

// statter is Stat where stating without allocating is not written.
type statter struct{}

func (*statter) stat(path string) (File, error) { return Stat(path) }

// statAt is stat: stats are not taken ahead here.
func (s *statter) statAt(_ int, path string) (File, error) { return s.stat(path) }

// prefetch does nothing: statAt stats each input as it comes.
func (*statter) prefetch(*uring.Ring, []File, int) {}

// gitStat is not kept here: git's index never stands for a file's content.
func (*statter) gitStat() (gitStat, bool) { return gitStat{}, false }
