package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// FileBackend is a store in a shared folder (file:///path): for a team on
// one file server, and for tests.
//
// Its guarantees: every object appears whole, by rename from a temporary
// file in the same folder tree. A conditional write (create-only or
// compare-and-swap) reads, compares and renames under an exclusive flock
// on a lock file of the object's shard (locks/<two hex digits>), which
// the kernel drops when its process dies, so no stale lock outlives a
// crash. On a local disk that makes conditional writes atomic between
// processes. On NFS, Linux maps flock to NFSv4 byte-range locks (or NLM
// on NFSv3), which a server grants to one client at a time, so they hold
// across machines too, but only where locking reaches the server: a mount
// with nolock or local_lock=flock|all silently reduces it to one machine,
// and two machines could then both win a lease. The file backend does not
// detect that; use S3 where the mount options are not yours to check.
type FileBackend struct {
	root string
}

// NewFileBackend is a file backend rooted at dir, which must exist.
func NewFileBackend(dir string) (*FileBackend, error) {
	if err := checkLocking(); err != nil {
		return nil, err
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, &Error{Op: "open", Name: dir, Kind: Unreachable, Err: err}
	}
	if !fi.IsDir() {
		return nil, &Error{Op: "open", Name: dir, Kind: Refused, Err: fmt.Errorf("not a folder")}
	}
	for _, d := range []string{"tmp", "locks"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, fileErr("open", d, err)
		}
	}
	return &FileBackend{root: dir}, nil
}

func openFile(u *url.URL) (Backend, error) {
	if u.Host != "" && u.Host != "localhost" {
		return nil, fmt.Errorf("store: file://%s%s: a file store is a local path: write file:///path", u.Host, u.Path)
	}
	if u.Path == "" {
		return nil, fmt.Errorf("store: file:// needs a path: write file:///path")
	}
	return NewFileBackend(filepath.FromSlash(u.Path))
}

func (f *FileBackend) path(name string) string {
	return filepath.Join(f.root, filepath.FromSlash(name))
}

