// Package sandbox is reel's dress rehearsal: every video goes to the fake
// of its own provider and API (HeyGen v3, v2 and Avatar IV, fal,
// PixelDojo), started in-process on loopback with a wall clock and fast
// timelines (a video is done in about two seconds), no key and no cost,
// serving small real videos. Because they are the fakes the clients are
// tested against, with that API's limits and a small catalog (an id the
// real API would refuse is refused the same way), a project that renders
// in the sandbox sends bodies the real APIs accept. Each client is named
// provider.SandboxName of the real one ("sandbox:heygen/v3"), so the lock
// never takes a sandbox render for a real one.
//
// The sandbox outlives its process as an account does: every video its
// fakes accept is kept in a small state file per fake (StateFile, FalFile
// and PixelDojoFile in the folder Start uses, by default the user cache
// folder's reel/sandbox), so a later run polls, resumes and re-downloads
// the jobs reel.lock records. Job ids are random, so no two processes
// hand out the same one. Uploaded files are not kept: the HeyGen fake
// derives their ids from their content, so the file reel uploads again
// before every create gets the id it had, and a create re-sent with its
// Idempotency-Key by a later run sends the same body and is replayed, not
// charged again.
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
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/fal"
	"github.com/reel-dev/reel/render/provider/heygen"
	"github.com/reel-dev/reel/render/provider/pixeldojo"
)

// Name is the sandbox's name in messages.
const Name = "sandbox"

// media holds one clip per aspect ratio (copies of testdata/media): the
// sandbox renders every request to the clip of its aspect_ratio, and to the
// WebM when output_format is webm.
//
//go:embed media/*.mp4 media/*.webm
var media embed.FS

// Timeline is how long a sandbox video waits and renders: long enough to
// show each state in `reel render`, short enough not to bore.
var Timeline = fake.Timeline{Queued: 500 * time.Millisecond, Processing: 1500 * time.Millisecond}

// Sandbox is a running set of fakes, one per vendor, and clients of
// them. The HeyGen fake starts with the sandbox; fal's and PixelDojo's on
// first use.
type Sandbox struct {
	dir   string
	clock fake.Clock
	media map[string][]byte
	fake  *fake.HeyGen
	state heygenState

	mu      sync.Mutex
	fal     *fake.Fal
	pd      *fake.PixelDojo
	jobs    []jobState
	clients map[string]provider.Provider
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
// expiry follow: the wall clock, or a test's manual one.
func startOn(dir string, clock fake.Clock) (*Sandbox, error) {
	m, err := Media()
	if err != nil {
		return nil, err
	}
	st, err := openState(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	f := fake.NewHeyGen(fake.HeyGenOptions{
		Options: options(clock, m),
		API:     fake.HeyGenV3,
		Credits: 1 << 50, // free: the account never runs dry
		Store:   st,
		// the same file re-uploaded by a later run gets the same id
		ContentAssetIDs: true,
		StrictCatalog:   true,
	})
	return &Sandbox{dir: dir, clock: clock, media: m, fake: f, state: st, clients: map[string]provider.Provider{}}, nil
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

// Provider is the HeyGen v3 client pointed at the sandbox; it is also a
// provider.Catalog.
func (s *Sandbox) Provider() provider.Provider {
	p, _ := s.Open("heygen/v3") // the HeyGen fake is running: only an unknown API fails
	return p
}

// Open returns the client of the fake that stands in for real, a
// provider and API as reel.lock names them (heygen/v3, heygen/v2,
// heygen/av4, fal, pixeldojo), starting the fake on first use.
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

// client makes the client for real; s.mu is held.
func (s *Sandbox) client(real string) (provider.Provider, error) {
	name := provider.SandboxName(real)
	switch real {
	case "heygen/v3", "heygen/v2", "heygen/av4":
		c, err := heygen.New(heygen.Config{API: real[len("heygen/"):], BaseURL: s.fake.BaseURL(), UploadURL: s.fake.UploadURL(), Key: s.fake.Key()})
		if err != nil {
			return nil, err
		}
		return catalogued{c, name}, nil
	case "fal":
		f, err := s.startFal()
		if err != nil {
			return nil, err
		}
		c, err := fal.New(fal.Config{QueueURL: f.QueueURL(), RestURL: f.RestURL(), Key: f.Key()})
		if err != nil {
			return nil, err
		}
		return reseller{c, name, "fal"}, nil
	case "pixeldojo":
		p, err := s.startPixelDojo()
		if err != nil {
			return nil, err
		}
		c, err := pixeldojo.New(pixeldojo.Config{BaseURL: p.BaseURL(), Key: p.Key()})
		if err != nil {
			return nil, err
		}
		return reseller{c, name, "PixelDojo"}, nil
	}
	return nil, fmt.Errorf("no fake of %q", real)
}

// startFal starts the fal fake with its state file; s.mu is held.
func (s *Sandbox) startFal() (*fake.Fal, error) {
	if s.fal == nil {
		st, err := openJobs(s.dir, FalFile)
		if err != nil {
			return nil, err
		}
		o := options(s.clock, s.media)
		o.Jobs = st
		s.fal, s.jobs = fake.NewFal(fake.FalOptions{Options: o, Voices: Voices}), append(s.jobs, st)
	}
	return s.fal, nil
}

// startPixelDojo starts the PixelDojo fake with its state file; s.mu is
// held.
func (s *Sandbox) startPixelDojo() (*fake.PixelDojo, error) {
	if s.pd == nil {
		st, err := openJobs(s.dir, PixelDojoFile)
		if err != nil {
			return nil, err
		}
		o := options(s.clock, s.media)
		o.Jobs = st
		s.pd = fake.NewPixelDojo(fake.PixelDojoOptions{Options: o, Credits: 1 << 50, Voices: Voices})
		s.jobs = append(s.jobs, st)
	}
	return s.pd, nil
}

// URL is the sandbox's HeyGen API root, for REEL_DEBUG=http output and
// curl.
func (s *Sandbox) URL() string { return s.fake.BaseURL() }

// StateFile is the path of the file the sandbox keeps its HeyGen videos
// in.
func (s *Sandbox) StateFile() string { return s.state.path }

// Err is the first failure to write a state file, if any: the videos
// since are served by this sandbox but unknown to a later one.
func (s *Sandbox) Err() error {
	if err := s.state.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.jobs {
		if err := st.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Close stops the sandbox's servers.
func (s *Sandbox) Close() {
	s.fake.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fal != nil {
		s.fal.Close()
	}
	if s.pd != nil {
		s.pd.Close()
	}
}
