package snapshot

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
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

// RenderedKeys is a loaded rendered keys file.
type RenderedKeys struct{ lines []byte }

// LoadKeys reads the rendered keys of the lock whose SHA-256 is lockSum;
// ok is false when the file is missing, damaged or of another lock.
func LoadKeys(root, lockSum string) (k RenderedKeys, ok bool) {
	data, err := os.ReadFile(KeysPath(root))
	head := keysHeader + lockSum + "\n"
	if err != nil || !bytes.HasPrefix(data, []byte(head)) || (len(data)-len(head))%keyLine != 0 {
		return RenderedKeys{}, false
	}
	return RenderedKeys{data[len(head):]}, true
}

// Has reports whether key has a finished render in the lock.
func (k RenderedKeys) Has(key string) bool {
	n := len(k.lines) / keyLine
	i := sort.Search(n, func(i int) bool { return string(k.lines[i*keyLine:i*keyLine+keyLine-1]) >= key })
	return i < n && string(k.lines[i*keyLine:i*keyLine+keyLine-1]) == key
}
