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
	"time"

	"github.com/reel-dev/reel/internal/atomicfile"
	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/render/provider/fake"
)

// MaxJobs is how many videos a state file keeps: the newest, by created
// time. It is a convenience for trying reel, not an archive.
const MaxJobs = 10000

// stateVersion is the state files' format; a file of another version is
// refused rather than overwritten.
const stateVersion = 1

// stateDoc is a state file:
//
//	{"version": 1, "videos": [{"id": "…", "api": "v3", "created": "…",
//	  "idempotency_key": "…", "body_sha256": "…", "clip": "9x16.mp4",
//	  "output_format": "mp4", "cost": 3, "charged": true, "seconds": 4.8, …}]}
//
// with the videos oldest first, as fake.HeyGenRecord (state.json) or
// fake.JobRecord (fal.json, pixeldojo.json) encodes them.
type stateDoc[R any] struct {
	Version int `json:"version"`
	Videos  []R `json:"videos"`
}

// state is one state file, and in memory its records as last read or
// written. Every save re-reads the file under a lock on its folder,
// merges the one record and replaces the file by rename, so processes
// sharing the folder keep each other's videos and a reader never sees
// half a file. A lookup the memory cannot answer reads the file again,
// for videos another process created since.
type state[R any] struct {
	dir, path string
	max       int
	id        func(R) string
	created   func(R) time.Time

	mu     sync.Mutex
	videos map[string]R
	err    error // the first save that failed
}

// heygenState is the HeyGen fake's fake.HeyGenStore; jobState is the
// other fakes' fake.JobStore.
type (
	heygenState struct{ *state[fake.HeyGenRecord] }
	jobState    struct{ *state[fake.JobRecord] }
)

// openState opens the HeyGen fake's state file name in dir.
func openState(dir, name string) (heygenState, error) {
	st, err := openFile(dir, name, func(r fake.HeyGenRecord) string { return r.ID },
		func(r fake.HeyGenRecord) time.Time { return r.Created })
	return heygenState{st}, err
}

// openJobs opens a fake's state file name in dir.
func openJobs(dir, name string) (jobState, error) {
	st, err := openFile(dir, name, func(r fake.JobRecord) string { return r.ID },
		func(r fake.JobRecord) time.Time { return r.Created })
	return jobState{st}, err
}

// openFile makes the folder, checks that it can be locked and loads the
// state file.
func openFile[R any](dir, name string, id func(R) string, created func(R) time.Time) (*state[R], error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	s := &state[R]{dir: dir, path: filepath.Join(dir, name), max: MaxJobs, id: id, created: created}
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
func (s *state[R]) read() (stateDoc[R], error) {
	doc := stateDoc[R]{Version: stateVersion}
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
func (s *state[R]) reload() (map[string]R, error) {
	doc, err := s.read()
	if err != nil {
		return nil, err
	}
	return s.remember(doc), nil
}

func (s *state[R]) remember(doc stateDoc[R]) map[string]R {
	m := make(map[string]R, len(doc.Videos))
	for _, r := range doc.Videos {
		m[s.id(r)] = r
	}
	s.mu.Lock()
	s.videos = m
	s.mu.Unlock()
	return m
}

// keep merges one record into the file, keeping the newest max, and
// remembers the first failure.
func (s *state[R]) keep(rec R) error {
	err := s.save(rec)
	if err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = fmt.Errorf("%s: keeping video %s: %w", Name, s.id(rec), err)
		}
		s.mu.Unlock()
	}
	return err
}

func (s *state[R]) save(rec R) error {
	l, err := lockDir(s.dir)
	if err != nil {
		return err
	}
	defer l.unlock()
	doc, err := s.read()
	if err != nil {
		return err
	}
	if i := slices.IndexFunc(doc.Videos, func(r R) bool { return s.id(r) == s.id(rec) }); i >= 0 {
		doc.Videos[i] = rec
	} else {
		doc.Videos = append(doc.Videos, rec)
	}
	slices.SortStableFunc(doc.Videos, func(a, b R) int {
		return cmp.Or(s.created(a).Compare(s.created(b)), cmp.Compare(s.id(a), s.id(b)))
	})
	if n := len(doc.Videos) - s.max; n > 0 {
		doc.Videos = slices.Delete(doc.Videos, 0, n)
	}
	doc.Version = stateVersion
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(s.path, append(data, '\n'), atomicfile.Options{Durable: true, Perm: 0o600}); err != nil {
		return err
	}
	s.remember(doc)
	return nil
}

// lookup finds a record by id in memory, else in the file as it is now.
func (s *state[R]) lookup(id string) (R, bool) {
	return s.find(func(m map[string]R) (R, bool) {
		r, ok := m[id]
		return r, ok
	})
}

func (s *state[R]) find(in func(map[string]R) (R, bool)) (R, bool) {
	s.mu.Lock()
	r, ok := in(s.videos)
	s.mu.Unlock()
	if ok {
		return r, true
	}
	m, err := s.reload()
	if err != nil {
		var none R
		return none, false
	}
	return in(m)
}

// Err is the first save that failed.
func (s *state[R]) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// SaveVideo, LoadVideo and LoadKey make heygenState a fake.HeyGenStore.
func (s heygenState) SaveVideo(rec fake.HeyGenRecord) error { return s.keep(rec) }

func (s heygenState) LoadVideo(id string) (fake.HeyGenRecord, bool) { return s.lookup(id) }

// LoadKey finds the newest video created with an Idempotency-Key.
func (s heygenState) LoadKey(key string) (fake.HeyGenRecord, bool) {
	return s.find(func(m map[string]fake.HeyGenRecord) (best fake.HeyGenRecord, found bool) {
		for _, r := range m {
			if r.Key == key && (!found || r.Created.After(best.Created)) {
				best, found = r, true
			}
		}
		return best, found
	})
}

// SaveJob and LoadJob make jobState a fake.JobStore.
func (s jobState) SaveJob(rec fake.JobRecord) error { return s.keep(rec) }

func (s jobState) LoadJob(id string) (fake.JobRecord, bool) { return s.lookup(id) }

// photoState is the HeyGen fake's fake.HeyGenPhotoStore: its photo avatar
// groups, one record each, kept like its videos.
type photoState struct{ *state[fake.HeyGenPhotoRecord] }

// openPhotos opens the HeyGen fake's photo avatar state file name in dir.
func openPhotos(dir, name string) (photoState, error) {
	st, err := openFile(dir, name, func(r fake.HeyGenPhotoRecord) string { return r.ID },
		func(r fake.HeyGenPhotoRecord) time.Time { return r.Created })
	return photoState{st}, err
}

// SavePhotoGroup and LoadPhotoGroups make photoState a
// fake.HeyGenPhotoStore.
func (s photoState) SavePhotoGroup(rec fake.HeyGenPhotoRecord) error { return s.keep(rec) }

// LoadPhotoGroups reads the file as it is now, oldest group first: another
// process may have made or trained a group since.
func (s photoState) LoadPhotoGroups() []fake.HeyGenPhotoRecord {
	m, err := s.reload()
	if err != nil {
		return nil
	}
	out := make([]fake.HeyGenPhotoRecord, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b fake.HeyGenPhotoRecord) int {
		return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID))
	})
	return out
}
