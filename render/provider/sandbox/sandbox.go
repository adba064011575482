// Package sandbox is reel's default for trying it without an account: the
// HeyGen v3 fake started in-process on loopback, with a wall clock and
// fast timelines (a video is done in about two seconds), no key and no
// cost, serving small real videos. Because it is the same fake the HeyGen
// client is tested against, a project that renders in the sandbox sends
// bodies HeyGen's published v3 schema accepts.
//
// The sandbox outlives its process as an account does: every video it
// accepts is kept in a small state file (StateFile in the folder Start
// uses, by default the user cache folder's reel/sandbox), so a later run
// polls, resumes and re-downloads the jobs reel.lock records. Job ids are
// random, so no two processes hand out the same one. Uploaded files are
// not kept: their ids are derived from their content, so the file reel
// uploads again before every create gets the id it had, and a create
// re-sent with its Idempotency-Key by a later run sends the same body and
// is replayed, not charged again.
package sandbox

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/heygen"
)

// Name is the provider's name in reel.yaml, messages and the lock.
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

// Sandbox is a running fake HeyGen and a client of it.
type Sandbox struct {
	fake   *fake.HeyGen
	client *heygen.Client
	state  *state
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
		Options: fake.Options{Clock: clock, Timeline: Timeline, Media: m, MediaTTL: time.Hour, RandomIDs: true},
		API:     fake.HeyGenV3,
		Credits: 1 << 50, // free: the account never runs dry
		Store:   st,
		// the same file re-uploaded by a later run gets the same id
		ContentAssetIDs: true,
	})
	c, err := heygen.New(heygen.Config{API: heygen.V3, BaseURL: f.BaseURL(), Key: f.Key()})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return &Sandbox{fake: f, client: c, state: st}, nil
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

// Provider is the HeyGen v3 client pointed at the sandbox, named
// "sandbox"; it is also a provider.Catalog.
func (s *Sandbox) Provider() provider.Provider { return named{s.client} }

// URL is the sandbox API's root, for REEL_DEBUG=http output and curl.
func (s *Sandbox) URL() string { return s.fake.BaseURL() }

// StateFile is the path of the file the sandbox keeps its videos in.
func (s *Sandbox) StateFile() string { return s.state.path }

// Err is the first failure to write the state file, if any: the videos
// since are served by this sandbox but unknown to a later one.
func (s *Sandbox) Err() error { return s.state.Err() }

// Close stops the sandbox's servers.
func (s *Sandbox) Close() { s.fake.Close() }

// named renames the v3 client; its Voices and Avatars come along.
type named struct{ *heygen.Client }

func (named) Name() string { return Name }
