//go:build linux

package safefile

import (
	"io/fs"
	"syscall"
)

// ReadStamp is Read, which also says what the file's descriptor reported
// of it. It uses plain system calls: os.Open also registers the file with
// the runtime's poller, which for ten thousand small manifests costs more
// than reading them.
func ReadStamp(path string, l Limit) ([]byte, Stamp, error) {
	fd, err := open(path, 0)
	if err != nil {
		return nil, Stamp{}, openError(path, &fs.PathError{Op: "open", Path: path, Err: err})
	}
	return readStamp(fd, path, l)
}

// ReadStampIn is ReadStamp of a project's file, which is read through a
// symlink only if the symlink stays inside root, the project's folder (see
// inside). It opens path without following a symlink first, so a file
// that is none costs no more than ReadStamp.
func ReadStampIn(root, path string, l Limit) ([]byte, Stamp, error) {
	fd, err := open(path, syscall.O_NOFOLLOW)
	if err == syscall.ELOOP { // a symlink: see where it leads
		if err := followed(root, path); err != nil {
			return nil, Stamp{}, err
		}
		fd, err = open(path, 0)
	}
	if err != nil {
		return nil, Stamp{}, openError(path, &fs.PathError{Op: "open", Path: path, Err: err})
	}
	return readStamp(fd, path, l)
}

// readStamp reads fd, opened at path, and closes it.
func readStamp(fd int, path string, l Limit) ([]byte, Stamp, error) {
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := fstat(fd, &st); err != nil {
		return nil, Stamp{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, Stamp{}, notRegular(path, modeType(st.Mode))
	}
	if st.Size > l.Max {
		return nil, Stamp{}, &TooBigError{Path: path, Size: st.Size, Limit: l}
	}
	data, err := readAll(fd, path, st.Size, l)
	if err != nil {
		return nil, Stamp{}, err
	}
	return data, Stamp{Size: st.Size, Mtime: st.Mtim.Nano()}, nil
}

// readAll reads fd, of size bytes when opened, in one buffer of that size
// and one byte more (the read that finds the end needs room), and never
// more than one byte past l.Max if it grows meanwhile.
func readAll(fd int, path string, size int64, l Limit) ([]byte, error) {
	data := make([]byte, 0, size+1)
	for {
		room := data[len(data):cap(data)]
		if left := l.Max + 1 - int64(len(data)); int64(len(room)) > left {
			room = room[:left]
		}
		n, err := syscall.Read(fd, room)
		if err == syscall.EINTR || err == syscall.EAGAIN {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
		if int64(len(data)) > l.Max {
			return nil, &TooBigError{Path: path, Size: int64(len(data)), Limit: l, Grew: true}
		}
		if len(data) == cap(data) { // it grew while read: let append find room
			data = append(data, 0)[:len(data)]
		}
	}
}

// open opens path to read, with flags added to reel's own.
func open(path string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func fstat(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}

// modeType is the fs.FileMode type bits of a stat's mode.
func modeType(mode uint32) fs.FileMode {
	switch mode & syscall.S_IFMT {
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}
