package review

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/reel-dev/reel/internal/safefile"
)

// place puts the media file src at dst: a hard link where src is a
// regular file on the same file system (a rendered video may be large),
// else a copy read through safefile, so that a FIFO or device planted
// where a video should be is refused rather than read. A dst that is
// src already is left as it is.
func place(src, dst string) error {
	st, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if old, err := os.Lstat(dst); err == nil && os.SameFile(st, old) {
		return nil
	}
	tmp := dst + ".tmp"
	os.Remove(tmp)
	if st.Mode().IsRegular() && os.Link(src, tmp) == nil {
		return os.Rename(tmp, dst)
	}
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}

func copyFile(src, dst string) error {
	in, _, err := safefile.Open(src, safefile.Output)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, safefile.LimitReader(in, src, safefile.Output))
	return errors.Join(err, out.Close())
}

// prune removes from the media folder what the page no longer plays.
// The folder holds only links and copies the review made, never an
// original.
func prune(media string, kept map[string]bool) error {
	ents, err := os.ReadDir(media)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if !kept[e.Name()] {
			if err := os.RemoveAll(filepath.Join(media, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
