// Package sandbox is reel's dress rehearsal: every video goes to the fake
// of its own provider and API, started in-process on loopback with a wall
// clock and fast timelines (a video is done in about two seconds), no key
// and no cost, serving small real videos. Because they are the fakes the
// clients are tested against, with that API's limits and a small catalog
// (an id the real API would refuse is refused the same way), a project
// that renders in the sandbox sends bodies the real APIs accept. Each
// provider says how its fake starts (facts.Provider.Fake); each client is
// named registry.SandboxName of the real one ("sandbox:heygen/v3"), so the
// lock never takes a sandbox render for a real one.
//
// The sandbox outlives its process as an account does: every video its
// fakes accept is kept in a small state file per fake, named by its
// provider (state.json for HeyGen's, fal.json, ...), in the folder Start
// uses, by default the user cache folder's reel/sandbox, so a later run
// polls, resumes and re-downloads the jobs reel.lock records. Job ids are
// random, so no two processes hand out the same one.
package sandbox

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/facts"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/registry"
)

// Name is the sandbox's name in messages.
const Name = registry.Sandbox

// media holds one clip per aspect ratio (copies of testdata/media): the
// sandbox renders every request to the clip of its aspect_ratio, and to the
// WebM when output_format is webm.
//
//go:embed media/*.mp4 media/*.webm
var media embed.FS

// Timeline is how long a sandbox video waits and renders: long enough to
// show each state in `reel render`, short enough not to bore.
var Timeline = fake.Timeline{Queued: 500 * time.Millisecond, Processing: 1500 * time.Millisecond}

// Sandbox is a running set of fakes, one per provider, and clients of
// them. The default provider's fake starts with the sandbox, the others
// on first use.
type Sandbox struct {
	dir   string
	clock fake.Clock
	media map[string][]byte

	mu      sync.Mutex
	fakes   map[string]facts.Fake // by provider
	states  []interface{ Err() error }
	clients map[string]provider.Provider // by the real API's lock name
}

// DefaultDir is the folder Start keeps its state in: reel/sandbox under
// the user cache folder ($XDG_CACHE_HOME or ~/.cache on Linux,
// ~/Library/Caches on macOS).
func DefaultDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "reel", "sandbox"), nil
}

// Start runs the sandbox on 127.0.0.1, with its state in DefaultDir.
// Close stops it.
func Start() (*Sandbox, error) {
	dir, err := DefaultDir()
	if err != nil {
		return nil, fmt.Errorf("%s: no folder to keep its videos in: %w", Name, err)
	}
	return StartIn(dir)
}

// StartIn runs the sandbox on 127.0.0.1 with its state in dir, which it
// creates; sandboxes started in the same folder, at once or one after
// another, in this process or others, serve the same videos.
func StartIn(dir string) (*Sandbox, error) { return startOn(dir, fake.WallClock{}) }

// startOn is StartIn on clock, which its videos' timelines and media
// expiry follow: the wall clock, or a test's manual one. The default
// provider's fake starts at once, so that a state file it cannot read is
// refused before anything is sent.
func startOn(dir string, clock fake.Clock) (*Sandbox, error) {
	m, err := Media()
	if err != nil {
		return nil, err
	}
	s := &Sandbox{dir: dir, clock: clock, media: m, fakes: map[string]facts.Fake{}, clients: map[string]provider.Provider{}}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.fakeOf(registry.Default()); err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return s, nil
}

// options are what every fake of the sandbox shares.
func options(clock fake.Clock, media map[string][]byte) fake.Options {
	return fake.Options{Clock: clock, Timeline: Timeline, Media: media, MediaTTL: time.Hour, RandomIDs: true}
}

// Media returns the embedded clips by file name ("9x16.mp4").
func Media() (map[string][]byte, error) {
	names, err := fs.Glob(media, "media/*")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, n := range names {
		if out[path.Base(n)], err = media.ReadFile(n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Provider is the client of the default provider's default API (HeyGen
// v3) pointed at the sandbox; it is also a provider.Catalog.
func (s *Sandbox) Provider() provider.Provider {
	d := registry.Default()
	p, _ := s.Open(d.Lock(d.APIs[0].Name)) // its fake is running: only an unknown API fails
	return p
}

// Open returns the client of the fake that stands in for real, a
// provider and API as reel.lock names them (heygen/v3, fal, ...),
// starting the fake on first use.
func (s *Sandbox) Open(real string) (provider.Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.clients[real]; ok {
		return p, nil
	}
	p, err := s.client(real)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	s.clients[real] = p
	return p, nil
}

// client makes the client for real under its sandbox name; s.mu is held.
func (s *Sandbox) client(real string) (provider.Provider, error) {
	p, api, ok := registry.ByLock(real)
	if !ok {
		return nil, fmt.Errorf("no fake of %q", real)
	}
	f, err := s.fakeOf(p)
	if err != nil {
		return nil, err
	}
	c, err := f.Client(api)
	if err != nil {
		return nil, err
	}
	return rename(c, registry.SandboxName(real)), nil
}

// fakeOf is p's fake, started on first use; s.mu is held.
func (s *Sandbox) fakeOf(p *facts.Provider) (facts.Fake, error) {
	if f, ok := s.fakes[p.Name]; ok {
		return f, nil
	}
	f, err := p.Fake(s.lend())
	if err != nil {
		return nil, err
	}
	s.fakes[p.Name] = f
	return f, nil
}

// lend is what the sandbox gives a fake it starts: its options, its
// voices and its folder's state files; s.mu is held while they are
// opened.
func (s *Sandbox) lend() *facts.Sandbox {
	return &facts.Sandbox{
		Options: options(s.clock, s.media),
		Voices:  Voices,
		Jobs: func(file string) (fake.JobStore, error) {
			st, err := openJobs(s.dir, file)
			if err == nil {
				s.states = append(s.states, st)
			}
			return st, err
		},
		Videos: func(file string) (fake.HeyGenStore, error) {
			st, err := openState(s.dir, file)
			if err == nil {
				s.states = append(s.states, st)
			}
			return st, err
		},
		Photos: func(file string) (fake.HeyGenPhotoStore, error) {
			st, err := openPhotos(s.dir, file)
			if err == nil {
				s.states = append(s.states, st)
			}
			return st, err
		},
	}
}

// Photos returns the photo avatar account of the fake that stands in for
// the provider named vendor (heygen), starting the fake on first use,
// under its sandbox name.
func (s *Sandbox) Photos(vendor string) (provider.PhotoAvatars, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := registry.Lookup(vendor)
	if !ok {
		return nil, fmt.Errorf("%s: no fake of %q", Name, vendor)
	}
	f, err := s.fakeOf(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	pf, ok := f.(facts.PhotoFake)
	if !ok {
		return nil, fmt.Errorf("%s: %s trains no photo avatars", Name, p.Display)
	}
	acct, err := pf.Photos()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return renamedPhotos{acct, registry.SandboxName(vendor)}, nil
}

// renamedPhotos is a fake's photo avatar account under its sandbox name.
type renamedPhotos struct {
	provider.PhotoAvatars
	name string
}

func (r renamedPhotos) Name() string { return r.name }

// server is the server of the named provider's fake, if it was started.
func (s *Sandbox) server(name string) *fake.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.fakes[name]; ok {
		return f.Server()
	}
	return nil
}

// Err is the first failure to write a state file, if any: the videos
// since are served by this sandbox but unknown to a later one.
func (s *Sandbox) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.states {
		if err := st.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Close stops the sandbox's servers.
func (s *Sandbox) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.fakes {
		f.Close()
	}
}
