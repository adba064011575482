package snapshot

import (
	"slices"
	"syscall"
)

// oNoatime is O_NOATIME, which Linux has (see readInto).
const oNoatime = syscall.O_NOATIME

// listNames returns the sorted names in folder path, as os.ReadDir does,
// with plain system calls and O_NOATIME, for the reasons of readInto: a
// checkout touches every folder too.
func listNames(path string) ([]string, error) {
	fd, err := openNoatime(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	bp := buffers.Get().(*[]byte)
	defer buffers.Put(bp)
	var names []string
	for {
		n, err := syscall.ReadDirent(fd, *bp)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			break
		}
		_, _, names = syscall.ParseDirent((*bp)[:n], -1, names) // without . and ..
	}
	slices.Sort(names)
	return names, nil
}
