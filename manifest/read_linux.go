//go:build linux

package manifest

import (
	"errors"
	"fmt"
	"syscall"
)

// readFile reads a regular file of at most MaxFileSize, and says what it
// saw of it. It uses plain system calls: os.Open also registers the file
// with the runtime's poller, which for ten thousand small manifests costs
// more than reading them. O_NONBLOCK keeps a FIFO from blocking the open;
// fstat then refuses it.
func readFile(path string) ([]byte, Stamp, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	}
	if err != nil {
		return nil, Stamp{}, fmt.Errorf("cannot read: %w", err)
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, Stamp{}, fmt.Errorf("cannot read: %w", err)
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, Stamp{}, errors.New("not a regular file")
	}
	if st.Size > MaxFileSize {
		return nil, Stamp{}, tooBig(st.Size)
	}
	data := make([]byte, 0, st.Size+1)
	for {
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR || err == syscall.EAGAIN {
			continue
		}
		if err != nil {
			return nil, Stamp{}, fmt.Errorf("cannot read: %w", err)
		}
		if n == 0 {
			break
		}
		data = data[:len(data)+n]
		if int64(len(data)) > MaxFileSize {
			return nil, Stamp{}, tooBig(int64(len(data)))
		}
		if len(data) == cap(data) { // it grew while read
			data = append(data, 0)[:len(data)]
		}
	}
	return data, Stamp{Size: st.Size, Mtime: st.Mtim.Nano()}, nil
}
