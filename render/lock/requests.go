package lock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-dev/reel/internal/atomicfile"
	"github.com/reel-dev/reel/internal/safefile"
)

// RequestsDir is where the requests of the lock's renders are kept, one
// file per render key, relative to the folder of reel.lock. It is committed
// with the lock (reel init ignores only .reel/cache/).
//
// The requests used to be lines of reel.lock, but they were most of its
// bytes, and the lock is rewritten (and fsynced)
// at every step of every render. Kept apart they are written once per
// render key, never rewritten, and read only for the videos a plan finds
// changed. Named by key, two branches that render different videos add
// different files, so git merges them as cleanly as the lock's blocks.
const RequestsDir = ".reel/requests"

// Store is the folder that holds a lock's requests; "" for a lock that
// was not read from a file, which has none.
type Store string

// StoreOf is the store beside the lock at path.
func StoreOf(lockPath string) Store {
	return Store(filepath.Join(filepath.Dir(lockPath), filepath.FromSlash(RequestsDir)))
}

// path is the file of key's request, below a folder named by its first
// two characters, so that each folder holds a 256th of the keys (about 40
// at 10,000 videos) and none grows too big to list in a code browser.
// It is "" for a key that is not lowercase hex: keys come from a file a
// user can edit, and must never name a path outside the store.
func (s Store) path(key string) string {
	if s == "" || len(key) < 3 || len(key) > 128 {
		return ""
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return ""
		}
	}
	return filepath.Join(string(s), key[:2], key+".json")
}

// Request is the canonical request key was made from, or nil if the store
// does not have it (a lock written before the store existed, a file lost
// or damaged, or anything but a regular file under safefile.Request's cap,
// which is not read): plan then cannot say which fields changed, only that
// the key did.
func (s Store) Request(key string) json.RawMessage {
	p := s.path(key)
	if p == "" {
		return nil
	}
	data, err := safefile.Read(p, safefile.Request)
	if err != nil {
		return nil
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	if !json.Valid(data) {
		return nil
	}
	return data
}

// keep writes key's request unless the store has it. Files are named by
// content (the key is a hash over the request), so one that reads well is
// never rewritten. The file appears by rename, so a reader never sees half
// of it; it is not fsynced, because losing it to a power cut loses only
// the field-by-field diff, which Request then reports as absent.
func (s Store) keep(key string, req json.RawMessage) error {
	p := s.path(key)
	if p == "" || len(req) == 0 || s.Request(key) != nil {
		return nil
	}
	var c bytes.Buffer
	c.Grow(len(req) + 1)
	if json.Compact(&c, req) != nil {
		return nil // not JSON: there is nothing to diff against anyway
	}
	c.WriteByte('\n')
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(p, c.Bytes(), atomicfile.Options{Perm: 0o600})
}

// drop removes key's request, once no video's current render has key.
func (s Store) drop(key string) {
	if p := s.path(key); p != "" && os.Remove(p) == nil {
		os.Remove(filepath.Dir(p)) // only if empty: git keeps no empty folders either
	}
}

// Request is the canonical request of e's current render: the one the
// entry carries (set by a render, or read from a lock written before the
// store), else the store's.
func (l *Lock) Request(e *Entry) json.RawMessage {
	if e.Request != nil {
		return e.Request
	}
	return l.Store.Request(e.Key)
}

// currentKeys counts the videos whose current render has each key.
func (l *Lock) currentKeys() map[string]int {
	keys := make(map[string]int, len(l.Videos))
	for _, e := range l.Videos {
		keys[e.Key]++
	}
	return keys
}

// keySet is the multiset of a lock's current keys: the keys, and the sum
// of their hashes, which tells in one pass over the lock whether an update
// changed any key at all (nearly every update changes none).
type keySet struct {
	sum  uint64
	keys []string
}

var keySeed = maphash.MakeSeed()

func (k *keySet) add(key string) {
	k.sum += maphash.String(keySeed, key)
	k.keys = append(k.keys, key)
}

// encodeKeeping is Encode that also keeps the requests l's entries carry,
// and returns the sum of keySet over l's current keys.
func (l *Lock) encodeKeeping() (data []byte, sum uint64, err error) {
	data, err = encode(l, func(e *Entry) error {
		sum += maphash.String(keySeed, e.Key)
		if e.Request == nil {
			return nil
		}
		if err := l.Store.keep(e.Key, e.Request); err != nil {
			return fmt.Errorf("keeping the request of video %s in %s: %w; reel keeps each render's request there, beside reel.lock: make the folder writable", quote(e.ID), RequestsDir, err)
		}
		return nil
	})
	return data, sum, err
}

// dropRequests drops the requests of the keys in before that no video's
// current render has any more. Only current keys need a request: a
// history record is only ever downloaded again, never diffed. A request
// that cannot be removed is left for reel gc.
func (l *Lock) dropRequests(before []string) {
	current := l.currentKeys()
	for _, key := range before {
		if current[key] == 0 {
			l.Store.drop(key)
		}
	}
}

// UnusedRequests lists, as slash paths below RequestsDir, the files of the
// store that no video's current render needs: requests a crash or a git
// merge left behind, and temp files of a write that never finished.
func (l *Lock) UnusedRequests() []string {
	if l.Store == "" {
		return nil
	}
	current := l.currentKeys()
	var out []string
	folders, _ := os.ReadDir(string(l.Store))
	for _, f := range folders {
		files, _ := os.ReadDir(filepath.Join(string(l.Store), f.Name()))
		for _, file := range files {
			key, _ := strings.CutSuffix(file.Name(), ".json")
			if current[key] > 0 && l.Store.path(key) == filepath.Join(string(l.Store), f.Name(), file.Name()) {
				continue
			}
			out = append(out, f.Name()+"/"+file.Name())
		}
	}
	slices.Sort(out)
	return out
}

// RemoveUnusedRequests removes what UnusedRequests lists and returns it.
// Call it inside UpdateContext, whose lock keeps a render from writing a
// request between the listing and the removal.
func (l *Lock) RemoveUnusedRequests() ([]string, error) {
	unused := l.UnusedRequests()
	for i, rel := range unused {
		p := filepath.Join(string(l.Store), filepath.FromSlash(rel))
		if err := os.RemoveAll(p); err != nil {
			return unused[:i], err
		}
		os.Remove(filepath.Dir(p)) // only if empty
	}
	return unused, nil
}