// ReadSmall implements Backend.
func (f *FileBackend) ReadSmall(ctx context.Context, name string, max int64) ([]byte, string, error) {
	fh, err := os.Open(f.path(name))
	if err != nil {
		return nil, "", f.err("read", name, err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err != nil {
		return nil, "", f.err("read", name, err)
	}
	if int64(len(data)) > max {
		return nil, "", &Error{Op: "read", Name: name, Kind: Corrupt, Err: fmt.Errorf("over %d bytes", max)}
	}
	return data, fileVersion(data), nil
}

func fileVersion(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// WriteSmall implements Backend.
func (f *FileBackend) WriteSmall(ctx context.Context, name string, data []byte, cond Cond) (string, error) {
	if cond == (Cond{}) {
		return fileVersion(data), f.publish(name, bytes.NewReader(data), nil)
	}
	unlock, err := f.lock(ctx, name)
	if err != nil {
		return "", err
	}
	defer unlock()
	if err := f.check(ctx, name, cond); err != nil {
		return "", err
	}
	return fileVersion(data), f.publish(name, bytes.NewReader(data), nil)
}

// check tests cond against the object as it is, under its shard's lock.
func (f *FileBackend) check(ctx context.Context, name string, cond Cond) error {
	_, ver, err := f.ReadSmall(ctx, name, maxSmall)
	exists := err == nil
	if err != nil && KindOf(err) != NotFound {
		return err
	}
	switch {
	case cond.IfNoneMatch && exists:
		return &Error{Op: "write", Name: name, Kind: Conflict, Err: fmt.Errorf("it exists")}
	case cond.IfMatch != "" && (!exists || ver != cond.IfMatch):
		return &Error{Op: "write", Name: name, Kind: Conflict, Err: fmt.Errorf("its version changed")}
	}
	return nil
}

// publish writes r to a temporary file, lets verify check it, syncs it and
// renames it into place, so the object appears whole or not at all.
func (f *FileBackend) publish(name string, r io.Reader, verify func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Join(f.root, "tmp"), "put-*")
	if err != nil {
		return f.err("write", name, err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := io.Copy(tmp, r); err != nil {
		return fail("write", name, Unreachable, err)
	}
	if verify != nil {
		if err := verify(tmp); err != nil {
			return err
		}
	}
	if err := tmp.Sync(); err != nil {
		return f.err("write", name, err)
	}
	dst := f.path(name)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return f.err("write", name, err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return f.err("write", name, err)
	}
	return nil
}

// Open implements Backend.
func (f *FileBackend) Open(ctx context.Context, name string) (io.ReadCloser, int64, error) {
	fh, err := os.Open(f.path(name))
	if err != nil {
		return nil, 0, f.err("open", name, err)
	}
	fi, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, 0, f.err("open", name, err)
	}
	return fh, fi.Size(), nil
}

// WriteLarge implements Backend.
func (f *FileBackend) WriteLarge(ctx context.Context, name string, r io.Reader, size int64, sum [32]byte) error {
	if n, err := f.Stat(ctx, name); err == nil && n == size {
		return nil
	}
	h := sha256.New()
	body := io.TeeReader(io.LimitReader(r, size+1), h)
	return f.publish(name, body, func(tmp *os.File) error {
		fi, err := tmp.Stat()
		if err != nil {
			return f.err("write", name, err)
		}
		return checkBody(name, fi.Size(), size, h.Sum(nil), sum)
	})
}

// checkBody says whether an upload's bytes were the ones promised.
func checkBody(name string, got, size int64, gotSum []byte, sum [32]byte) error {
	if got != size {
		return &Error{Op: "put output", Name: name, Kind: Invalid, Err: fmt.Errorf("the reader gave %d bytes, not %d", got, size)}
	}
	if string(gotSum) != string(sum[:]) {
		return &Error{Op: "put output", Name: name, Kind: Invalid, Err: fmt.Errorf("the bytes hash to %x, not to the name they were given", gotSum)}
	}
	return nil
}

// Stat implements Backend.
func (f *FileBackend) Stat(ctx context.Context, name string) (int64, error) {
	fi, err := os.Stat(f.path(name))
	if err != nil {
		return 0, f.err("stat", name, err)
	}
	return fi.Size(), nil
}

// List implements Backend.
func (f *FileBackend) List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error {
	dir := prefix[:strings.LastIndexByte(prefix, '/')+1]
	err := filepath.WalkDir(f.path(dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(f.root, p)
		name := filepath.ToSlash(rel)
		if d.IsDir() {
			if sub := name + "/"; !strings.HasPrefix(sub, prefix) && !strings.HasPrefix(prefix, sub) {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasPrefix(name, prefix) {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil // removed while listed
		}
		return fn(ObjectInfo{Name: name, Size: fi.Size(), Modified: fi.ModTime()})
	})
	var se *Error
	if err != nil && !errors.As(err, &se) {
		return f.err("list", prefix, err)
	}
	return err
}

// err is fileErr, but a missing file under a missing root (an unmounted
// share) is Unreachable, not NotFound.
func (f *FileBackend) err(op, name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(filepath.Join(f.root, "locks")); serr != nil {
			return &Error{Op: op, Name: name, Kind: Unreachable, Err: fmt.Errorf("the store's folder is gone: %w", serr)}
		}
	}
	return fileErr(op, name, err)
}

// fileErr gives an OS error its kind: a missing file is NotFound, a
// permission Refused, anything else (a gone mount, EIO) Unreachable.
func fileErr(op, name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Op: op, Name: name, Kind: NotFound, Err: err}
	case errors.Is(err, fs.ErrPermission):
		return &Error{Op: op, Name: name, Kind: Refused, Err: err}
	}
	return &Error{Op: op, Name: name, Kind: Unreachable, Err: err}
}
