//go:build !linux

package snapshot

import "github.com/reel-dev/reel/internal/safefile"

// readGitIndex reads the index at path and parses it.
func readGitIndex(path string, want func(string) bool) (*gitIndex, error) {
	data, st, err := safefile.ReadStamp(path, gitIndexLimit)
	if err != nil {
		return nil, err
	}
	return parseGitIndex(data, st.Mtime, want)
}
