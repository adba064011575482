package render

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/reel-dev/reel/internal/atomicfile"
)

// cacheDir is the project's local cache folder, which is never committed.
func cacheDir(root string) string { return filepath.Join(root, ".reel", "cache") }

// HolderID names this clone in the store's leases and records: the host's
// name and a random part made once per clone and kept in its cache
// folder, so that a rerun in the same clone knows its own intents and two
// runners of one image (same host name, same path) do not pass for one.
func HolderID(root string) (string, error) {
	file := filepath.Join(cacheDir(root), "store-holder")
	if b, err := os.ReadFile(file); err == nil {
		if id := strings.TrimSpace(string(b)); id != "" && len(id) < 200 {
			return id, nil
		}
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "host"
	}
	var r [6]byte
	rand.Read(r[:])
	id := host + "-" + hex.EncodeToString(r[:])
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return "", err
	}
	if err := atomicfile.WriteFile(file, []byte(id+"\n"), atomicfile.Options{Perm: 0o644}); err != nil {
		return "", err
	}
	return id, nil
}

// behindFile marks a project whose store may lack some of what reel.lock
// records: it is made before a run first writes to the store and removed
// once a run has written everything, so a run killed on the way (or that
// lost the store) leaves it, and the next run uploads what is missing.
func behindFile(root string) string { return filepath.Join(cacheDir(root), "store-behind") }

// Behind reports whether the store may lack renders reel.lock records.
func Behind(root string) bool {
	_, ok := BehindSince(root)
	return ok
}

// BehindSince is when the store was marked behind, and whether it is: the
// start of the first run since the store last held everything, so that
// a catch-up knows which renders an unfinished run may have left half
// written (CatchUp).
func BehindSince(root string) (time.Time, bool) {
	st, err := os.Stat(behindFile(root))
	if err != nil {
		return time.Time{}, false
	}
	return st.ModTime(), true
}

// MarkBehind marks the store as possibly behind, before a run writes to
// it. A mark already there is left as it is: its time stays that of the
// first run the store may lack writes of.
func MarkBehind(root string) error {
	if err := os.MkdirAll(cacheDir(root), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(behindFile(root), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// ClearBehind removes the mark, once the store holds everything.
func ClearBehind(root string) error {
	err := os.Remove(behindFile(root))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
