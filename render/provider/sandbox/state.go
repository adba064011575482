package sandbox

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/render/provider/fake"
)

// StateFile is the name of the file, in the sandbox's folder, that keeps
// its videos between processes.
const StateFile = "state.json"

// MaxJobs is how many videos the state file keeps: the newest, by created
// time. It is a convenience for trying reel, not an archive.
const MaxJobs = 10000

// stateVersion is the state file's format; a file of another version is
// refused rather than overwritten.
const stateVersion = 1

// stateDoc is the state file:
//
//	{"version": 1, "videos": [{"id": "…", "api": "v3", "created": "…",
//	  "idempotency_key": "…", "body_sha256": "…", "clip": "9x16.mp4",
//	  "output_format": "mp4", "cost": 3, "charged": true, "seconds": 4.8, …}]}
//
// with the videos oldest first, as fake.HeyGenRecord encodes them.
type stateDoc struct {
	Version int                 `json:"version"`
	Videos  []fake.HeyGenRecord `json:"videos"`
}

// state is the sandbox's fake.HeyGenStore: the state file, and in memory
// the records as last read or written. Every save re-reads the file under
// a lock on its folder, merges the one record and replaces the file by
// rename, so processes sharing the folder keep each other's videos and a
// reader never sees half a file. A lookup the memory cannot answer reads
// the file again, for videos another process created since.
type state struct {
	dir, path string
	max       int

	mu     sync.Mutex
	videos map[string]fake.HeyGenRecord
	err    error // the first save that failed
}

// openState makes the folder, checks that it can be locked and loads the
// state file.
func openState(dir string) (*state, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	s := &state{dir: dir, path: filepath.Join(dir, StateFile), max: MaxJobs}
	l, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	l.unlock()
	if _, err := s.reload(); err != nil {
		return nil, err
	}
	return s, nil
}

// read parses the state file; a missing file is an empty state.
func (s *state) read() (stateDoc, error) {
	doc := stateDoc{Version: stateVersion}
	data, err := safefile.Read(s.path, safefile.Sandbox)
	if errors.Is(err, fs.ErrNotExist) {
		return doc, nil
	}
	if err != nil {
		return doc, err
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return doc, fmt.Errorf("%s: %w (remove it to start the sandbox afresh)", s.path, err)
	}
	if doc.Version != stateVersion {
		return doc, fmt.Errorf("%s: version %d, this reel reads version %d (remove it to start the sandbox afresh)", s.path, doc.Version, stateVersion)
	}
	return doc, nil
}

// reload reads the file into memory.
func (s *state) reload() (map[string]fake.HeyGenRecord, error) {
	doc, err := s.read()
	if err != nil {
		return nil, err
	}
	return s.remember(doc), nil
}

func (s *state) remember(doc stateDoc) map[string]fake.HeyGenRecord {
	m := make(map[string]fake.HeyGenRecord, len(doc.Videos))
	for _, r := range doc.Videos {
		m[r.ID] = r
	}
	s.mu.Lock()
	s.videos = m
	s.mu.Unlock()
	return m
}

// SaveVideo merges one record into the file, keeping the newest max.
func (s *state) SaveVideo(rec fake.HeyGenRecord) error {
	err := s.save(rec)
	if err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = fmt.Errorf("%s: keeping video %s: %w", Name, rec.ID, err)
		}
		s.mu.Unlock()
	}
	return err
}

func (s *state) save(rec fake.HeyGenRecord) error {
	l, err := lockDir(s.dir)
	if err != nil {
		return err
	}
	defer l.unlock()
	doc, err := s.read()
	if err != nil {
		return err
	}
	if i := slices.IndexFunc(doc.Videos, func(r fake.HeyGenRecord) bool { return r.ID == rec.ID }); i >= 0 {
		doc.Videos[i] = rec
	} else {
		doc.Videos = append(doc.Videos, rec)
	}
	slices.SortStableFunc(doc.Videos, func(a, b fake.HeyGenRecord) int {
		return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID))
	})
	if n := len(doc.Videos) - s.max; n > 0 {
		doc.Videos = slices.Delete(doc.Videos, 0, n)
	}
	doc.Version = stateVersion
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(s.path, append(data, '\n')); err != nil {
		return err
	}
	s.remember(doc)
	return nil
}

// LoadVideo finds a video in memory, else in the file as it is now.
func (s *state) LoadVideo(id string) (fake.HeyGenRecord, bool) {
	return s.find(func(m map[string]fake.HeyGenRecord) (fake.HeyGenRecord, bool) {
		r, ok := m[id]
		return r, ok
	})
}

// LoadKey finds the newest video created with an Idempotency-Key.
func (s *state) LoadKey(key string) (fake.HeyGenRecord, bool) {
	return s.find(func(m map[string]fake.HeyGenRecord) (best fake.HeyGenRecord, found bool) {
		for _, r := range m {
			if r.Key == key && (!found || r.Created.After(best.Created)) {
				best, found = r, true
			}
		}
		return best, found
	})
}

func (s *state) find(in func(map[string]fake.HeyGenRecord) (fake.HeyGenRecord, bool)) (fake.HeyGenRecord, bool) {
	s.mu.Lock()
	r, ok := in(s.videos)
	s.mu.Unlock()
	if ok {
		return r, true
	}
	m, err := s.reload()
	if err != nil {
		return fake.HeyGenRecord{}, false
	}
	return in(m)
}

// Err is the first save that failed.
func (s *state) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// writeAtomic replaces path with data: a temp file in the same folder,
// synced, then renamed over it, so a crash leaves the old file or the new.
func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
