//go:build !linux || !(amd64 || arm64)

package snapshot

// statter is Stat where stating without allocating is not written.
type statter struct{}

func (*statter) stat(path string) (File, error) { return Stat(path) }

// gitStat is not kept here: git's index never stands for a file's content.
func (*statter) gitStat() (gitStat, bool) { return gitStat{}, false }
