// Package snapshot makes a no-op `reel plan` as cheap as ninja's: it
// records the size and mtime of every input a plan was made from (reel.yaml,
// reel.lock, the manifest folders, the manifests, their assets, the
// outputs), their content hashes, and the plan itself, one line per video.
// When every input stats the same, the plan is the same — it is a pure
// function of those files — and is read back instead of loading,
// validating and hashing ten thousand files. When only some manifests
// changed, the caller re-plans just their videos and splices them in.
// A checkout moves every mtime but changes no content: a file whose stat
// moved is confirmed by git's index where the project is a git work tree
// and the index vouches for it (gitTrust), else by reading it.
//
// Like git's index it guards against "racy" files: one modified within a
// second of the snapshot might change again without its mtime moving, so
// such a file is confirmed by its content, never by its stat.
package snapshot

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/reel-dev/reel/internal/atomicfile"
	"github.com/reel-dev/reel/internal/safefile"
)

// File is one input as it was when the plan was made.
type File struct {
	Path  string // absolute
	Size  int64  // -1: did not exist
	Mtime int64  // unix nanoseconds
	// SHA256 is the content's Sum: for outputs, so a rerun that finds the
	// output unchanged by stat need not hash it again; for every input, so
	// a file touched but not changed is told from an edited one.
	SHA256 string
	// Blob is git's blob id (hex SHA-1 of "blob SIZE\0" and the bytes) of
	// the very bytes SHA256 is of, taken as they were read to confirm
	// SHA256, or "" when not known: a file git's index vouches holds this
	// blob is the one recorded without being read (see gitTrust).
	Blob string
	Dir  bool
	// Exact says SHA256 is of the very bytes the plan read (a manifest, an
	// asset, an output), so it stands for the plan's input even if the
	// file was modified as the plan ran. Other hashes are taken after the
	// plan, and stand only for a file that was not racy then.
	Exact bool

	// asRead says the file is as its line in the snapshot file says: a
	// save that patches the file writes only the lines of the others.
	// (A flag, not the line: at 100,000 manifests a string each was 3 MB
	// of a no-op's memory, and the line is written again from the fields.)
	asRead bool
}

// Span is a byte range of a file.
type Span struct{ Off, Len int64 }

// Snapshot is the inputs of one plan and the plan, encoded by the caller.
type Snapshot struct {
	Stamp   string // what else the plan depended on: reel's version, flags
	Written int64  // unix nanoseconds: when the plan began to read its inputs
	Files   []File // sorted by path
	Head    []byte // the plan's summary, read on every no-op

	// The plan's action lines, sorted by ID: a no-op reads only the head,
	// so the lines are split on first use (Actions).
	actions     []string
	actionText  string       // the action lines as read, not yet split
	lazy        *lazyActions // the action lines, not yet read
	actionPatch patched      // what patches said of them, applied on splitting

	from *origin // the file it was read from, for Save to patch
	root string  // the project it was loaded for, whose git index Check may consult
}

// racyWindow: files modified this close to the snapshot are not trusted
// by their stat.
const racyWindow = time.Second

// Path is where a project's snapshot lives. .reel/cache/ is reel's own and
// is never committed.
func Path(root string) string { return filepath.Join(root, ".reel", "cache", "snapshot") }

// Special is the Size of a file that is neither regular nor a folder.
const Special = -2

// Stat records a file's current state (Size -1 if it does not exist,
// Special if it is a FIFO, a socket or a device).
func Stat(path string) (File, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return File{Path: path, Size: -1}, nil
	}
	if err != nil {
		return File{}, err
	}
	f := File{Path: path, Size: st.Size(), Mtime: st.ModTime().UnixNano(), Dir: st.IsDir()}
	switch {
	case f.Dir:
		f.Size = 0
	case !st.Mode().IsRegular():
		f.Size = Special // never the size of what was read: a FIFO in a file's place is a change
	}
	return f, nil
}

// Lookup returns the recorded file at path. Files are kept sorted by path.
func (s *Snapshot) Lookup(path string) (File, bool) {
	if s == nil {
		return File{}, false
	}
	i := sort.Search(len(s.Files), func(i int) bool { return s.Files[i].Path >= path })
	if i < len(s.Files) && s.Files[i].Path == path {
		return s.Files[i], true
	}
	return File{}, false
}

// Put replaces the file at f.Path, or adds it, keeping Files sorted. A
// blob id is a function of the content: the one recorded with the same
// SHA-256 is kept when f has none.
func (s *Snapshot) Put(f File) {
	i := sort.Search(len(s.Files), func(i int) bool { return s.Files[i].Path >= f.Path })
	if i < len(s.Files) && s.Files[i].Path == f.Path {
		if was := s.Files[i]; f.Blob == "" && f.SHA256 != "" && was.SHA256 == f.SHA256 && was.Dir == f.Dir {
			f.Blob = was.Blob
		}
		s.Files[i] = f
		return
	}
	s.Files = append(s.Files, File{})
	copy(s.Files[i+1:], s.Files[i:])
	s.Files[i] = f
}

// Trusted reports whether a recorded file's stat can stand for its
// content: it was not modified just before the snapshot.
func (s *Snapshot) Trusted(f File) bool { return s != nil && s.Written-f.Mtime >= int64(racyWindow) }

// Load reads a snapshot; a missing or unreadable one is nil, never an
// error: it is only a cache.
func Load(root string) *Snapshot { return LoadWatching(root, nil) }

// LoadWatching is Load, which calls editedAgain, if not nil, before it
// decodes the snapshot, when a file of the last patch no longer stats as
// recorded there (see lastEdited).
//
// The snapshot is read through safefile: anything but a regular file under
// safefile.Cache's cap (a FIFO, a symlink to /dev/zero a branch committed)
// is no snapshot, found so at once.
func LoadWatching(root string, editedAgain func()) *Snapshot {
	f, st, err := safefile.Open(Path(root), safefile.Cache)
	if err != nil {
		return nil
	}
	s, err := load(f, st.Size(), editedAgain)
	if err != nil {
		f.Close()
		return nil
	}
	s.from.file, s.root = st, root
	return s
}

// Save writes the snapshot: a patch of what changed since it was read, or
// the whole of it atomically (temp file and rename). It is a cache: no
// fsync, as a torn one fails its checksum and is ignored.
func Save(root string, s *Snapshot) error {
	path := Path(root)
	if s.from != nil && appendPatch(path, s) == nil {
		return nil
	}
	if s.actionPatch != nil {
		if _, err := s.Actions(); err != nil {
			return err
		}
	}
	if err := replaceFile(path, func(w *bufio.Writer) error { return encode(w, s) }); err != nil {
		return err
	}
	s.from = nil // later saves in this process rewrite it too
	return nil
}

// replaceFile writes path whole through write (atomicfile), so no reader
// ever sees half of it. reel's cache files need no fsync: a torn one is
// noticed and ignored, and a missing one costs a full plan; and the old
// file is removed first, which spares ext4 writing the new one out at the
// rename (see atomicfile.Options.RemoveFirst).
func replaceFile(path string, write func(*bufio.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, atomicfile.Options{Perm: 0o600, RemoveFirst: true}, write)
}

// Sum is how a snapshot fingerprints content: the hex SHA-256 of a file's
// bytes, or of a folder's sorted entry names. It reads no more of a file
// than f.Size and one byte: a file that holds more is not the one f
// records, and one swapped for a symlink to /dev/zero since it was
// stated holds no end.
func Sum(f File) (string, error) {
	h := newContentHash()
	if err := h.file(f, false); err != nil {
		return "", err
	}
	return h.sumHex(), nil
}
