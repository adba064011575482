// Package sandbox is reel's default for trying it without an account: the
// HeyGen v3 fake started in-process on loopback, with a wall clock and
// fast timelines (a video is done in about two seconds), no key and no
// cost, serving small real videos. Because it is the same fake the HeyGen
// client is tested against, a project that renders in the sandbox sends
// bodies HeyGen's published v3 schema accepts.
package sandbox

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
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
}

// Start runs the sandbox on 127.0.0.1. Close stops it.
func Start() (*Sandbox, error) {
	m, err := Media()
	if err != nil {
		return nil, err
	}
	f := fake.NewHeyGen(fake.HeyGenOptions{
		Options: fake.Options{Clock: fake.WallClock{}, Timeline: Timeline, Media: m, MediaTTL: time.Hour},
		API:     fake.HeyGenV3,
		Credits: 1 << 50, // free: the account never runs dry
	})
	c, err := heygen.New(heygen.Config{API: heygen.V3, BaseURL: f.BaseURL(), Key: f.Key()})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	return &Sandbox{fake: f, client: c}, nil
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

// Close stops the sandbox's servers.
func (s *Sandbox) Close() { s.fake.Close() }

// named renames the v3 client; its Voices and Avatars come along.
type named struct{ *heygen.Client }

func (named) Name() string { return Name }
