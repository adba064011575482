//go:build !linux

package safefile

import "io"

// ReadStamp is Read, which also says what the file's descriptor reported
// of it.
func ReadStamp(path string, l Limit) ([]byte, Stamp, error) {
	f, st, err := Open(path, l)
	if err != nil {
		return nil, Stamp{}, err
	}
	defer f.Close()
	data := make([]byte, 0, st.Size()+1)
	r := LimitReader(f, path, l)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, Stamp{}, err
		}
		if len(data) == cap(data) { // it grew while read: let append find room
			data = append(data, 0)[:len(data)]
		}
	}
	return data, Stamp{Size: st.Size(), Mtime: st.ModTime().UnixNano()}, nil
}

// ReadStampIn is ReadStamp of a project's file, which is read through a
// symlink only if the symlink stays inside root, the project's folder (see
// inside).
func ReadStampIn(root, path string, l Limit) ([]byte, Stamp, error) {
	if err := inside(root, path); err != nil {
		return nil, Stamp{}, err
	}
	return ReadStamp(path, l)
}
