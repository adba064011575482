//go:build !linux

package manifest

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readFile reads a regular file of at most MaxFileSize, and says what it
// saw of it.
func readFile(path string) ([]byte, Stamp, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, Stamp{}, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	if !st.Mode().IsRegular() {
		return nil, Stamp{}, errors.New("not a regular file")
	}
	if st.Size() > MaxFileSize {
		return nil, Stamp{}, tooBig(st.Size())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, Stamp{}, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, Stamp{}, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	if int64(len(data)) > MaxFileSize {
		return nil, Stamp{}, tooBig(int64(len(data)))
	}
	return data, Stamp{Size: st.Size(), Mtime: st.ModTime().UnixNano()}, nil
}
