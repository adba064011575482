//go:build !unix

package snapshot

import (
	"io"

	"github.com/reel-dev/reel/internal/safefile"
)

// readInto copies at most max bytes of the regular file at path into w;
// one that holds more is an error.
func readInto(w io.Writer, path string, max int64) error {
	l := safefile.Limit{Kind: "a snapshot input", Max: max}
	f, _, err := safefile.Open(path, l)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, safefile.LimitReader(f, path, l))
	return err
}
