// Package safefile reads the files a checkout holds as files, and refuses
// anything else at once. Git can commit a symlink, so a hostile branch can
// put /dev/zero, a FIFO or a folder where reel expects reel.lock or a
// manifest: read as usual, the first eats memory until the machine gives
// out and the second blocks forever. Every read here opens without
// blocking, checks the open file (not the path, which may change between a
// stat and an open), refuses what is not a regular file, and reads no
// more than the cap of the file's kind, however much the file holds or
// grows meanwhile.
package safefile

import (
	"io"
	"io/fs"
	"os"
)

// Limit is what reel accepts of one kind of file: the most bytes it may
// hold, and the words that name the kind and say what to do with one too
// big, for the error a refusal returns.
type Limit struct {
	Kind string // the kind, with its article: "a reel.lock"
	Max  int64  // the most bytes a file of the kind may hold
	Fix  string // what to do with one that holds more
}

// Stamp is a file's size and mtime (unix nanoseconds) as its open
// descriptor reported them when a read began.
type Stamp struct{ Size, Mtime int64 }

// Read returns the bytes of the regular file at path, of at most l.Max.
func Read(path string, l Limit) ([]byte, error) {
	data, _, err := ReadStamp(path, l)
	return data, err
}

// ReadIn is Read of a project's file, read through a symlink only if the
// symlink stays inside root, the project's folder (see inside).
func ReadIn(root, path string, l Limit) ([]byte, error) {
	data, _, err := ReadStampIn(root, path, l)
	return data, err
}

// Open opens the regular file at path, of at most l.Max bytes, for
// reading, and returns what its descriptor says of it. The open never
// blocks (a FIFO's would), and the checks are of the file opened. Read it
// through LimitReader (or ReadAt within its size): a file may grow after
// it is opened.
func Open(path string, l Limit) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, nil, openError(path, err)
	}
	st, err := f.Stat()
	if err == nil {
		err = Check(path, st, l)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// LimitReader reads at most l.Max bytes of r and fails with a
// *TooBigError as soon as r holds more, so a file that grows while it is
// read is refused like one that was too big when opened.
func LimitReader(r io.Reader, path string, l Limit) io.Reader {
	return &limitReader{r: r, path: path, l: l, left: l.Max}
}

type limitReader struct {
	r    io.Reader
	path string
	l    Limit
	left int64 // bytes still allowed
}

func (lr *limitReader) Read(p []byte) (int, error) {
	if int64(len(p)) > lr.left+1 {
		p = p[:lr.left+1] // one byte past the cap tells that there is more
	}
	n, err := lr.r.Read(p)
	if int64(n) > lr.left {
		return 0, &TooBigError{Path: lr.path, Size: lr.l.Max + 1, Limit: lr.l, Grew: true}
	}
	lr.left -= int64(n)
	return n, err
}

// Check returns the error Open would for a file that stats as st: nil
// for a regular file of at most l.Max bytes.
func Check(path string, st fs.FileInfo, l Limit) error {
	if !st.Mode().IsRegular() {
		return notRegular(path, st.Mode())
	}
	if st.Size() > l.Max {
		return &TooBigError{Path: path, Size: st.Size(), Limit: l}
	}
	return nil
}

// openError is err from opening path, made a *NotRegularError when what
// is there cannot be opened as a file at all (open(2) refuses a socket),
// so that every refusal says what the path is.
func openError(path string, err error) error {
	if st, serr := os.Stat(path); serr == nil && !st.Mode().IsRegular() && !st.IsDir() {
		return notRegular(path, st.Mode())
	}
	return err
}
