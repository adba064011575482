package watch

import (
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/reel-dev/reel/internal/safefile"
)

// digest is a file's content hash. The zero digest stands for a file that
// could not be read: any read of it later counts as a change.
type digest [sha256.Size]byte

// hashFile is the digest of the file at path. Only a regular file of at
// most safefile.Watched is read, opened without blocking: a FIFO saved
// into the project must not stop the watch.
func hashFile(path string) digest {
	var d digest
	f, _, err := safefile.Open(path, safefile.Watched)
	if err != nil {
		return d
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, safefile.LimitReader(f, path, safefile.Watched)); err != nil {
		return d
	}
	copy(d[:], h.Sum(nil))
	return d
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

func isDir(path string) bool {
	st, err := os.Lstat(path)
	return err == nil && st.IsDir()
}

// addTree watches dir and the folders below it. Its files become pending
// when the folder is new (fresh), or the baseline when watching starts.
// w.mu is held.
func (w *Watcher) addTree(dir string, fresh bool) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil // gone meanwhile, or unreadable: nothing to watch
		case d.IsDir() && w.skip(path):
			return filepath.SkipDir
		case d.IsDir():
			w.watchDir(path)
		case w.ignored(path):
		case fresh:
			w.pending[path] = true
		case d.Type().IsRegular() || isFile(path): // isFile follows a symlink
			w.files[path] = hashFile(path)
		}
		return nil
	})
}

// watchDir adds one folder's watch. A folder over the system's limit is
// polled instead, and the first one says so. w.mu is held.
func (w *Watcher) watchDir(dir string) {
	if w.dirs[dir] {
		return
	}
	err := w.src.Add(dir)
	switch {
	case err == nil:
		w.dirs[dir] = true
		delete(w.over, dir)
	case atLimit(err):
		if len(w.over) == 0 {
			w.notice("cannot watch " + dir + ": " + err.Error() + ": the system's limit on watched folders is reached " +
				"(on Linux raise fs.inotify.max_user_watches); rescanning the folders over it every " + w.opt.Poll.String() + " instead")
		}
		w.over[dir] = true
		w.armPoll()
	case !errors.Is(err, fs.ErrNotExist):
		w.notice("cannot watch " + dir + ": " + err.Error())
	}
}

// drop forgets a folder that was removed or renamed away: its watches go,
// and its files are checked (and found gone). w.mu is held.
func (w *Watcher) drop(dir string) {
	for d := range w.dirs {
		if within(dir, d) {
			w.src.Remove(d) // the kernel may have dropped it already
			delete(w.dirs, d)
		}
	}
	for d := range w.over {
		if within(dir, d) {
			delete(w.over, d)
		}
	}
	for f := range w.files {
		if within(dir, f) {
			w.pending[f] = true
		}
	}
}

// check compares one path with its baseline; w.mu is held.
func (w *Watcher) check(path string, b *Batch) {
	st, err := os.Stat(path)
	switch {
	case err != nil:
		if _, ok := w.files[path]; ok {
			delete(w.files, path)
			b.Removed = append(b.Removed, path)
		} // else a temp file that came and went
	case st.IsDir():
		if !w.dirs[path] && !w.over[path] && !w.skip(path) && !w.skippedBelow(path) {
			w.addTree(path, true)
		}
	case st.Mode().IsRegular():
		d := hashFile(path)
		if old, ok := w.files[path]; !ok || old != d || d == (digest{}) {
			w.files[path] = d
			b.Changed = append(b.Changed, path)
		}
	}
}

// skippedBelow reports whether a folder lies inside a skipped one.
func (w *Watcher) skippedBelow(dir string) bool {
	for d := filepath.Dir(dir); within(w.opt.Root, d) && d != w.opt.Root; d = filepath.Dir(d) {
		if w.skip(d) {
			return true
		}
	}
	return !within(w.opt.Root, dir)
}

// rescanAll compares every file below the root with its baseline, watches
// folders that appeared and forgets those that went. w.mu is held.
func (w *Watcher) rescanAll(b *Batch) {
	b.Rescan = true
	seen, seenDirs := map[string]bool{}, map[string]bool{}
	filepath.WalkDir(w.opt.Root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && w.skip(path):
			return filepath.SkipDir
		case d.IsDir():
			seenDirs[path] = true
			w.watchDir(path)
		case !w.ignored(path):
			seen[path] = true
			w.check(path, b)
		}
		return nil
	})
	for f := range w.files {
		if !seen[f] {
			delete(w.files, f)
			b.Removed = append(b.Removed, f)
		}
	}
	for d := range w.dirs {
		if !seenDirs[d] {
			w.src.Remove(d)
			delete(w.dirs, d)
		}
	}
	for d := range w.over {
		if !seenDirs[d] {
			delete(w.over, d)
		}
	}
}

// armPoll schedules the next rescan of the folders over the watch limit;
// w.mu is held.
func (w *Watcher) armPoll() {
	if w.polling || w.closed {
		return
	}
	w.polling = true
	w.opt.Clock.AfterFunc(w.opt.Poll, w.poll)
}

// poll rescans the folders the system would not watch, trying once more
// to watch each (the limit may have been raised meanwhile): what changed
// in them goes through the quiet period like any event.
func (w *Watcher) poll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.polling = false
	if w.closed || len(w.over) == 0 {
		return
	}
	before := len(w.pending)
	over := make([]string, 0, len(w.over))
	for dir := range w.over {
		over = append(over, dir)
	}
	for _, dir := range over {
		if w.src.Add(dir) == nil {
			w.dirs[dir] = true
			delete(w.over, dir)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			w.drop(dir)
			continue
		}
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			switch {
			case e.IsDir() && !w.dirs[path] && !w.over[path] && !w.skip(path):
				w.addTree(path, true)
			case !e.IsDir() && !w.ignored(path):
				w.pending[path] = true
			}
		}
		for f := range w.files {
			if filepath.Dir(f) == dir {
				w.pending[f] = true // to notice deletions
			}
		}
	}
	if len(w.pending) > before {
		w.arm()
	}
	if len(w.over) > 0 {
		w.armPoll()
	}
}
