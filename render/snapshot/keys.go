package snapshot

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"slices"

	"github.com/reel-dev/reel/internal/safefile"
)

// The rendered keys file lists every render key reel.lock holds a finished
// render of, as of the lock the snapshot recorded. A re-plan loads only the
// edited manifests and their own lock entries; a video edited to a request
// some other video already paid for is a free download in a full plan, and
// the re-plan learns that it is one here without decoding the whole lock.
//
// Layout: a header line naming the lock's SHA-256, then one hex key per
// line, sorted, each line keyLine bytes, so a key is found by binary
// search.
const (
	keysHeader = "reel rendered keys 1 lock "
	keyLine    = 64 + 1
)

// KeysPath is where a project's rendered keys file lives.
func KeysPath(root string) string { return filepath.Join(root, ".reel", "cache", "rendered-keys") }

// SaveKeys writes the rendered keys of the lock whose SHA-256 is lockSum,
// atomically. Like the snapshot it is a cache: no fsync.
// keys may be in any order and repeat; SaveKeys sorts them in place.
func SaveKeys(root, lockSum string, keys []string) error {
	slices.Sort(keys)
	keys = slices.Compact(keys)
	for _, k := range keys {
		if len(k) != keyLine-1 {
			return errors.New("snapshot: a render key is not 64 hex digits: " + k)
		}
	}
	return replaceFile(KeysPath(root), func(w *bufio.Writer) error {
		w.WriteString(keysHeader + lockSum + "\n")
		for _, k := range keys {
			w.WriteString(k)
			w.WriteByte('\n')
		}
		return nil // a write error stays in w, and its Flush returns it
	})
}

// RenderedKeys is an open rendered keys file, searched where it lies: a
// re-plan looks up a key or two of ten thousand, with a dozen reads of a
// line each instead of reading the whole file.
type RenderedKeys struct {
	f     *os.File
	start int64 // where the first key begins
	n     int64 // how many keys
}

// OpenKeys opens the rendered keys of the lock whose SHA-256 is lockSum;
// ok is false when the file is missing, cut short or of another lock, or
// anything but a regular file (safefile.Open). Close it when done.
func OpenKeys(root, lockSum string) (k *RenderedKeys, ok bool) {
	f, st, err := safefile.Open(KeysPath(root), safefile.Cache)
	if err != nil {
		return nil, false
	}
	head := keysHeader + lockSum + "\n"
	buf := make([]byte, len(head))
	if st.Size() < int64(len(head)) || (st.Size()-int64(len(head)))%keyLine != 0 {
		f.Close()
		return nil, false
	}
	if _, err := f.ReadAt(buf, 0); err != nil || string(buf) != head {
		f.Close()
		return nil, false
	}
	return &RenderedKeys{f: f, start: int64(len(head)), n: (st.Size() - int64(len(head))) / keyLine}, true
}

// Has reports whether key has a finished render in the lock. An error
// means the file did not read: the caller cannot tell.
func (k *RenderedKeys) Has(key string) (bool, error) {
	lo, hi := int64(0), k.n // the keys are sorted: binary search
	for lo < hi {
		mid := lo + (hi-lo)/2
		got, err := k.key(mid)
		if err != nil {
			return false, err
		}
		if got < key {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == k.n {
		return false, nil
	}
	got, err := k.key(lo)
	return got == key, err
}

// key reads the ith key.
func (k *RenderedKeys) key(i int64) (string, error) {
	var line [keyLine]byte
	if _, err := k.f.ReadAt(line[:], k.start+i*keyLine); err != nil {
		return "", err
	}
	if line[keyLine-1] != '\n' {
		return "", errors.New("snapshot: the rendered keys file is damaged")
	}
	return string(line[:keyLine-1]), nil
}

// Close closes the file.
func (k *RenderedKeys) Close() error { return k.f.Close() }
