//go:build !linux

package uring

// Ring is io_uring's ring, which this system does not have.
type Ring struct{}

// New reports ErrUnsupported: io_uring is Linux's.
func New(files int) (*Ring, error) { return nil, ErrUnsupported }

// Close does nothing.
func (r *Ring) Close() error { return nil }

// ReadFiles is never called: there is no Ring.
func (r *Ring) ReadFiles(paths []string, limits []int64, fn func(i int, data []byte, err error)) {
	panic("uring: no io_uring on this system")
}
